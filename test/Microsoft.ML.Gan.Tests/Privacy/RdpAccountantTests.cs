using System;
using System.Linq;
using Microsoft.ML.Gan.Privacy;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Privacy
{
    /// <summary>What the accountant must do whatever Opacus says: spend more with more steps, less with more noise, add up steps.</summary>
    [TestClass]
    public sealed class RdpAccountantTests
    {
        private static readonly double[] SampleRates = { 0.001, 0.01, 0.1, 0.5, 1.0 };
        private static readonly double[] NoiseMultipliers = { 0.5, 0.8, 1.0, 1.5, 3.0, 10.0 };
        private static readonly long[] StepCounts = { 1, 10, 100, 1000, 10000 };
        private const double Delta = 1e-5;

        [TestMethod]
        public void MoreStepsSpendMore()
        {
            foreach (double q in SampleRates)
                foreach (double sigma in NoiseMultipliers)
                {
                    var epsilons = StepCounts.Select(t => RdpAccountant.Compute(q, sigma, t, Delta).Epsilon).ToArray();
                    for (int k = 1; k < epsilons.Length; k++)
                        Assert.IsTrue(epsilons[k] > epsilons[k - 1], $"q = {q}, σ = {sigma}: {StepCounts[k]} steps spend {epsilons[k]}, {StepCounts[k - 1]} spend {epsilons[k - 1]}");
                }
        }

        [TestMethod]
        public void MoreNoiseSpendsLess()
        {
            foreach (double q in SampleRates)
                foreach (long steps in StepCounts)
                {
                    var epsilons = NoiseMultipliers.Select(s => RdpAccountant.Compute(q, s, steps, Delta).Epsilon).ToArray();
                    for (int k = 1; k < epsilons.Length; k++)
                        Assert.IsTrue(epsilons[k] < epsilons[k - 1], $"q = {q}, {steps} steps: σ = {NoiseMultipliers[k]} spends {epsilons[k]}, σ = {NoiseMultipliers[k - 1]} {epsilons[k - 1]}");
                }
        }

        [TestMethod]
        public void SmallerSamplingRateSpendsLess()
        {
            foreach (double sigma in NoiseMultipliers)
            {
                var epsilons = SampleRates.Select(q => RdpAccountant.Compute(q, sigma, 100, Delta).Epsilon).ToArray();
                for (int k = 1; k < epsilons.Length; k++)
                    Assert.IsTrue(epsilons[k] > epsilons[k - 1], $"σ = {sigma}: q = {SampleRates[k]} spends {epsilons[k]}, q = {SampleRates[k - 1]} {epsilons[k - 1]}");
            }
        }

        [TestMethod]
        public void FullSamplingIsThePlainGaussianMechanism()
        {
            foreach (double sigma in NoiseMultipliers)
                foreach (double alpha in new[] { 1.1, 1.5, 2, 2.5, 10, 32, 63, 256.5 })
                {
                    double expected = alpha / (2 * sigma * sigma);
                    Assert.AreEqual(expected, SampledGaussianRdp.Rdp(1, sigma, alpha), 1e-15 * expected, $"σ = {sigma}, α = {alpha}");
                    // The series meets the closed form as q → 1 (integer orders: their sum is exact there).
                    if (alpha == Math.Floor(alpha))
                        Assert.AreEqual(expected, SampledGaussianRdp.Rdp(1 - 1e-12, sigma, alpha), 1e-6 * expected, $"σ = {sigma}, α = {alpha}, q → 1");
                }
        }

        [TestMethod]
        public void SpecialCases()
        {
            Assert.AreEqual(0, SampledGaussianRdp.Rdp(0, 1, 2), "nothing sampled, nothing spent");
            Assert.AreEqual(double.PositiveInfinity, SampledGaussianRdp.Rdp(0.01, 0, 2), "no noise, no privacy");
            Assert.AreEqual(double.PositiveInfinity, RdpAccountant.Compute(0.01, 0, 10, Delta).Epsilon);
            Assert.AreEqual(0, new RdpAccountant().GetPrivacySpent(Delta).Epsilon, "no step, nothing spent");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Rdp(1.5, 1, 2));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SampledGaussianRdp.Rdp(0.1, 1, 1));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RdpAccountant.Compute(0.1, 1, 10, 0));
        }

        [TestMethod]
        public void ConversionIsBalleEtAlTheorem21AtTheBestOrder()
        {
            // One order: ε = ε_α + log((α − 1)/α) − (log δ + log α)/(α − 1), by hand.
            double alpha = 8, rdp = 0.5, delta = 1e-6;
            double expected = rdp + Math.Log(7.0 / 8) - (Math.Log(delta) + Math.Log(8)) / 7;
            var one = RdpConversion.ToEpsilon(new[] { alpha }, new[] { rdp }, delta);
            Assert.AreEqual(expected, one.Epsilon, 1e-15);
            Assert.AreEqual(8, one.Order);
            // Several: the smallest, NaN skipped, the first of a tie.
            var several = RdpConversion.ToEpsilon(new[] { 2.0, 4, 8, 16 }, new[] { double.NaN, 1e9, rdp, rdp + 10 }, delta);
            Assert.AreEqual(one, several);
            var none = RdpConversion.ToEpsilon(new[] { 2.0 }, new[] { double.NaN }, delta);
            Assert.AreEqual(double.PositiveInfinity, none.Epsilon);
            Assert.IsTrue(double.IsNaN(none.Order));
        }

        [TestMethod]
        public void StepsComposeWhetherCountedOneByOneOrTogether()
        {
            var oneByOne = new RdpAccountant();
            double previous = 0;
            for (int epoch = 1; epoch <= 5; epoch++)
            {
                oneByOne.Step(1.1, 0.01, 100);
                double soFar = oneByOne.GetPrivacySpent(Delta).Epsilon;
                Assert.IsTrue(soFar > previous, $"epoch {epoch}: ε so far {soFar} after {previous}");
                Assert.AreEqual(RdpAccountant.Compute(0.01, 1.1, 100L * epoch, Delta).Epsilon, soFar, 1e-12 * soFar, $"epoch {epoch}");
                previous = soFar;
            }
            Assert.AreEqual(500, oneByOne.Steps);

            // Two settings: the RDP of each segment adds at every order before the conversion.
            var mixed = new RdpAccountant();
            mixed.Step(1.0, 0.01, 300);
            mixed.Step(2.0, 0.05, 200);
            var orders = RdpAccountant.DefaultOrders;
            var rdp = orders.Select(a => 300 * SampledGaussianRdp.Rdp(0.01, 1.0, a) + 200 * SampledGaussianRdp.Rdp(0.05, 2.0, a)).ToArray();
            Assert.AreEqual(RdpConversion.ToEpsilon(orders, rdp, Delta), mixed.GetPrivacySpent(Delta));
            Assert.AreEqual(500, mixed.Steps);
        }

        [TestMethod]
        public void DefaultOrdersAreOpacuss()
        {
            var orders = RdpAccountant.DefaultOrders;
            Assert.AreEqual(151, orders.Count, "99 tenths and 52 integers");
            Assert.AreEqual(1.1, orders[0]);
            Assert.AreEqual(10.9, orders[98]);
            Assert.AreEqual(12, orders[99]);
            Assert.AreEqual(63, orders[^1]);
            Assert.IsTrue(orders.Zip(orders.Skip(1)).All(p => p.First < p.Second), "increasing");
        }

        [TestMethod]
        public void NoiseSearchSpendsTheTargetWithinItsTolerance()
        {
            foreach (double target in new[] { 0.3, 1, 3, 8, 30 })
                foreach (double tolerance in new[] { 1e-2, 1e-6 })
                {
                    double sigma = NoiseCalibration.NoiseMultiplier(target, Delta, 0.004, 25_000, tolerance);
                    double spent = RdpAccountant.Compute(0.004, sigma, 25_000, Delta).Epsilon;
                    Assert.IsTrue(spent <= target && target - spent <= tolerance, $"target {target}, tolerance {tolerance}: σ = {sigma} spends {spent}");
                }
            // A budget no noise up to 10⁶ meets is refused, not met by an endless search.
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => NoiseCalibration.NoiseMultiplier(1e-9, Delta, 1, 1_000_000));
        }
    }
}
