using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Evaluation
{
    /// <summary>Known-answer cases for <c>ml.Generative().Evaluate</c>.</summary>
    [TestClass]
    public sealed class EvaluationTests
    {
        private static IDataView Gaussian(MLContext ml, int rows, int size, double mean, int seed) =>
            TestData.Vectors(ml, TestData.Gaussian(rows, size, mean, 1, seed));

        [TestMethod]
        public void IdenticalSetsScoreIdeal()
        {
            var ml = new MLContext(seed: 1);
            var data = Gaussian(ml, 400, 3, 0, seed: 1);
            var m = ml.Generative().Evaluate(data, data);

            Assert.AreEqual(0, m.Mmd, 0.01, "MMD");
            Assert.AreEqual(0, m.FrechetDistance, 1e-6, "Fréchet");
            Assert.AreEqual(1, m.Precision, 1e-9, "precision");
            Assert.AreEqual(1, m.Recall, 1e-9, "recall");
            Assert.AreEqual(1, m.Density, 1e-9, "density");
            Assert.AreEqual(1, m.Coverage, 1e-9, "coverage");
            Assert.AreEqual(0.5, m.ClassifierAccuracy, 0.1, "classifier accuracy");
            Assert.AreEqual(0.5, m.ClassifierAuc, 0.1, "classifier AUC");
            Assert.AreEqual(400, m.RealCount);
            Assert.AreEqual(400, m.SyntheticCount);
            Assert.AreEqual(5, m.Neighbours);
            Assert.IsTrue(double.IsNaN(m.MemorisedShare) && double.IsNaN(m.MedianSyntheticToTrainingDistance)
                && double.IsNaN(m.MedianRealToTrainingDistance), "no training data: memorisation figures are NaN");
            Assert.AreEqual(0, m.TrainingCount);
        }

        [TestMethod]
        public void FreshSampleOfTheSameDistributionScoresNearIdeal()
        {
            var ml = new MLContext(seed: 1);
            var m = ml.Generative().Evaluate(Gaussian(ml, 400, 3, 0, seed: 1), Gaussian(ml, 400, 3, 0, seed: 2));

            Assert.AreEqual(0, m.Mmd, 0.01, "MMD");
            Assert.IsLessThan(0.1, m.FrechetDistance, "Fréchet");
            Assert.IsGreaterThan(0.8, m.Precision, "precision");
            Assert.IsGreaterThan(0.8, m.Recall, "recall");
            Assert.AreEqual(1, m.Density, 0.2, "density");
            Assert.IsGreaterThan(0.8, m.Coverage, "coverage");
            Assert.AreEqual(0.5, m.ClassifierAccuracy, 0.1, "classifier accuracy");
            Assert.AreEqual(0.5, m.ClassifierAuc, 0.1, "classifier AUC");
        }

        [TestMethod]
        public void SetsShiftedByFiveStandardDeviationsScoreFar()
        {
            var ml = new MLContext(seed: 1);
            var m = ml.Generative().Evaluate(Gaussian(ml, 400, 3, 0, seed: 1), Gaussian(ml, 400, 3, 5, seed: 2));

            Assert.IsGreaterThan(1.0, m.Mmd, "MMD");
            Assert.AreEqual(75, m.FrechetDistance, 75 * 0.03, "Fréchet ≈ ||shift||² = 3 · 5²");
            Assert.AreEqual(0, m.Precision, 0.01, "precision");
            Assert.AreEqual(0, m.Recall, 0.01, "recall");
            Assert.AreEqual(0, m.Density, 0.01, "density");
            Assert.AreEqual(0, m.Coverage, 0.01, "coverage");
            Assert.IsGreaterThan(0.97, m.ClassifierAccuracy, "classifier accuracy");
            Assert.IsGreaterThan(0.97, m.ClassifierAuc, "classifier AUC");
        }

        [TestMethod]
        public void FrechetMatchesTheClosedFormForKnownMoments()
        {
            // For 2×2 SPD matrices, Tr((S1 S2)^½) = sqrt(Tr(S1 S2) + 2 sqrt(det S1 det S2)).
            Check(new double[] { 0, 0 }, new double[,] { { 2, 1 }, { 1, 2 } },
                new double[] { 1, -1 }, new double[,] { { 1, 0 }, { 0, 3 } },
                expected: 2 + 4 + 4 - 2 * Math.Sqrt(8 + 2 * Math.Sqrt(3 * 3)));
            // Singular S1 (rank 1): the symmetric route needs no inverse.
            Check(new double[] { 0, 0 }, new double[,] { { 1, 1 }, { 1, 1 } },
                new double[] { 0, 0 }, new double[,] { { 1, 0 }, { 0, 1 } },
                expected: 2 + 2 - 2 * Math.Sqrt(2));
            // Commuting diagonal covariances: sum of (sqrt a - sqrt b)^2 plus the mean term.
            Check(new double[] { 1, 2, 3 }, new double[,] { { 4, 0, 0 }, { 0, 9, 0 }, { 0, 0, 1 } },
                new double[] { 0, 0, 0 }, new double[,] { { 1, 0, 0 }, { 0, 4, 0 }, { 0, 0, 16 } },
                expected: 14 + 1 + 1 + 9);

            static void Check(double[] mu1, double[,] s1, double[] mu2, double[,] s2, double expected)
            {
                using var scope = torch.NewDisposeScope();
                double actual = FrechetDistance.FromMoments(torch.tensor(mu1), torch.tensor(s1), torch.tensor(mu2), torch.tensor(s2));
                Assert.AreEqual(expected, actual, 1e-9);
            }
        }

        [TestMethod]
        public void FrechetOfSampledGaussiansApproachesTheClosedForm()
        {
            // N((0,0), [[2,1],[1,2]]) against N((1,-1), [[1,0],[0,3]]), sampled through Cholesky factors.
            var ml = new MLContext(seed: 1);
            var rng = new Random(3);
            float[][] Sample(double m0, double m1, double l00, double l10, double l11) => Enumerable.Range(0, 1500).Select(_ =>
            {
                double z0 = TestData.Normal(rng), z1 = TestData.Normal(rng);
                return new[] { (float)(m0 + l00 * z0), (float)(m1 + l10 * z0 + l11 * z1) };
            }).ToArray();
            var real = TestData.Vectors(ml, Sample(0, 0, Math.Sqrt(2), 1 / Math.Sqrt(2), Math.Sqrt(1.5)));
            var synthetic = TestData.Vectors(ml, Sample(1, -1, 1, 0, Math.Sqrt(3)));

            var m = ml.Generative().Evaluate(real, synthetic, maxRows: null);
            double expected = 2 + 4 + 4 - 2 * Math.Sqrt(14);
            Assert.AreEqual(expected, m.FrechetDistance, expected * 0.1);
            Assert.AreEqual(1500, m.RealCount);
        }

        [TestMethod]
        public void CopiedTrainingRowsAreFlaggedAsMemorised()
        {
            var ml = new MLContext(seed: 1);
            var training = Gaussian(ml, 300, 3, 0, seed: 10);
            var heldOut = Gaussian(ml, 300, 3, 0, seed: 11);
            var copies = TestData.Vectors(ml, TestData.Column(training, "Features"));

            var m = ml.Generative().Evaluate(heldOut, copies, training: training);

            Assert.AreEqual(1, m.MemorisedShare, 1e-9, "every synthetic row is a copy");
            Assert.AreEqual(0, m.MedianSyntheticToTrainingDistance, 1e-6, "copies sit on training rows");
            Assert.IsGreaterThan(0.1, m.MedianRealToTrainingDistance, "held-out rows do not");
            Assert.IsGreaterThan(0, m.TrainingClosestPairDistance);
            Assert.AreEqual(300, m.TrainingCount);
        }

        [TestMethod]
        public void FreshSamplesAreNotFlaggedAsMemorised()
        {
            var ml = new MLContext(seed: 1);
            var training = Gaussian(ml, 300, 3, 0, seed: 10);
            var m = ml.Generative().Evaluate(Gaussian(ml, 300, 3, 0, seed: 11), Gaussian(ml, 300, 3, 0, seed: 12), training: training);

            Assert.IsLessThan(0.05, m.MemorisedShare, "memorised share");
            double ratio = m.MedianSyntheticToTrainingDistance / m.MedianRealToTrainingDistance;
            Assert.IsTrue(ratio > 0.75 && ratio < 1.33, $"synthetic and real rows are as far from training rows ({ratio})");
        }

        [TestMethod]
        public void CopiesAreFoundAmongAllTrainingRowsNotOnlyTheSubsample()
        {
            var ml = new MLContext(seed: 1);
            var training = Gaussian(ml, 600, 3, 0, seed: 10);
            var copies = TestData.Vectors(ml, TestData.Column(training, "Features"));
            var m = ml.Generative().Evaluate(Gaussian(ml, 600, 3, 0, seed: 11), copies, training: training, maxRows: 150);

            Assert.AreEqual(150, m.RealCount);
            Assert.AreEqual(150, m.SyntheticCount);
            Assert.AreEqual(600, m.TrainingCount);
            Assert.AreEqual(1, m.MemorisedShare, 1e-9);
            Assert.AreEqual(0, m.MedianSyntheticToTrainingDistance, 1e-6);
        }

        [TestMethod]
        public void SameSeedGivesTheSameFiguresAndSubsamplingIsBounded()
        {
            var ml = new MLContext(seed: 1);
            var real = Gaussian(ml, 300, 2, 0, seed: 1);
            var synthetic = Gaussian(ml, 250, 2, 0.5, seed: 2);
            var a = ml.Generative().Evaluate(real, synthetic, maxRows: 120, neighbours: 3, seed: 7);
            var b = ml.Generative().Evaluate(real, synthetic, maxRows: 120, neighbours: 3, seed: 7);

            Assert.AreEqual(a.ToString(), b.ToString());
            Assert.AreEqual(120, a.RealCount);
            Assert.AreEqual(120, a.SyntheticCount);
            Assert.AreEqual(3, a.Neighbours);
        }

        [TestMethod]
        public void DifferentColumnNamesAndTinySetsWork()
        {
            var ml = new MLContext(seed: 1);
            var real = TestData.Vectors(ml, TestData.Gaussian(3, 2, 0, 1, 1));
            var synthetic = TestData.Vectors(ml, TestData.Gaussian(4, 2, 0, 1, 2), column: "Generated");
            var m = ml.Generative().Evaluate(real, synthetic, syntheticColumnName: "Generated", neighbours: 1);

            Assert.AreEqual(3, m.RealCount);
            Assert.AreEqual(4, m.SyntheticCount);
            Assert.IsFalse(double.IsNaN(m.Mmd) || double.IsNaN(m.FrechetDistance) || double.IsNaN(m.ClassifierAccuracy));
        }

        [TestMethod]
        public void ConstantIdenticalSetsDoNotBreakAnyMetric()
        {
            var ml = new MLContext(seed: 1);
            var data = TestData.Vectors(ml, Enumerable.Range(0, 40).Select(_ => new[] { 1f, 2f }).ToArray());
            var m = ml.Generative().Evaluate(data, data, training: data);

            Assert.AreEqual(0, m.Mmd, 1e-9);
            Assert.AreEqual(1, m.MmdBandwidth);
            Assert.AreEqual(0, m.FrechetDistance, 1e-9);
            Assert.AreEqual(0.5, m.ClassifierAccuracy, 1e-9);
            Assert.AreEqual(0.5, m.ClassifierAuc, 1e-9);
            Assert.AreEqual(1, m.MemorisedShare, 1e-9, "exact copies count even when the closest training pair is 0");
        }

        [TestMethod]
        public void EvaluationLeavesNoLiveTensors()
        {
            var ml = new MLContext(seed: 1);
            var real = Gaussian(ml, 100, 2, 0, seed: 1);
            var synthetic = Gaussian(ml, 100, 2, 0, seed: 2);
            ml.Generative().Evaluate(real, synthetic, training: real); // warm-up
            long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            ml.Generative().Evaluate(real, synthetic, training: real);
            Assert.AreEqual(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }

        // Bad input: clear messages before any row is read.

        [TestMethod]
        public void MissingColumnIsNamedWithItsRole()
        {
            var ml = new MLContext(seed: 1);
            var good = Gaussian(ml, 20, 2, 0, seed: 1);
            var other = TestData.Vectors(ml, TestData.Gaussian(20, 2, 0, 1, 2), column: "Other");

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Evaluate(good, other));
            StringAssert.Contains(ex.Message, "synthetic");
            StringAssert.Contains(ex.Message, "'Features'");
            ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Evaluate(other, good));
            StringAssert.Contains(ex.Message, "real");
            ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Evaluate(good, good, training: other));
            StringAssert.Contains(ex.Message, "training");
        }

        private sealed class TextRow { public string Features = ""; }

        [TestMethod]
        public void WrongColumnTypeNamesExpectedAndFound()
        {
            var ml = new MLContext(seed: 1);
            var good = Gaussian(ml, 20, 2, 0, seed: 1);
            var text = ml.Data.LoadFromEnumerable(new[] { new TextRow { Features = "a" } });

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Evaluate(good, text));
            StringAssert.Contains(ex.Message, "'Features'");
            StringAssert.Contains(ex.Message, "known-size vector of Single");
            StringAssert.Contains(ex.Message, "String");
        }

        [TestMethod]
        public void SizeMismatchNamesBothSizes()
        {
            var ml = new MLContext(seed: 1);
            var three = Gaussian(ml, 20, 3, 0, seed: 1);
            var four = TestData.Vectors(ml, TestData.Gaussian(20, 4, 0, 1, 2), column: "Generated");

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Evaluate(three, four, syntheticColumnName: "Generated"));
            StringAssert.Contains(ex.Message, "'Generated' has 4 values");
            StringAssert.Contains(ex.Message, "'Features' has 3");
            ex = Assert.Throws<ArgumentOutOfRangeException>(() =>
                ml.Generative().Evaluate(three, three, training: Gaussian(ml, 20, 2, 0, seed: 3)));
            StringAssert.Contains(ex.Message, "training column 'Features' has 2 values");
        }

        [TestMethod]
        public void EmptySetIsNamed()
        {
            var ml = new MLContext(seed: 1);
            var good = Gaussian(ml, 20, 2, 0, seed: 1);
            var emptyVector = ml.Data.SkipRows(good, 100);

            var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().Evaluate(good, emptyVector));
            StringAssert.Contains(ex.Message, "the synthetic data has no rows");
            ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().Evaluate(emptyVector, good));
            StringAssert.Contains(ex.Message, "the real data has no rows");
        }

        [TestMethod]
        public void NeighboursOutOfRangeAreRefused()
        {
            var ml = new MLContext(seed: 1);
            var real = Gaussian(ml, 10, 2, 0, seed: 1);
            var synthetic = Gaussian(ml, 6, 2, 0, seed: 2);

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Evaluate(real, synthetic, neighbours: 0));
            StringAssert.Contains(ex.Message, "neighbours");
            ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Evaluate(real, synthetic, neighbours: 6));
            StringAssert.Contains(ex.Message, "real: 10, synthetic: 6");
            ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Evaluate(real, synthetic, maxRows: 1));
            StringAssert.Contains(ex.Message, "maxRows");
        }

        [TestMethod]
        public void NonFiniteValuesAreRefused()
        {
            var ml = new MLContext(seed: 1);
            var good = Gaussian(ml, 10, 2, 0, seed: 1);
            var rows = TestData.Gaussian(10, 2, 0, 1, 2);
            rows[4][1] = float.NaN;

            var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().Evaluate(good, TestData.Vectors(ml, rows)));
            StringAssert.Contains(ex.Message, "row 4, slot 1 of the synthetic data");
        }
    }
}
