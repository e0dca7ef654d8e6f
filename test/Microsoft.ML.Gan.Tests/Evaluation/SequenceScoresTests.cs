using System;
using System.Linq;
using System.Threading;
using Microsoft.ML.Gan.Benchmarks.Sequences;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Evaluation
{
    [TestClass]
    public sealed class SequenceScoresTests
    {
        private const int Length = 12, Features = 3;

        // Fewer steps than the protocol's: enough for these sets, and the suite stays quick.
        private const int Steps = 300;

        [TestMethod]
        public void DiscriminativeScoreIsNearHalfForSeparableSets()
        {
            var real = SinesData.Generate(600, Length, Features, seed: 1);
            // Independent noise at every step: the sines' smoothness tells them apart at once.
            var random = new Random(2);
            var noise = Enumerable.Range(0, real.Length).Select(_ => (float)random.NextDouble()).ToArray();
            double score = SequenceScores.Discriminative(real, noise, Length, Features, seed: 3, steps: 1000);
            Assert.IsTrue(score > 0.45, $"score {score}");
        }

        [TestMethod]
        public void DiscriminativeScoreIsNearZeroForOneDistribution()
        {
            var real = SinesData.Generate(1000, Length, Features, seed: 1);
            var same = SinesData.Generate(1000, Length, Features, seed: 2);
            double score = SequenceScores.Discriminative(real, same, Length, Features, seed: 3, steps: Steps);
            // 400 test windows: the accuracy of a classifier that cannot tell has a standard deviation of 0.025.
            Assert.IsTrue(score < 0.08, $"score {score}");
        }

        [TestMethod]
        public void PredictiveScoreOfAPredictableSeriesIsBelowThatOfNoise()
        {
            // The last feature at step t + 1 is the first at step t: a GRU can carry it over exactly.
            var predictable = SinesData.Generate(600, Length, Features, seed: 1);
            for (int w = 0; w < 600; w++)
            {
                for (int t = 1; t < Length; t++)
                    predictable[(w * Length + t) * Features + Features - 1] = predictable[(w * Length + t - 1) * Features];
            }
            var random = new Random(2);
            var noise = Enumerable.Range(0, predictable.Length).Select(_ => (float)random.NextDouble()).ToArray();

            double onPredictable = SequenceScores.Predictive(predictable, predictable, Length, Features, seed: 3, steps: Steps);
            double onNoise = SequenceScores.Predictive(noise, noise, Length, Features, seed: 3, steps: Steps);
            // Uniform noise: no predictor beats the median, with a mean absolute error of 0.25.
            Assert.IsTrue(onNoise > 0.2, $"noise {onNoise}");
            Assert.IsTrue(onPredictable < onNoise / 2, $"predictable {onPredictable}, noise {onNoise}");
        }

        [TestMethod]
        public void TheSameSeedGivesTheSameScores()
        {
            var real = SinesData.Generate(300, Length, Features, seed: 1);
            var other = SinesData.Generate(300, Length, Features, seed: 2);
            double first = SequenceScores.Discriminative(real, other, Length, Features, seed: 5, steps: 50);
            Assert.AreEqual(first, SequenceScores.Discriminative(real, other, Length, Features, seed: 5, steps: 50));
            double predictive = SequenceScores.Predictive(other, real, Length, Features, seed: 5, steps: 50);
            Assert.AreEqual(predictive, SequenceScores.Predictive(other, real, Length, Features, seed: 5, steps: 50));
            Assert.AreNotEqual(predictive, SequenceScores.Predictive(other, real, Length, Features, seed: 6, steps: 50),
                "another seed draws other weights and minibatches");
        }

        [TestMethod]
        public void WindowsThatDoNotMatchTheShapeAreRefused()
        {
            var real = SinesData.Generate(10, Length, Features, seed: 1);
            var shorter = SinesData.Generate(10, Length - 1, Features, seed: 1);
            var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SequenceScores.Discriminative(real, shorter, Length, Features, seed: 1, steps: 1));
            StringAssert.Contains(ex.Message, "not a whole, non-zero number of windows of 12 steps × 3 features (36 values each)");
            Assert.AreEqual("generated", ex.ParamName);
            ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SequenceScores.Predictive(real, shorter, Length, Features, seed: 1, steps: 1));
            Assert.AreEqual("testOn", ex.ParamName);

            real[40] = float.NaN;
            ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SequenceScores.Discriminative(real, real, Length, Features, seed: 1, steps: 1));
            StringAssert.Contains(ex.Message, "window 1, step 1, feature 1");
            ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SequenceScores.Predictive(new float[Length], new float[Length], Length, 1, seed: 1, steps: 1));
            Assert.AreEqual("features", ex.ParamName);
            ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => SequenceScores.Discriminative(new float[36], new float[72], Length, Features, seed: 1, steps: 1));
            StringAssert.Contains(ex.Message, "at least 2");
        }

        [TestMethod]
        public void CancellationStopsTraining()
        {
            var real = SinesData.Generate(20, Length, Features, seed: 1);
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsExactly<OperationCanceledException>(() => SequenceScores.Predictive(real, real, Length, Features, 1, cancelled.Token));
        }
    }
}
