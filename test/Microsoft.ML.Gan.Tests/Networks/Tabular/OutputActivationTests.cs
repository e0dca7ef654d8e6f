using System;
using System.Linq;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Networks.Tabular
{
    [TestClass]
    public sealed class OutputActivationTests
    {
        // [tanh][3-way one-hot][tanh][2-way one-hot]
        private static readonly OutputSpan[] Spans =
        {
            new(0, 1, SpanKind.Tanh), new(1, 3, SpanKind.Softmax), new(4, 1, SpanKind.Tanh), new(5, 2, SpanKind.Softmax),
        };

        [TestMethod]
        public void TanhOnScalarsAndGumbelSoftmaxOnGroups()
        {
            using var scope = torch.NewDisposeScope();
            var activation = new OutputActivation(Spans);
            var x = torch.randn(256, 7, generator: new torch.Generator(2)) * 3;
            var y = activation.Relaxed(x, new torch.Generator(1));
            CollectionAssert.AreEqual(new long[] { 256, 7 }, y.shape);
            Assert.IsTrue(y.narrow(1, 0, 1).allclose(x.narrow(1, 0, 1).tanh()));
            Assert.IsTrue(y.narrow(1, 4, 1).allclose(x.narrow(1, 4, 1).tanh()));
            Assert.IsTrue(y.narrow(1, 1, 3).sum(1).allclose(torch.ones(256), atol: 1e-5));
            Assert.IsTrue(y.narrow(1, 5, 2).sum(1).allclose(torch.ones(256), atol: 1e-5));
            // τ = 0.2: nearly one-hot.
            double peaked = y.narrow(1, 1, 3).amax(new long[] { 1 }).gt(0.9).to_type(ScalarType.Float32).mean().item<float>();
            Assert.IsTrue(peaked > 0.8, $"share of near one-hot rows {peaked}");
        }

        [TestMethod]
        public void NoiseComesFromTheSuppliedGenerator()
        {
            using var scope = torch.NewDisposeScope();
            var activation = new OutputActivation(Spans);
            var x = torch.zeros(64, 7);
            var a = activation.Relaxed(x, new torch.Generator(5));
            torch.manual_seed(123);   // the global generator must not matter
            var b = activation.Relaxed(x, new torch.Generator(5));
            var c = activation.Relaxed(x, new torch.Generator(6));
            Assert.IsTrue(a.eq(b).all().item<bool>());
            Assert.IsFalse(a.eq(c).all().item<bool>());
        }

        [TestMethod]
        public void TrainingWithoutNoiseGeneratorOrWithTheWrongWidthFails()
        {
            var activation = new OutputActivation(Spans);
            using var x = torch.zeros(4, 7);
            Assert.ThrowsExactly<ArgumentNullException>(() => activation.Relaxed(x, null!));
            using var wrong = torch.zeros(4, 6);
            using var noise = new torch.Generator(1);
            var e = Assert.ThrowsExactly<ArgumentException>(() => activation.Relaxed(wrong, noise));
            StringAssert.Contains(e.Message, "7");
        }

        [TestMethod]
        public void EvalGivesHardSamplesAtTheSoftmaxFrequencies()
        {
            using var scope = torch.NewDisposeScope();
            var activation = new OutputActivation(new[] { new OutputSpan(0, 2, SpanKind.Softmax) });
            // logits (0, ln 3): the second category has probability 3/4.
            var x = torch.tensor(new[] { 0f, (float)Math.Log(3) }).expand(20000, 2);
            var y = activation.Sample(x, new torch.Generator(3));
            Assert.IsTrue(y.sum(1).eq(1).all().item<bool>(), "hard one-hots");
            Assert.IsTrue(y.eq(0).logical_or(y.eq(1)).all().item<bool>());
            Assert.AreEqual(0.75, y.narrow(1, 1, 1).mean().item<float>(), 0.015);
            Assert.IsTrue(activation.Sample(x, null).narrow(1, 1, 1).eq(1).all().item<bool>(), "no noise: argmax of the logits");
        }

        [TestMethod]
        public void GradientsFlowThroughEverySpan()
        {
            using var scope = torch.NewDisposeScope();
            var activation = new OutputActivation(Spans);
            var x = torch.randn(32, 7, generator: new torch.Generator(2)).requires_grad_(true);
            var weights = torch.randn(7, generator: new torch.Generator(3));
            (activation.Relaxed(x, new torch.Generator(1)) * weights).sum().backward();
            var perColumn = x.grad!.abs().sum(new long[] { 0 });
            Assert.IsTrue(perColumn.gt(0).all().item<bool>(), string.Join(", ", perColumn.data<float>().ToArray()));
        }
    }
}
