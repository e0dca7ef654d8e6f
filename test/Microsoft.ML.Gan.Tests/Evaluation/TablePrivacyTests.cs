using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SkiaSharp;

namespace Microsoft.ML.Gan.Tests.Evaluation
{
    [TestClass]
    public sealed class TablePrivacyTests
    {
        public sealed class TextAgeRow
        {
            public float Height;
            public double Income;
            public string Age = "";
        }

        [TestMethod]
        public void TheAucIsTheShareOfOrderedPairsWithTiesCountingHalf()
        {
            Assert.AreEqual(1, RankAuc.Compute(new double[] { 3, 4 }, new double[] { 1, 2 }));
            Assert.AreEqual(0, RankAuc.Compute(new double[] { 1, 2 }, new double[] { 3, 4 }));
            Assert.AreEqual(0.5, RankAuc.Compute(new double[] { 5, 5, 5 }, new double[] { 5, 5 }));
            // Pairs: (1,1) tie 0.5, (1,0) 1, (2,1) 1, (2,0) 1: 3.5 of 4.
            Assert.AreEqual(0.875, RankAuc.Compute(new double[] { 1, 2 }, new double[] { 1, 0 }), 1e-15);

            // Against counting every pair, with many ties (values on a coarse grid).
            var rng = new Random(4);
            var positives = Enumerable.Range(0, 300).Select(_ => (double)rng.Next(10)).ToArray();
            var negatives = Enumerable.Range(0, 200).Select(_ => (double)rng.Next(8)).ToArray();
            double pairs = 0;
            foreach (double p in positives)
                foreach (double n in negatives)
                    pairs += p > n ? 1 : p == n ? 0.5 : 0;
            Assert.AreEqual(pairs / (300.0 * 200), RankAuc.Compute(positives, negatives), 1e-12);
        }

        [TestMethod]
        public void ContinuousValuesMapToTheirMidRankAmongTheReferenceValues()
        {
            var sorted = new double[] { 1, 2, 2, 3 };
            Assert.AreEqual(0, PrivacyRowEncoding.MidRankCdf(sorted, 0));
            Assert.AreEqual(0.125, PrivacyRowEncoding.MidRankCdf(sorted, 1));
            Assert.AreEqual(0.5, PrivacyRowEncoding.MidRankCdf(sorted, 2), "ties share their mid rank");
            Assert.AreEqual(0.25, PrivacyRowEncoding.MidRankCdf(sorted, 1.5), "between values: between their ranks");
            Assert.AreEqual(1, PrivacyRowEncoding.MidRankCdf(sorted, 9));
        }

        [TestMethod]
        public void ACopyOfTheTrainingRowsIsCaughtByBothChecks()
        {
            var ml = new MLContext(1);
            var training = TableTestData.Mixed(ml, 800, seed: 1);
            var holdout = TableTestData.Mixed(ml, 800, seed: 2);
            var privacy = ml.Generative().EvaluateTablePrivacy(training, holdout, training);
            Assert.IsTrue(privacy.DcrShareCloserToTraining > 0.99, privacy.ToString());
            Assert.IsTrue(privacy.MembershipAttackAuc > 0.99, privacy.ToString());
            Assert.AreEqual(0, privacy.MedianDcrToTraining, "every synthetic row is a training row");
            Assert.IsTrue(privacy.MedianDcrToHoldout > 0.05, privacy.ToString());
            Assert.AreEqual(0, privacy.MedianNndrToTraining);
            Assert.AreEqual((800, 800, 800, 800), (privacy.TrainingRows, privacy.HoldoutRows, privacy.ComparedRows, privacy.SyntheticRows));
        }

        [TestMethod]
        public void RowsDrawnIndependentlyFromTheSameSourceScoreOneHalfWithUnequalSplitsEqualised()
        {
            var ml = new MLContext(1);
            // Three times as many training rows: without equal counts, a synthetic row would be nearer a training
            // row about three times in four.
            var training = TableTestData.Mixed(ml, 3000, seed: 1);
            var holdout = TableTestData.Mixed(ml, 1000, seed: 2);
            var synthetic = TableTestData.Mixed(ml, 1000, seed: 3);
            var privacy = ml.Generative().EvaluateTablePrivacy(training, holdout, synthetic);
            Assert.AreEqual((3000, 1000, 1000), (privacy.TrainingRows, privacy.HoldoutRows, privacy.ComparedRows));
            // Standard errors: about 0.016 for the share, 0.013 for the AUC.
            Assert.AreEqual(0.5, privacy.DcrShareCloserToTraining, 0.06, privacy.ToString());
            Assert.AreEqual(0.5, privacy.MembershipAttackAuc, 0.05, privacy.ToString());
            Assert.AreEqual(privacy.MedianDcrToTraining, privacy.MedianDcrToHoldout, 0.2 * privacy.MedianDcrToHoldout, privacy.ToString());
            Assert.AreEqual(privacy.MedianNndrToTraining, privacy.MedianNndrToHoldout, 0.1, privacy.ToString());
        }

        [TestMethod]
        public void TheSameSeedGivesTheSameFiguresAndAnotherSeedAnotherSample()
        {
            var ml = new MLContext(1);
            var training = TableTestData.Mixed(ml, 600, seed: 1);
            var holdout = TableTestData.Mixed(ml, 600, seed: 2);
            var synthetic = TableTestData.Mixed(ml, 600, seed: 3);
            var first = ml.Generative().EvaluateTablePrivacy(training, holdout, synthetic, maxRows: 200, seed: 5);
            var again = new MLContext(9).Generative().EvaluateTablePrivacy(training, holdout, synthetic, maxRows: 200, seed: 5);
            var other = ml.Generative().EvaluateTablePrivacy(training, holdout, synthetic, maxRows: 200, seed: 6);
            Assert.AreEqual(first, again);
            Assert.AreEqual(200, first.ComparedRows);
            Assert.AreEqual(200, first.SyntheticRows);
            Assert.AreNotEqual(first.MembershipAttackAuc, other.MembershipAttackAuc, "another seed samples other rows");
        }

        [TestMethod]
        public void AMissingOrDifferentlyTypedColumnIsNamed()
        {
            var ml = new MLContext(1);
            var training = TableTestData.Mixed(ml, 100, seed: 1);
            var holdout = TableTestData.Mixed(ml, 100, seed: 2);
            var withoutAge = ml.Transforms.DropColumns("Age").Fit(holdout).Transform(holdout);
            var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().EvaluateTablePrivacy(training, holdout, withoutAge));
            StringAssert.Contains(missing.Message, "'Age'");
            Assert.AreEqual("synthetic", missing.ParamName);

            var columns = new[] { "Height", "Income", "Age" };
            var textAge = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new TextAgeRow { Height = i, Income = 2 * i, Age = (i % 7).ToString() }));
            var kind = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().EvaluateTablePrivacy(training, textAge, holdout, columns));
            StringAssert.Contains(kind.Message, "'Age'");
            StringAssert.Contains(kind.Message, "held-out");
            Assert.AreEqual("holdout", kind.ParamName);
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().EvaluateTablePrivacy(training, holdout, holdout, maxRows: 1));
        }

        [TestMethod]
        public void ATrainedTabularGanHasPrivacyFiguresInItsMetricsAndPicture()
        {
            var ml = new MLContext(1);
            var training = TableTestData.Mixed(ml, 400, seed: 1);
            var holdout = TableTestData.Mixed(ml, 300, seed: 2);
            using var model = ml.Generative().TabularGan(TabularGanTests.Tiny(3)).Fit(training);
            var synthetic = model.Generate(500, 1);
            var metrics = ml.Generative().EvaluateTable(training, synthetic, holdout);
            var privacy = metrics.Privacy!;
            Assert.IsNotNull(privacy);
            Assert.AreEqual((400, 300, 300, 500), (privacy.TrainingRows, privacy.HoldoutRows, privacy.ComparedRows, privacy.SyntheticRows));
            foreach (double share in new[] { privacy.DcrShareCloserToTraining, privacy.MembershipAttackAuc, privacy.MedianNndrToTraining, privacy.MedianNndrToHoldout })
                Assert.IsTrue(share >= 0 && share <= 1, privacy.ToString());
            Assert.IsTrue(privacy.MedianDcrToTraining > 0 && privacy.MedianDcrToHoldout > 0, privacy.ToString());
            Assert.IsNull(ml.Generative().EvaluateTable(training, synthetic).Privacy);

            string with = Path.Combine(Path.GetTempPath(), $"table-privacy-{Guid.NewGuid():N}.png");
            string without = Path.Combine(Path.GetTempPath(), $"table-privacy-{Guid.NewGuid():N}.png");
            try
            {
                GanReport.SaveTableMetrics(metrics, with);
                GanReport.SaveTableMetrics(metrics with { Privacy = null }, without);
                using var withImage = SKBitmap.Decode(with);
                using var withoutImage = SKBitmap.Decode(without);
                Assert.AreEqual(withoutImage.Height + 22, withImage.Height, "one more line in the header");
                // The privacy line is text where the picture without it has the first row of panels' titles lower down.
                Assert.IsTrue(Ink(withImage, 16, 60, 600, 80) > 100, "privacy text");
                Assert.AreEqual(0, Ink(withoutImage, 16, 60, 600, 68));
            }
            finally
            {
                File.Delete(with);
                File.Delete(without);
            }
        }

        // Pixels that are not near white (the header's text is grey).
        private static int Ink(SKBitmap image, int x0, int y0, int x1, int y1)
        {
            int ink = 0;
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                    ink += image.GetPixel(x, y).Red < 200 ? 1 : 0;
            return ink;
        }
    }
}
