using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// Fills a <see cref="SequenceMetrics"/> from real and synthetic windows (<see cref="SequenceWindows"/>' layout):
    /// the two scores (<see cref="SequenceScores"/>), then each feature's marginal distances and autocorrelation curves
    /// (<see cref="SequenceStatistics"/>) and a few windows of each set for the report.
    /// </summary>
    internal static class SequenceEvaluation
    {
        /// <summary>Windows of each set the report draws per feature.</summary>
        public const int ExampleWindows = 4;

        // The stream of the seed the example windows are picked with (the scores use their own).
        private const long ExampleStream = 0x5EE0_0000;

        /// <param name="real">The real windows.</param>
        /// <param name="synthetic">The synthetic windows.</param>
        /// <param name="length">Steps per window.</param>
        /// <param name="featureNames">One name per feature.</param>
        /// <param name="seed">Seeds both scores and the choice of example windows.</param>
        /// <param name="realBaseline">Whether to compute <see cref="SequenceMetrics.RealPredictiveScore"/> too (another predictor's training).</param>
        /// <param name="cancel">Checked before every training step.</param>
        /// <param name="discriminativeSteps">The classifier's training steps (the protocol's unless a test needs fewer).</param>
        /// <param name="predictiveSteps">The predictor's training steps (the protocol's unless a test needs fewer).</param>
        public static SequenceMetrics Evaluate(float[] real, float[] synthetic, int length, IReadOnlyList<string> featureNames,
            int seed, bool realBaseline = false, CancellationToken cancel = default,
            int discriminativeSteps = SequenceScores.DiscriminativeSteps, int predictiveSteps = SequenceScores.PredictiveSteps)
        {
            Contracts.CheckValue(featureNames, nameof(featureNames));
            int features = featureNames.Count;
            int realCount = SequenceWindows.Count(real, nameof(real), length, features);
            int syntheticCount = SequenceWindows.Count(synthetic, nameof(synthetic), length, features);

            double discriminative = SequenceScores.Discriminative(real, synthetic, length, features, seed, cancel, discriminativeSteps);
            // One feature leaves the predictor nothing to predict from; one step, nothing to predict.
            bool predictable = features >= 2 && length >= 2;
            double predictive = predictable ? SequenceScores.Predictive(synthetic, real, length, features, seed, cancel, predictiveSteps) : double.NaN;
            double reference = predictable && realBaseline ? SequenceScores.Predictive(real, real, length, features, seed, cancel, predictiveSteps) : double.NaN;

            var realExamples = Pick(realCount, SeedStreams.Random(seed, ExampleStream));
            var syntheticExamples = Pick(syntheticCount, SeedStreams.Random(seed, ExampleStream + 1));
            var perFeature = new SequenceFeatureMetrics[features];
            for (int f = 0; f < features; f++)
            {
                cancel.ThrowIfCancellationRequested();
                var (wasserstein, ks) = SequenceStatistics.Marginal(
                    SequenceStatistics.FeatureValues(real, features, f), SequenceStatistics.FeatureValues(synthetic, features, f));
                var realCurve = SequenceStatistics.Autocorrelation(real, length, features, f);
                var syntheticCurve = SequenceStatistics.Autocorrelation(synthetic, length, features, f);
                perFeature[f] = new SequenceFeatureMetrics(featureNames[f], wasserstein, ks, realCurve, syntheticCurve,
                    SequenceStatistics.CurveDistance(realCurve, syntheticCurve))
                {
                    RealExamples = Series(real, length, features, f, realExamples),
                    SyntheticExamples = Series(synthetic, length, features, f, syntheticExamples),
                };
            }
            return new SequenceMetrics(discriminative, predictive, perFeature,
                perFeature.Average(m => m.Wasserstein), perFeature.Average(m => m.KolmogorovSmirnov), perFeature.Average(m => m.AutocorrelationDifference))
            {
                RealPredictiveScore = reference,
                WindowLength = length,
                RealWindows = realCount,
                SyntheticWindows = syntheticCount,
            };
        }

        // Up to ExampleWindows distinct windows, in a seeded random choice (windows cut from one series are often in series order).
        private static int[] Pick(int count, Random random)
        {
            var order = Enumerable.Range(0, count).ToArray();
            int take = Math.Min(ExampleWindows, count);
            for (int i = 0; i < take; i++)
            {
                int j = random.Next(i, count);
                (order[i], order[j]) = (order[j], order[i]);
            }
            return order[..take];
        }

        private static IReadOnlyList<IReadOnlyList<double>> Series(float[] windows, int length, int features, int feature, int[] picked) =>
            picked.Select(w => (IReadOnlyList<double>)Enumerable.Range(0, length)
                .Select(t => (double)SequenceWindows.At(windows, length, features, w, t, feature)).ToArray()).ToArray();
    }
}
