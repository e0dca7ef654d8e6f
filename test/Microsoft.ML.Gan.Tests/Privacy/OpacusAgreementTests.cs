using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Privacy;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Privacy
{
    /// <summary>
    /// The accountant against Opacus 1.5.4's own (values in Privacy/opacus-*.csv, from opacus-grid.py): the same ε and
    /// optimal order on the whole grid, the same RDP at orders outside the defaults, the same σ from the noise search.
    /// </summary>
    [TestClass]
    public sealed class OpacusAgreementTests
    {
        private const double Tolerance = 1e-6;

        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        public void EpsilonAndOrderMatchOpacusOnEveryGridCase()
        {
            var rows = OpacusReference.Read("opacus-epsilon.csv");
            Assert.AreEqual(420, rows.Count, "7 sampling rates × 6 noise multipliers × 5 step counts × 2 deltas");
            var failures = new List<string>();
            double worst = 0;
            foreach (var row in rows)
            {
                var spent = RdpAccountant.Compute(row["sample_rate"], row["noise_multiplier"], (long)row["steps"], row["delta"]);
                double difference = OpacusReference.RelativeDifference(spent.Epsilon, row["epsilon"]);
                worst = Math.Max(worst, difference);
                if (!(difference <= Tolerance) || spent.Order != row["order"])
                    failures.Add($"q = {row["sample_rate"]}, σ = {row["noise_multiplier"]}, {row["steps"]} steps, δ = {row["delta"]}: " +
                        $"ε = {spent.Epsilon:R} at order {spent.Order}, Opacus {row["epsilon"]:R} at {row["order"]} (relative difference {difference:E2})");
            }
            TestContext.WriteLine($"Largest relative difference in ε over {rows.Count} cases: {worst:E2}");
            Assert.IsEmpty(failures, string.Join("\n", failures));
            // Both ends of the default orders are the optimum somewhere on the grid: the conversion's search is exercised at its edges.
            Assert.IsTrue(rows.Any(r => r["order"] == 1.1) && rows.Any(r => r["order"] == 63), "the grid reaches both ends of the orders");
        }

        [TestMethod]
        public void RdpMatchesOpacusAtFractionalAndLargeOrders()
        {
            var rows = OpacusReference.Read("opacus-rdp.csv");
            Assert.AreEqual(378, rows.Count, "7 sampling rates × 6 noise multipliers × 9 orders");
            var failures = new List<string>();
            double worst = 0;
            foreach (var row in rows)
            {
                double rdp = SampledGaussianRdp.Rdp(row["sample_rate"], row["noise_multiplier"], row["order"]);
                double difference = OpacusReference.RelativeDifference(rdp, row["rdp"]);
                worst = Math.Max(worst, difference);
                if (!(difference <= Tolerance))
                    failures.Add($"q = {row["sample_rate"]}, σ = {row["noise_multiplier"]}, α = {row["order"]}: RDP {rdp:R}, Opacus {row["rdp"]:R} (relative difference {difference:E2})");
            }
            TestContext.WriteLine($"Largest relative difference in RDP over {rows.Count} cases: {worst:E2}");
            Assert.IsEmpty(failures, string.Join("\n", failures));
        }

        [TestMethod]
        public void NoiseSearchFindsOpacussSigmaWithinBudget()
        {
            var rows = OpacusReference.Read("opacus-sigma.csv");
            Assert.AreEqual(32, rows.Count);
            foreach (var row in rows)
            {
                double target = row["target_epsilon"], delta = row["delta"], q = row["sample_rate"], tolerance = row["epsilon_tolerance"];
                long steps = (long)row["steps"];
                double sigma = NoiseCalibration.NoiseMultiplier(target, delta, q, steps, tolerance);
                string at = $"target ε = {target}, q = {q}, {steps} steps, tolerance {tolerance}";
                Assert.AreEqual(row["noise_multiplier"], sigma, 1e-12 * sigma, at);
                double spent = RdpAccountant.Compute(q, sigma, steps, delta).Epsilon;
                Assert.IsTrue(spent <= target, $"{at}: σ = {sigma} spends ε = {spent}, over the target");
                Assert.IsTrue(target - spent <= tolerance, $"{at}: σ = {sigma} spends ε = {spent}, more than the tolerance under the target");
            }
        }
    }
}
