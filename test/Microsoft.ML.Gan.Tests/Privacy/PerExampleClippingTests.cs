using System;
using System.Linq;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Privacy;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Microsoft.ML.Gan.Tests.Privacy
{
    /// <summary>
    /// Per-example clipping against the slow way, one backward pass per example: the ghost norms, the clipped sum, and
    /// the check that one example's gradient moves the summed update by at most the clip norm.
    /// </summary>
    [TestClass]
    public sealed class PerExampleClippingTests
    {
        private const int Size = 3;
        private const int ConditionSize = 2;
        private const int Packing = 2;
        private const long DropoutSeed = 11;

        // A small CTGAN-like critic in double precision: packing 2, LeakyReLU, seeded dropout, projection conditioning.
        private static Discriminator Critic(torch.Generator masks, double dropout = 0.3)
        {
            torch.manual_seed(3);
            var features = nn.Sequential(
                ("linear0", nn.Linear(Size * Packing, 5)), ("lrelu0", nn.LeakyReLU(0.2)), ("dropout0", new SeededDropout(dropout, masks)),
                ("linear1", nn.Linear(5, 4)), ("lrelu1", nn.LeakyReLU(0.2)), ("dropout1", new SeededDropout(dropout, masks)));
            var critic = new Discriminator(features, 4, ConditionSize, Packing, minibatchStdDev: false);
            critic.to(ScalarType.Float64);
            return critic;
        }

        private static (Tensor X, Tensor Condition) Batch(long rows)
        {
            var rng = new torch.Generator(5);
            var x = torch.randn(rows, Size, dtype: ScalarType.Float64, generator: rng);
            var condition = torch.randn(rows, ConditionSize, dtype: ScalarType.Float64, generator: rng);
            return (x, condition);
        }

        // A discriminator loss per example, not averaged: the first half of the packs are real, the rest generated.
        private static Tensor Losses(Tensor output)
        {
            var scores = output.reshape(-1);
            long half = scores.shape[0] / 2;
            return torch.cat(new[] { F.softplus(-scores.narrow(0, 0, half)), F.softplus(scores.narrow(0, half, half)) }, 0);
        }

        // The Wasserstein critic's loss per example, which does not saturate however large an example is.
        private static Tensor WassersteinLosses(Tensor output)
        {
            var scores = output.reshape(-1);
            long half = scores.shape[0] / 2;
            return torch.cat(new[] { -scores.narrow(0, 0, half), scores.narrow(0, half, half) }, 0);
        }

        // Each example's gradient over all parameters, flattened, from one backward pass per example through the
        // critic's own forward, the dropout masks redrawn from the same seed each time.
        private static Tensor[] SlowGradients(Discriminator critic, torch.Generator masks, Tensor x, Tensor condition, Func<Tensor, Tensor> losses)
        {
            var parameters = critic.parameters().ToArray();
            long examples = x.shape[0] / Packing;
            var gradients = new Tensor[examples];
            for (int i = 0; i < examples; i++)
            {
                masks.manual_seed(DropoutSeed);
                var loss = losses(critic.forward(x, condition))[i];
                gradients[i] = torch.cat(torch.autograd.grad(new[] { loss }, parameters).Select(g => g.reshape(-1)).ToArray(), 0);
            }
            return gradients;
        }

        private static Tensor FlatGradient(Discriminator critic) =>
            torch.cat(critic.parameters().Select(p => p.grad!.reshape(-1)).ToArray(), 0);

        private static void ZeroGradients(Discriminator critic)
        {
            foreach (var p in critic.parameters())
                p.grad = null;
        }

        [TestMethod]
        public void GhostNormsEqualOneBackwardPerExample()
        {
            using var scope = torch.NewDisposeScope();
            var masks = new torch.Generator(0);
            using var critic = Critic(masks);
            critic.train();
            var (x, condition) = Batch(16);

            masks.manual_seed(DropoutSeed);
            var pass = new PerExampleClipping(critic).Forward(x, condition);
            var norms = pass.Norms(Losses(pass.Output));

            masks.manual_seed(DropoutSeed);
            var expectedOutput = critic.forward(x, condition);
            Assert.IsTrue(pass.Output.allclose(expectedOutput, rtol: 0, atol: 1e-12), "The clipping pass computes the critic's own output.");
            var slow = SlowGradients(critic, masks, x, condition, Losses);
            Assert.AreEqual(8L, norms.shape[0]);
            for (int i = 0; i < slow.Length; i++)
            {
                double expected = slow[i].norm().item<double>(), actual = norms[i].item<double>();
                Assert.IsTrue(expected > 0);
                Assert.AreEqual(expected, actual, 1e-5 * expected, $"example {i}");
            }
        }

        [TestMethod]
        public void ClippedSumEqualsSumOfClippedPerExampleGradients()
        {
            using var scope = torch.NewDisposeScope();
            var masks = new torch.Generator(0);
            using var critic = Critic(masks);
            critic.train();
            var (x, condition) = Batch(16);
            var slow = SlowGradients(critic, masks, x, condition, Losses);
            var slowNorms = slow.Select(g => g.norm().item<double>()).ToArray();
            // The median: some examples are clipped, some are not.
            double clip = slowNorms.OrderBy(n => n).ElementAt(slowNorms.Length / 2);
            var expected = torch.zeros_like(slow[0]);
            foreach (var (g, n) in slow.Zip(slowNorms))
                expected += Math.Min(1, clip / (n + 1e-6)) * g;

            ZeroGradients(critic);
            masks.manual_seed(DropoutSeed);
            var pass = new PerExampleClipping(critic).Forward(x, condition);
            pass.BackwardClipped(Losses(pass.Output), clip);
            var actual = FlatGradient(critic);

            Assert.IsTrue(slowNorms.Count(n => n > clip) >= 2 && slowNorms.Count(n => n < clip) >= 2, "The case clips some examples and not others.");
            double error = (actual - expected).norm().item<double>(), scale = expected.norm().item<double>();
            Assert.IsTrue(error <= 1e-5 * scale, $"clipped sum off by {error} (norm {scale})");
        }

        [TestMethod]
        public void OneExampleMovesTheSummedUpdateByAtMostTheClipNorm()
        {
            using var scope = torch.NewDisposeScope();
            const double Clip = 1.0;
            var masks = new torch.Generator(0);
            using var critic = Critic(masks, dropout: 0);
            critic.eval();
            var (x, condition) = Batch(16);
            // Pack 0 (rows 0 and 1, a real example) made huge; the batch without it drops those two rows.
            using (torch.no_grad())
                x.narrow(0, 0, Packing).mul_(1000);
            var without = x.narrow(0, Packing, x.shape[0] - Packing);
            var conditionWithout = condition.narrow(0, Packing, x.shape[0] - Packing);
            var clipping = new PerExampleClipping(critic);

            ZeroGradients(critic);
            var pass = clipping.Forward(x, condition);
            var norms = pass.BackwardClipped(WassersteinLosses(pass.Output), Clip);
            var withHuge = FlatGradient(critic).clone();

            // Without pack 0 the real half is one pack short: the loss of each pack keeps its sign by position.
            ZeroGradients(critic);
            var passWithout = clipping.Forward(without, conditionWithout);
            var scores = passWithout.Output.reshape(-1);
            var lossesWithout = torch.cat(new[] { -scores.narrow(0, 0, 3), scores.narrow(0, 3, 4) }, 0);
            passWithout.BackwardClipped(lossesWithout, Clip);
            var withoutHuge = FlatGradient(critic);

            var huge = SlowGradients(critic, masks, x, condition, WassersteinLosses)[0];
            Assert.IsTrue(huge.norm().item<double>() > 100 * Clip, "The example's own gradient is far beyond the clip norm.");
            Assert.AreEqual(huge.norm().item<double>(), norms[0].item<double>(), 1e-5 * huge.norm().item<double>());
            var difference = withHuge - withoutHuge;
            double moved = difference.norm().item<double>();
            Assert.IsTrue(moved <= Clip + 1e-5, $"one example moved the summed update by {moved}");
            // All of it is that example's own gradient scaled down to the clip norm, the others' contributions unchanged.
            Assert.IsTrue(moved >= Clip - 1e-5, $"the huge example moved the sum by only {moved}");
            double cosine = (difference.dot(huge) / (moved * huge.norm())).item<double>();
            Assert.AreEqual(1.0, cosine, 1e-9);
        }

        [TestMethod]
        public void LayersThatMixExamplesAreRefusedByName()
        {
            using var withBatchNorm = new Discriminator(nn.Sequential(("linear0", nn.Linear(Size, 4)), ("norm0", nn.BatchNorm1d(4)), ("lrelu0", nn.LeakyReLU(0.2))),
                4, 0, 1, minibatchStdDev: false);
            var error = Assert.ThrowsExactly<NotSupportedException>(() => new PerExampleClipping(withBatchNorm));
            StringAssert.Contains(error.Message, "features.norm0");
            StringAssert.Contains(error.Message, "BatchNorm1d");
            StringAssert.Contains(error.Message, "mixes the examples");

            using var withStdDev = new Discriminator(nn.Sequential(("linear0", nn.Linear(Size, 4)), ("lrelu0", nn.LeakyReLU(0.2))), 4, 0, 1, minibatchStdDev: true);
            error = Assert.ThrowsExactly<NotSupportedException>(() => new PerExampleClipping(withStdDev));
            StringAssert.Contains(error.Message, "minibatch standard deviation");

            using var withUnknown = new Discriminator(nn.Sequential(("linear0", nn.Linear(Size, 4)), ("softmax0", nn.Softmax(1))), 4, 0, 1, minibatchStdDev: false);
            error = Assert.ThrowsExactly<NotSupportedException>(() => new PerExampleClipping(withUnknown));
            StringAssert.Contains(error.Message, "features.softmax0");
        }
    }
}
