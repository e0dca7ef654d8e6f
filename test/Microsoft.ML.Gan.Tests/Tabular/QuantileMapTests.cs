using System;
using System.Linq;
using Microsoft.ML.Gan.Numerics;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>Normal scores through a column's quantiles: standard normal whatever the column's shape, and back to its values.</summary>
    [TestClass]
    public sealed class QuantileMapTests
    {
        // 40% exact zeros (a spike), then a heavy right tail of whole numbers and of fractions: the shapes modes struggle with.
        private static double[] Awkward(int rows, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, rows).Select(_ =>
            {
                double u = rng.NextDouble();
                if (u < 0.4) return 0.0;
                double tail = Math.Exp(3 + 1.5 * Normal(rng));
                return u < 0.7 ? Math.Round(tail) : tail;
            }).ToArray();
        }

        private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        [TestMethod]
        public void ScoresAreStandardNormalWhateverTheColumnsShape()
        {
            var values = Awkward(20_000, 1);
            var map = QuantileMap.Fit(values);
            var rng = new Random(2);
            var scores = values.Select(v => map.ToNormal(v, rng)).ToArray();
            double mean = scores.Average(), sd = Math.Sqrt(scores.Average(z => (z - mean) * (z - mean)));
            Assert.AreEqual(0, mean, 0.03, "mean");
            Assert.AreEqual(1, sd, 0.03, "standard deviation");
            // The spike is spread over its 40% of the scores, not stacked on one point.
            Assert.AreEqual(0.6827, scores.Count(z => Math.Abs(z) < 1) / (double)scores.Length, 0.02, "share within one deviation");
            Assert.IsTrue(scores.Distinct().Count() > 0.99 * scores.Length, "scores of repeated values are drawn, not repeated");
        }

        [TestMethod]
        public void RepeatedValuesDecodeExactlyAndOthersNearThemselves()
        {
            var values = Awkward(500, 3);
            var map = QuantileMap.Fit(values);
            var sorted = values.Distinct().OrderBy(v => v).ToArray();
            var rng = new Random(4);
            // Most of the spike's scores decode to exactly zero (the edges of its run blend into its neighbours).
            var zeros = Enumerable.Range(0, 1000).Select(_ => map.FromNormal(map.ToNormal(0, rng))).ToArray();
            Assert.IsTrue(zeros.Count(v => v == 0) > 950, $"{zeros.Count(v => v == 0)} of 1000 scores of 0 decode to exactly 0");
            for (int i = 1; i < sorted.Length - 1; i++)
            {
                double v = sorted[i], back = map.FromNormal(map.ToNormal(v, rng));
                Assert.IsTrue(back >= 0.5 * (sorted[i - 1] + v) - 1e-9 && back <= 0.5 * (v + sorted[i + 1]) + 1e-9,
                    $"{v} came back as {back}, outside the halfway points to its neighbours {sorted[i - 1]} and {sorted[i + 1]}");
            }
        }

        [TestMethod]
        public void DecodingIsMonotoneAndInsideTheTrainingRange()
        {
            var values = Awkward(5_000, 5);
            var map = QuantileMap.Fit(values);
            Assert.AreEqual(QuantileMap.MaxKnots, map.Knots.Length, "at most MaxKnots quantiles, not the rows");
            double previous = double.NegativeInfinity;
            for (double z = -6; z <= 6; z += 0.01)
            {
                double v = map.FromNormal(z);
                Assert.IsTrue(v >= previous && v >= values.Min() && v <= values.Max(), $"score {z} decodes to {v} after {previous}");
                previous = v;
            }
            Assert.AreEqual(values.Min(), map.FromNormal(-10));
            Assert.AreEqual(values.Max(), map.FromNormal(10));
        }

        [TestMethod]
        public void AMapIsRefusedWhenItsQuantilesAreNotInOrder()
        {
            Assert.ThrowsExactly<ArgumentException>(() => new QuantileMap(new[] { 1.0, 3.0, 2.0 }, 0, 5));
            Assert.ThrowsExactly<ArgumentException>(() => new QuantileMap(new[] { 1.0, 2.0 }, 1.5, 5));
            Assert.ThrowsExactly<ArgumentException>(() => new QuantileMap(Array.Empty<double>(), 0, 5));
            Assert.ThrowsExactly<ArgumentException>(() => new QuantileMap(new[] { 1.0, double.NaN }, 0, 5));
        }

        [TestMethod]
        public void TheNormalDistributionAndItsInverseAgree()
        {
            Assert.AreEqual(0.975, StandardNormal.Cdf(1.959963985), 2e-7);
            Assert.AreEqual(0.5, StandardNormal.Cdf(0), 2e-7);
            Assert.AreEqual(1.959963985, StandardNormal.InverseCdf(0.975), 1e-6);
            Assert.AreEqual(-3.719016485, StandardNormal.InverseCdf(1e-4), 1e-5);
            for (double z = -4.5; z <= 4.5; z += 0.25)
                Assert.AreEqual(z, StandardNormal.InverseCdf(StandardNormal.Cdf(z)), 1e-6, $"z = {z}");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => StandardNormal.InverseCdf(0));
        }
    }
}
