using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SkiaSharp;

namespace Microsoft.ML.Gan.Tests.Evaluation
{
    [TestClass]
    public sealed class TableQualityTests
    {
        public sealed class Pair
        {
            public float X;
            public float Y;
            public string C = "";
        }

        [TestMethod]
        public void ScoresFollowTheDocumentedFormulas()
        {
            var ml = new MLContext(1);
            // Real: Y = X (r = 1), C = "a" for X < 50. Synthetic: Y = −X (r = −1), C independent of X.
            var real = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(i => new Pair { X = i, Y = i, C = i < 50 ? "a" : "b" }));
            var synthetic = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(i => new Pair { X = i, Y = -i, C = i % 2 == 0 ? "a" : "b" }));
            var report = TableSimilarity.Compare(real, synthetic);
            var xy = report.Pairs.Single(p => p.First == "X" && p.Second == "Y");
            Assert.AreEqual("Correlation", xy.Metric);
            Assert.AreEqual(0, xy.Score, 1e-9, "1 − |1 − (−1)| / 2");
            // X binned in 10 bins of 10: real bins 0–4 all "a"; synthetic half "a" in each bin → TVD 0.5.
            var xc = report.Pairs.Single(p => p.First == "X" && p.Second == "C");
            Assert.AreEqual("Contingency", xc.Metric);
            Assert.AreEqual(0.5, xc.Score, 1e-9);
            double shapes = report.Columns.Average(c => 1 - c.Distance);
            Assert.AreEqual(shapes, report.Quality.ColumnShapes, 1e-12);
            Assert.AreEqual(report.Pairs.Average(p => p.Score), report.Quality.ColumnPairTrends, 1e-12);
            Assert.AreEqual((report.Quality.ColumnShapes + report.Quality.ColumnPairTrends) / 2, report.Quality.Overall, 1e-12);
        }

        [TestMethod]
        public void RealAgainstRealScoresAboveShuffledAndUntrained()
        {
            var ml = new MLContext(1);
            var real = TableTestData.Read(TableTestData.Mixed(ml, 1500, seed: 1));
            var again = TableTestData.Read(TableTestData.Mixed(ml, 1500, seed: 2));
            var shuffled = TableTestData.ShuffleColumns(again, 3);
            var same = TableSimilarity.Compare(real, again).Quality;
            var broken = TableSimilarity.Compare(real, shuffled).Quality;
            Assert.IsTrue(same.Overall > 0.9, $"real vs real {same.Overall:F3}");
            Assert.IsTrue(same.ColumnPairTrends > broken.ColumnPairTrends + 0.015, $"pair trends {same.ColumnPairTrends:F3} vs shuffled {broken.ColumnPairTrends:F3}");
            Assert.AreEqual(same.ColumnShapes, broken.ColumnShapes, 1e-12, "shuffling keeps every column's shape");

            var view = TableTestData.Mixed(ml, 400);
            using var untrained = ml.Generative().TabularGan(TabularGanTests.Tiny(1)).Fit(view);
            var metrics = ml.Generative().EvaluateTable(view, untrained.Generate(1500, 1));
            Assert.IsTrue(same.Overall > metrics.Quality.Overall + 0.1, $"real vs real {same.Overall:F3}, untrained {metrics.Quality.Overall:F3}");
        }

        [TestMethod]
        public void TheReportPictureHasAPanelPerColumnAndText()
        {
            var ml = new MLContext(1);
            var real = TableTestData.Mixed(ml, 300, seed: 1);
            var metrics = ml.Generative().EvaluateTable(real, TableTestData.Mixed(ml, 300, seed: 2));
            Assert.AreEqual(real.Schema.Count, metrics.Distributions.Count);
            string path = Path.Combine(Path.GetTempPath(), $"table-quality-{Guid.NewGuid():N}.png");
            try
            {
                GanReport.SaveTableMetrics(metrics, path);
                using var image = SKBitmap.Decode(path);
                Assert.IsNotNull(image, "a readable PNG");
                Assert.AreEqual(1232, image.Width);
                // The title is drawn as text: dark pixels where it is, none in the blank margin above it.
                Assert.IsTrue(Dark(image, 16, 10, 200, 30) > 100, "title text");
                Assert.AreEqual(0, Dark(image, 0, 0, 1232, 6));
                Assert.IsFalse(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}*").Any(), "no temporary file left");
            }
            finally
            {
                File.Delete(path);
            }
        }

        private static int Dark(SKBitmap image, int x0, int y0, int x1, int y1)
        {
            int dark = 0;
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                    dark += image.GetPixel(x, y).Red < 100 ? 1 : 0;
            return dark;
        }
    }
}
