using System;
using System.Linq;
using Microsoft.ML.Gan.Privacy;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Privacy
{
    /// <summary>
    /// The statistics a private table model releases before training: the Gaussian mechanism's noise for its share of ε
    /// (<see cref="StatisticsRelease"/>), the calibration of the critic's noise after it, and the noisy histograms and
    /// the proxy table built from them alone (<see cref="PrivateTableSketch"/>).
    /// </summary>
    [TestClass]
    public sealed class PrivateStatisticsTests
    {
        [TestMethod]
        public void UpperTailQuantilesAreTheNormalOnes()
        {
            Assert.AreEqual(1.6448536269514729, StatisticsRelease.UpperTailQuantile(0.05), 1e-9);
            Assert.AreEqual(3.0902323061678132, StatisticsRelease.UpperTailQuantile(1e-3), 1e-9);
            Assert.AreEqual(5.9978070150076865, StatisticsRelease.UpperTailQuantile(1e-9), 1e-8);
        }

        [TestMethod]
        public void TheReleaseSpendsItsShareAndItsThresholdsTheirDelta()
        {
            var release = new StatisticsRelease(epsilon: 3, delta: 1e-5, share: 0.1, histograms: 16, thresholdedColumns: 4);
            // ρ-zCDP with ρ = 1/(2σ²) is a tenth of the ρ whose (ε, δ) bound at δ = 9e-6 is 3.
            double rho = 1 / (2 * release.NoiseMultiplier * release.NoiseMultiplier);
            double total = 10 * rho;
            Assert.AreEqual(3, total + 2 * Math.Sqrt(total * Math.Log(1 / release.AccountedDelta)), 1e-9);
            // The release alone spends well under ε, so most of it is left for training.
            double alone = RdpAccountant.Compute(1, release.NoiseMultiplier, 1, release.AccountedDelta).Epsilon;
            Assert.IsTrue(alone < 1, $"the release alone spends ε = {alone}");
            Assert.AreEqual(release.NoiseMultiplier * 4, release.CountNoise, 1e-12, "σ√H on each count");
            Assert.AreEqual(1e-6, release.ThresholdDelta, 1e-18);
            Assert.AreEqual(1e-5 - 1e-6, release.AccountedDelta, 1e-18);
            // A category held by one row passes with probability δ_threshold / columns.
            double z = (release.CategoryThreshold - 1) / release.CountNoise;
            Assert.AreEqual(StatisticsRelease.UpperTailQuantile(1e-6 / 4), z, 1e-9);

            var noCategories = new StatisticsRelease(epsilon: 3, delta: 1e-5, share: 0.1, histograms: 4, thresholdedColumns: 0);
            Assert.AreEqual(0, noCategories.ThresholdDelta);
            Assert.AreEqual(1e-5, noCategories.AccountedDelta);
        }

        [TestMethod]
        public void TheCriticsNoiseIsCalibratedAfterTheRelease()
        {
            double sigmaAlone = NoiseCalibration.NoiseMultiplier(2, 1e-5, 0.01, 5000);
            var before = new[] { (NoiseMultiplier: 8.0, SampleRate: 1.0, Steps: 1L) };
            double sigma = NoiseCalibration.NoiseMultiplier(2, 1e-5, 0.01, 5000, before: before);
            Assert.IsTrue(sigma > sigmaAlone, "less is left for the steps");
            var accountant = new RdpAccountant();
            accountant.Step(8.0, 1.0);
            accountant.Step(sigma, 0.01, 5000);
            double spent = accountant.GetPrivacySpent(1e-5).Epsilon;
            Assert.IsTrue(spent <= 2 && spent >= 2 - NoiseCalibration.DefaultEpsilonTolerance, $"together ε = {spent}");
            Assert.Throws<ArgumentOutOfRangeException>(() => NoiseCalibration.NoiseMultiplier(2, 1e-5, 0.01, 5000, before: new[] { (0.5, 1.0, 1L) }));
        }

        [TestMethod]
        public void TheSketchPublishesCommonCategoriesRangesAndFormOnly()
        {
            var ml = new MLContext(seed: 1);
            var rows = TableTestData.MixedRows(5000);
            rows[3].City = "Quito";
            var table = TableTestData.Read(ml.Data.LoadFromEnumerable(rows), new[] { "Income", "Age", "Height", "City" });
            var sketch = new PrivateTableSketch(table, countNoise: 5, categoryThreshold: 40, maxCategories: null, seed: 1);

            var city = sketch.ReleasedCategories["City"];
            Assert.IsFalse(city.Labels.Contains("Quito"));
            CollectionAssert.IsSubsetOf(new[] { "Oslo", "Paris" }, city.Labels.ToArray());

            // Ranges: the grid's powers of two, narrowed by the shape histogram, around the real ones.
            var income = (ContinuousColumnData)table["Income"];
            var (min, max) = sketch.ReleasedRanges["Income"];
            Assert.IsTrue(min <= income.Values.Where(v => v > 0).OrderBy(v => v).ElementAt(50) && max >= income.Values.OrderBy(v => v).ElementAt(4950),
                $"released [{min}, {max}] misses the bulk of [{income.Min}, {income.Max}]");
            Assert.IsTrue(min >= 0 && max <= 262144, $"released [{min}, {max}] is wider than the grid's bins around the values");

            var proxy = sketch.Proxy;
            Assert.AreEqual(5000, proxy.Rows);
            Assert.IsTrue(((ContinuousColumnData)proxy["Age"]).IsInteger, "a whole column is released as whole");
            Assert.IsFalse(((ContinuousColumnData)proxy["Income"]).IsInteger);
            Assert.IsTrue(((ContinuousColumnData)proxy["Height"]).HasMissing, "10% missing is released");
            Assert.IsFalse(((ContinuousColumnData)proxy["Income"]).HasMissing);
            // The proxy follows the released shape: Income's two modes, 30% rich.
            double rich = ((ContinuousColumnData)proxy["Income"]).Values.Count(v => v > 60_000) / 5000.0;
            Assert.AreEqual(0.3, rich, 0.05);

            // The rows mapped into the release: the rare category as the most frequent one, values inside the range.
            var mapped = sketch.Map(table);
            var codes = ((CategoricalColumnData)mapped["City"]).Codes;
            Assert.AreEqual(city.Labels[Enumerable.Range(0, city.Count).OrderByDescending(k => sketch.Conditions.Counts[0][k]).First()], city.Labels[codes[3]]);
            Assert.IsTrue(((ContinuousColumnData)mapped["Income"]).Values.All(v => v >= min && v <= max));
            Assert.AreEqual(5000, mapped.Rows);
        }

        [TestMethod]
        public void AVectorGansScalerComesFromTheNoisyRanges()
        {
            var rng = new Random(2);
            // Slot 0 in [10, 30), slot 1 always 0, slot 2 in [-3, 3).
            var rows = Enumerable.Range(0, 4000).Select(_ => new[] { (float)(10 + 20 * rng.NextDouble()), 0f, (float)(6 * rng.NextDouble() - 3) }).ToArray();
            var features = TestData.Rows(rows);
            var classes = Enumerable.Range(0, 4000).Select(i => i % 4 == 0 ? 1 : 0).ToArray();
            var (scaler, frequencies) = Microsoft.ML.Gan.Training.PrivateVectorStatistics.Release(features, classes, 2, countNoise: 5, seed: 1);
            // Slot 0: the grid's bins [8, 16) and [16, 32) → [8, 32] onto [-1, 1].
            Assert.AreEqual(20f, scaler.Offset[0]);
            Assert.AreEqual(12f, scaler.Scale[0]);
            Assert.AreEqual(0f, scaler.Scale[1], "a slot released as the one value 0 is constant");
            Assert.IsTrue(scaler.Offset[2] - scaler.Scale[2] <= -3 && scaler.Offset[2] + scaler.Scale[2] >= 3);
            Assert.AreEqual(0.25, frequencies![1], 0.01);
            Assert.AreEqual(1, frequencies.Sum(), 1e-6);
            // The rows are clamped into the released ranges (here they already were), then scaled by the caller.
            Assert.IsTrue(TestData.Values(features).Where((v, i) => i % 3 == 0).All(v => v >= 8 && v <= 32));
        }

        [TestMethod]
        public void TheSketchIsSeeded()
        {
            var ml = new MLContext(seed: 1);
            var table = TableTestData.Read(TableTestData.Mixed(ml, 2000), new[] { "Income", "City" });
            double[] Proxy(int seed) => ((ContinuousColumnData)new PrivateTableSketch(table, 5, 40, null, seed).Proxy["Income"]).Values;
            CollectionAssert.AreEqual(Proxy(3), Proxy(3));
            CollectionAssert.AreNotEqual(Proxy(3), Proxy(4));
        }
    }
}
