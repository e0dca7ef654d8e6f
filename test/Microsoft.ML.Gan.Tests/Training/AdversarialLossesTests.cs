using System;
using Microsoft.ML.Gan.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Training
{
    [TestClass]
    public sealed class AdversarialLossesTests
    {
        [TestMethod]
        public void UndecidedDiscriminatorLosesLogTwoOnEachSide()
        {
            using var zeros = torch.zeros(8, 1);
            using var d = AdversarialLosses.Discriminator(GanLoss.NonSaturating, zeros, zeros);
            Assert.AreEqual(2 * Math.Log(2), d.item<float>(), 1e-5);
            using var g = AdversarialLosses.Generator(GanLoss.NonSaturating, zeros);
            Assert.AreEqual(Math.Log(2), g.item<float>(), 1e-5);
            using var m = AdversarialLosses.Generator(GanLoss.Minimax, zeros);
            Assert.AreEqual(-Math.Log(2), m.item<float>(), 1e-5);
        }

        [TestMethod]
        public void LossesStayFiniteForExtremeLogits()
        {
            using var huge = torch.full(4, 1, 1e4f);
            using var tiny = torch.full(4, 1, -1e4f);
            using var d = AdversarialLosses.Discriminator(GanLoss.NonSaturating, tiny, huge);
            Assert.IsTrue(float.IsFinite(d.item<float>()), "discriminator loss from logits does not overflow");
            Assert.AreEqual(2e4, d.item<float>(), 1.0);
            using var g = AdversarialLosses.Generator(GanLoss.NonSaturating, tiny);
            Assert.AreEqual(1e4, g.item<float>(), 1.0);
        }

        [TestMethod]
        public void MinimaxGradientVanishesWhereNonSaturatingDoesNot()
        {
            // When D confidently rejects fakes (logit -10), the minimax generator gradient is ~sigmoid(-10),
            // the non-saturating one ~1: the reason non-saturating is the default.
            using var logits = torch.full(1, 1, -10f, requires_grad: true);
            AdversarialLosses.Generator(GanLoss.Minimax, logits).backward();
            float minimax = Math.Abs(logits.grad!.item<float>());
            logits.grad.zero_();
            AdversarialLosses.Generator(GanLoss.NonSaturating, logits).backward();
            float nonSaturating = Math.Abs(logits.grad.item<float>());
            Assert.IsTrue(minimax < 1e-4f, $"minimax gradient {minimax}");
            Assert.IsTrue(nonSaturating > 0.99f, $"non-saturating gradient {nonSaturating}");
        }
    }
}
