using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Microsoft.ML.Gan.Tests.Sequences.SequenceTestData;

namespace Microsoft.ML.Gan.Tests.Sequences
{
    /// <summary>Training moves the generated sequences towards the real ones on something simple: sines.</summary>
    [TestClass]
    public sealed class SequenceLearningTests
    {
        private const int Length = 12;

        [TestMethod]
        public void TrainedModelIsCloserToSinesThanTheUntrainedOne()
        {
            var ml = new MLContext(1);
            var rows = Sines(40, 40, seed: 5);
            var data = View(ml, rows);
            var real = Enumerable.Range(0, 40).SelectMany(s => Enumerable.Range(0, 40 - Length + 1)
                .Select(start => rows.Skip(s * 40 + start).Take(Length).Select(r => (double)r.Value).ToArray())).ToArray();

            using var untrained = ml.Generative().SequenceGan(Options(epochs: 1, learningRate: 1e-12f)).Fit(data);
            using var trained = ml.Generative().SequenceGan(Options(epochs: 60, learningRate: 2e-3f)).Fit(data);
            var before = Distance(real, Windows(untrained.Generate(500, 3), Length));
            var after = Distance(real, Windows(trained.Generate(500, 3), Length));
            Console.WriteLine($"untrained: {before}; trained: {after}");
            Assert.IsTrue(after.Total < 0.5 * before.Total, $"trained {after} is not clearly closer to the sines than untrained {before}");
            Assert.IsTrue(after.Autocorrelation < before.Autocorrelation, $"lag-1 autocorrelation: trained {after}, untrained {before}");
        }

        private static SequenceGanEstimator.Options Options(int epochs, float learningRate)
        {
            var o = Tiny(epochs, seed: 2);
            o.WindowLength = Length;
            o.GeneratorHiddenLayers = new[] { 16 };
            o.DiscriminatorHiddenLayers = new[] { 16 };
            o.BatchSize = 64;
            o.GeneratorLearningRate = learningRate;
            o.DiscriminatorLearningRate = learningRate;
            return o;
        }

        /// <summary>
        /// How far generated windows are from real ones: the mean over steps of the gap between per-step means, the gap
        /// between the spread of values, and the gap between the mean lag-1 autocorrelation within a window.
        /// </summary>
        private static (double Mean, double Spread, double Autocorrelation, double Total) Distance(double[][] real, double[][] generated)
        {
            double mean = Enumerable.Range(0, Length).Average(t => Math.Abs(real.Average(w => w[t]) - generated.Average(w => w[t])));
            double spread = Math.Abs(Std(real.SelectMany(w => w)) - Std(generated.SelectMany(w => w)));
            double acf = Math.Abs(real.Average(Lag1) - generated.Average(Lag1));
            return (mean, spread, acf, mean + spread + acf);
        }

        private static double Std(System.Collections.Generic.IEnumerable<double> values)
        {
            var v = values.ToArray();
            double m = v.Average();
            return Math.Sqrt(v.Average(x => (x - m) * (x - m)));
        }

        private static double Lag1(double[] w)
        {
            double m = w.Average();
            double c0 = w.Sum(x => (x - m) * (x - m));
            if (c0 <= 0)
                return 0;
            double c1 = 0;
            for (int t = 1; t < w.Length; t++)
                c1 += (w[t] - m) * (w[t - 1] - m);
            return c1 / c0;
        }
    }
}
