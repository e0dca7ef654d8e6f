using System.Linq;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Training
{
    /// <summary>The trainer's fast paths compute what the per-tensor and two-pass versions compute.</summary>
    [TestClass]
    public sealed class FlatTrainingTests
    {
        private static Sequential Network(int seed)
        {
            torch.manual_seed(seed);
            return MlpNetworks.Generator(3, new[] { 8, 5 }, 2);
        }

        private static void Backward(Sequential network, int step)
        {
            using var scope = torch.NewDisposeScope();
            using var rng = new torch.Generator((ulong)(100 + step), torch.CPU);
            var x = torch.randn(16, 3, generator: rng);
            network.forward(x).square().mean().backward();
        }

        [TestMethod]
        public void FusedAdamFollowsTorchSharpsAdamAndKeepsItsStatePerTensor()
        {
            using var reference = Network(7);
            using var flat = Network(7);
            using var referenceAdam = optim.Adam(reference.parameters(), 0.01, 0.5, 0.999);
            using var adam = optim.Adam(flat.parameters(), 0.01, 0.5, 0.999);
            using var buffers = new FlatParameters(flat.parameters().ToArray());
            using var fused = new FusedAdam(adam, buffers, 0.5, 0.999);
            var start = flat.parameters().Select(p => p.detach().clone()).ToArray();
            for (int step = 0; step < 5; step++)
            {
                referenceAdam.zero_grad();
                Backward(reference, step);
                referenceAdam.step();
                buffers.ZeroGradients();
                Backward(flat, step);
                fused.Step();
            }
            var expected = reference.parameters().ToArray();
            var actual = flat.parameters().ToArray();
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.IsTrue(expected[i].allclose(actual[i], rtol: 1e-5, atol: 1e-6), $"parameter {i}");
                Assert.IsFalse(start[i].allclose(actual[i]), $"parameter {i} was updated");
            }
            // The saved state is per tensor and equal to the reference optimizer's.
            var referenceStates = referenceAdam.state_dict().State.Cast<Adam.State>().ToArray();
            var states = adam.state_dict().State.Cast<Adam.State>().ToArray();
            for (int i = 0; i < states.Length; i++)
            {
                Assert.AreEqual(referenceStates[i].step, states[i].step);
                Assert.IsTrue(referenceStates[i].exp_avg_sq.allclose(states[i].exp_avg_sq, rtol: 1e-5, atol: 1e-9), $"second moment {i}");
            }
        }

        [TestMethod]
        public void FlatGradientNormAndClippingMatchClipGradNorm()
        {
            using var reference = Network(3);
            using var flat = Network(3);
            using var buffers = new FlatParameters(flat.parameters().ToArray());
            foreach (var p in reference.parameters())
                p.grad?.zero_();
            Backward(reference, 0);
            buffers.ZeroGradients();
            Backward(flat, 0);
            double expected = nn.utils.clip_grad_norm_(reference.parameters(), 0.01);
            using var norm = buffers.ClipGradients(0.01);
            Assert.AreEqual(expected, norm.item<float>(), 1e-5 * expected);
            Assert.IsTrue(expected > 0.01, "the test clips");
            var referenceGradients = reference.parameters().Select(p => p.grad!).ToArray();
            var gradients = flat.parameters().Select(p => p.grad!).ToArray();
            for (int i = 0; i < gradients.Length; i++)
                Assert.IsTrue(referenceGradients[i].allclose(gradients[i], rtol: 1e-5, atol: 1e-8), $"clipped gradient {i}");
        }

        [TestMethod]
        public void APassDependentLayerSuchAsSeededDropoutKeepsTheCriticFromScoringPacksInOnePass()
        {
            using var masks = new torch.Generator(1, torch.CPU);
            using var plain = new Discriminator(nn.Sequential(("linear", nn.Linear(3, 4))), 4, 0, 1, false);
            using var dropped = new Discriminator(nn.Sequential(("linear", nn.Linear(3, 4)), ("dropout", new SeededDropout(0.5, masks))), 4, 0, 1, false);
            Assert.IsTrue(plain.ScoresPacksApart);
            Assert.IsFalse(dropped.ScoresPacksApart, "dropout draws its masks per pass");
        }

        [TestMethod]
        public void OneCriticPassGivesTheTwoPassesScoresOnlyWhereNothingMixesRows()
        {
            var spec = new MlpSpec(2, 0, 3, new[] { 8 }, new[] { 8 });
            torch.manual_seed(5);
            using var critic = spec.CreateDiscriminator(packing: 2, minibatchStdDev: false, batchNorm: true);
            using var withSpread = spec.CreateDiscriminator(packing: 2, minibatchStdDev: true, batchNorm: true);
            Assert.IsTrue(critic.ScoresPacksApart);
            Assert.IsFalse(withSpread.ScoresPacksApart, "the minibatch deviation mixes rows");
            using var real = torch.randn(8, 3);
            using var fake = torch.randn(8, 3) + 3;
            using var both = critic.forward(torch.cat(new[] { real, fake }, 0), null);
            Assert.IsTrue(critic.forward(real, null).allclose(both.narrow(0, 0, 4), rtol: 1e-5, atol: 1e-6));
            Assert.IsTrue(critic.forward(fake, null).allclose(both.narrow(0, 4, 4), rtol: 1e-5, atol: 1e-6));
            using var mixed = withSpread.forward(torch.cat(new[] { real, fake }, 0), null);
            Assert.IsFalse(withSpread.forward(real, null).allclose(mixed.narrow(0, 0, 4), rtol: 1e-5, atol: 1e-6), "two passes differ here");
        }
    }
}
