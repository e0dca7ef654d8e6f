using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Gan.Benchmarks.Sequences;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.ML.Gan.Reporting;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SkiaSharp;

namespace Microsoft.ML.Gan.Tests.Evaluation
{
    [TestClass]
    public sealed class SequenceStatisticsTests
    {
        [TestMethod]
        public void MarginalDistancesOnKnownSamples()
        {
            Assert.AreEqual((0.0, 0.0), SequenceStatistics.Marginal(new double[] { 3, 1, 2 }, new double[] { 1, 2, 3 }));
            // A shift by 0.25 of the same sample: W1 is the shift; the CDFs never overlap between 0 and 0.25 → KS 1/2.
            var (w, ks) = SequenceStatistics.Marginal(new double[] { 0, 0.5 }, new double[] { 0.25, 0.75 });
            Assert.AreEqual(0.25, w, 1e-12);
            Assert.AreEqual(0.5, ks, 1e-12);
            // Disjoint point masses: W1 is the distance between them, KS 1; sizes may differ.
            (w, ks) = SequenceStatistics.Marginal(new double[] { 0.2, 0.2, 0.2 }, new double[] { 0.9 });
            Assert.AreEqual(0.7, w, 1e-12);
            Assert.AreEqual(1, ks, 1e-12);
        }

        [TestMethod]
        public void AutocorrelationOfKnownSeries()
        {
            // One feature of period 2 (+1, −1, …): r(k) = (−1)^k (L − k) / L.
            const int length = 8;
            var alternating = Enumerable.Range(0, length).Select(t => t % 2 == 0 ? 1f : 0f).ToArray();
            var curve = SequenceStatistics.Autocorrelation(alternating, length, 1, 0);
            Assert.AreEqual(length - 1, curve.Length);
            for (int k = 1; k < length; k++)
                Assert.AreEqual((k % 2 == 0 ? 1.0 : -1.0) * (length - k) / length, curve[k - 1], 1e-6, $"lag {k}");

            // Second feature of two windows: a constant window is left out of the mean, not counted as zero.
            var windows = new float[2 * length * 2];
            for (int t = 0; t < length; t++)
            {
                windows[t * 2 + 1] = alternating[t];
                windows[(length + t) * 2 + 1] = 0.5f;
            }
            CollectionAssert.AreEqual(curve, SequenceStatistics.Autocorrelation(windows, length, 2, 1));
            Assert.IsTrue(SequenceStatistics.Autocorrelation(windows, length, 2, 0).All(double.IsNaN), "every window constant");
        }

        [TestMethod]
        public void EvaluationComparesEachFeatureAndDrawsTheReport()
        {
            const int length = 10, features = 2;
            var real = SinesData.Generate(200, length, features, seed: 1);
            var random = new Random(2);
            var noise = Enumerable.Range(0, real.Length).Select(_ => (float)random.NextDouble()).ToArray();
            var metrics = SequenceEvaluation.Evaluate(real, noise, length, new[] { "a", "b" }, seed: 1, realBaseline: true,
                discriminativeSteps: 20, predictiveSteps: 20);
            Assert.AreEqual(2, metrics.Features.Count);
            Assert.AreEqual((200, 200, length), (metrics.RealWindows, metrics.SyntheticWindows, metrics.WindowLength));
            Assert.IsFalse(double.IsNaN(metrics.RealPredictiveScore));
            foreach (var f in metrics.Features)
            {
                Assert.AreEqual(length - 1, f.RealAutocorrelation.Count);
                // Smooth sines have lag-1 autocorrelation near 1 within a window; independent noise near 0.
                Assert.IsTrue(f.RealAutocorrelation[0] > 0.5 && Math.Abs(f.SyntheticAutocorrelation[0]) < 0.3, $"{f.Feature}: {f.RealAutocorrelation[0]}, {f.SyntheticAutocorrelation[0]}");
                Assert.IsTrue(f.KolmogorovSmirnov > 0.2, $"{f.Feature}: KS {f.KolmogorovSmirnov}");
                Assert.AreEqual(SequenceEvaluation.ExampleWindows, f.RealExamples.Count);
                Assert.AreEqual(length, f.SyntheticExamples[0].Count);
            }
            var same = SequenceEvaluation.Evaluate(real, real, length, new[] { "a", "b" }, seed: 1, discriminativeSteps: 20, predictiveSteps: 20);
            Assert.AreEqual((0.0, 0.0, 0.0), (same.MeanWasserstein, same.MeanKolmogorovSmirnov, same.AutocorrelationDifference));
            Assert.IsTrue(double.IsNaN(same.RealPredictiveScore), "not asked for");

            string path = Path.Combine(Path.GetTempPath(), $"sequence-metrics-{Guid.NewGuid():N}.png");
            try
            {
                GanReport.SaveSequenceMetrics(metrics, path);
                using var image = SKBitmap.Decode(path);
                Assert.IsNotNull(image, "a readable PNG");
                using var drawn = SequenceReportImage.Draw(metrics);
                Assert.AreEqual((drawn.Width, drawn.Height), (image.Width, image.Height));
                // Both sets' lines are drawn, in the table report's colours.
                Assert.IsTrue(Count(image, TableQualityReportPanels.RealColor) > 200, "real lines");
                Assert.IsTrue(Count(image, TableQualityReportPanels.SyntheticColor) > 200, "synthetic lines");
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static int Count(SKBitmap image, SKColor colour)
        {
            int n = 0;
            for (int y = 0; y < image.Height; y++)
                for (int x = 0; x < image.Width; x++)
                    n += image.GetPixel(x, y) == colour ? 1 : 0;
            return n;
        }
    }
}
