using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.ML.Gan.Sequences;
using Microsoft.ML.Runtime;

namespace Microsoft.ML
{
    public sealed partial class GenerativeCatalog
    {
        private const string SequenceEvaluationName = "SequenceEvaluation";

        /// <summary>
        /// Compares generated sequences with real ones as the time-series GAN literature does (TimeGAN and the papers
        /// after it): both views, in long format (one row per step), are cut into windows of <paramref name="windowLength"/>
        /// steps at stride 1 within each sequence, both are scaled with one min-max scaling per feature fitted on the real
        /// rows, and the windows are scored: the discriminative score (|accuracy − 0.5| of a post-hoc GRU classifier, 0 best),
        /// the predictive score (mean absolute error on the real windows of a post-hoc GRU trained on the generated ones)
        /// and each feature's marginal distances and autocorrelation curves. The scores train two small networks on the CPU
        /// (2,000 and 5,000 steps, the protocol's), about a minute for a few thousand windows.
        /// </summary>
        /// <param name="real">The real sequences in long format.</param>
        /// <param name="generated">The generated sequences in long format, with the same feature columns, for example
        /// <see cref="SequenceGanTransformer.Generate(int, int?)"/>'s rows.</param>
        /// <param name="featureColumnNames">The numeric columns of one step (scalar Single or Double) in both views.</param>
        /// <param name="sequenceIdColumnName">The column telling the real sequences apart; null: <paramref name="real"/> is one series.</param>
        /// <param name="orderColumnName">The column ordering the real steps (must increase within each sequence); null: row order.</param>
        /// <param name="generatedSequenceIdColumnName">The column telling the generated sequences apart, by default the
        /// sequence GAN's (<see cref="SequenceGanEstimator.Options.OutputSequenceIdColumnName"/>); null: <paramref name="generated"/> is one series.</param>
        /// <param name="generatedOrderColumnName">The column ordering the generated steps, by default the sequence GAN's
        /// (<see cref="SequenceGanEstimator.Options.OutputStepColumnName"/>); null: row order.</param>
        /// <param name="windowLength">Steps per window (the literature's 24); every sequence of both views needs at least this many rows.</param>
        /// <param name="realPredictiveScore">Whether to also train the predictor on the real windows themselves, the
        /// predictive score's reference (<see cref="SequenceMetrics.RealPredictiveScore"/>; as long again as the predictive score).</param>
        /// <param name="seed">Seeds both scores and the report's example windows: the same seed gives the same metrics.</param>
        /// <returns>The scores and per-feature comparisons; <see cref="GanReport.SaveSequenceMetrics"/> draws them.</returns>
        /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type (the message names it and
        /// the view, <paramref name="real"/> or <paramref name="generated"/>), or an argument is out of range.</exception>
        /// <exception cref="ArgumentException">The values are not sequences of whole windows: an order column not increasing within
        /// a sequence, a sequence shorter than the window, a missing or infinite value, fewer than two windows.</exception>
        public SequenceMetrics EvaluateSequences(IDataView real, IDataView generated, string[] featureColumnNames,
            string? sequenceIdColumnName = null, string? orderColumnName = null,
            string? generatedSequenceIdColumnName = "SequenceId", string? generatedOrderColumnName = "Step",
            int windowLength = 24, bool realPredictiveScore = false, int seed = 0) =>
            EvaluateSequences(real, generated, featureColumnNames, sequenceIdColumnName, orderColumnName,
                generatedSequenceIdColumnName, generatedOrderColumnName, windowLength, realPredictiveScore, seed,
                SequenceScores.DiscriminativeSteps, SequenceScores.PredictiveSteps);

        /// <summary>
        /// Compares a trained sequence GAN's sequences with real ones, as
        /// <see cref="EvaluateSequences(IDataView, IDataView, string[], string?, string?, string?, string?, int, bool, int)"/> does:
        /// <paramref name="real"/> is read with the model's columns (its feature, sequence-id and order columns) and cut into
        /// windows of the model's <see cref="SequenceGanTransformer.WindowLength"/>, the model generates
        /// <paramref name="count"/> windows, and both are scaled with one min-max scaling fitted on the real rows (the
        /// generated values pass through the data's units in double precision, without rounding to the columns' types).
        /// A model with categorical features, missing values or whole sequences is scored beyond the published protocol:
        /// every value of its encoded steps is a feature (numbers scaled by the model, a missing flag, one value per
        /// category, the present flag that pads whole sequences), the real data read with its attribute columns too.
        /// </summary>
        /// <param name="real">Real sequences in long format with the model's training columns: its training data, or rows held out from it.</param>
        /// <param name="model">The trained sequence GAN.</param>
        /// <param name="count">Windows to generate; null generates as many as <paramref name="real"/> has (the protocol's choice).</param>
        /// <param name="generationSeed">The seed the model generates with; null uses <see cref="SequenceGanTransformer.Seed"/>.</param>
        /// <param name="realPredictiveScore">Whether to also train the predictor on the real windows themselves (<see cref="SequenceMetrics.RealPredictiveScore"/>).</param>
        /// <param name="seed">Seeds both scores and the report's example windows.</param>
        /// <returns>The scores and per-feature comparisons; <see cref="GanReport.SaveSequenceMetrics"/> draws them.</returns>
        public SequenceMetrics EvaluateSequences(IDataView real, SequenceGanTransformer model, int? count = null, int? generationSeed = null,
            bool realPredictiveScore = false, int seed = 0) =>
            EvaluateSequences(real, model, count, generationSeed, realPredictiveScore, seed,
                SequenceScores.DiscriminativeSteps, SequenceScores.PredictiveSteps);

        /// <summary>The public overload with the scores' training steps given (the protocol's unless a test needs fewer).</summary>
        internal SequenceMetrics EvaluateSequences(IDataView real, IDataView generated, string[] featureColumnNames,
            string? sequenceIdColumnName, string? orderColumnName, string? generatedSequenceIdColumnName, string? generatedOrderColumnName,
            int windowLength, bool realPredictiveScore, int seed, int discriminativeSteps, int predictiveSteps)
        {
            var host = Environment.Register(SequenceEvaluationName);
            host.CheckValue(real, nameof(real));
            host.CheckValue(generated, nameof(generated));
            CheckFeatureNames(host, featureColumnNames);
            host.CheckParam(windowLength >= 2, nameof(windowLength), $"must be at least 2 (a window needs a next step to predict and autocorrelate), but is {windowLength}.");
            var realColumns = new SequenceColumns((string[])featureColumnNames.Clone(), sequenceIdColumnName, orderColumnName);
            var generatedColumns = new SequenceColumns(realColumns.Features, generatedSequenceIdColumnName, generatedOrderColumnName);
            // Both schemas before either view is read: a misnamed generated column fails at once, not after the real rows.
            realColumns.Check(host, real.Schema, nameof(real));
            generatedColumns.Check(host, generated.Schema, nameof(generated));

            var cancel = new FitCancellation(host, default);
            var realRaw = SequenceReader.Read(host, real, realColumns, windowLength, null, cancel, nameof(real));
            var scaling = SequenceEncoding.Fit(host, realRaw, windowLength, false, nameof(real));
            var realData = scaling.Encode(host, realRaw, nameof(real));
            var generatedData = scaling.Encode(host, SequenceReader.Read(host, generated, generatedColumns, windowLength, null, cancel, nameof(generated)), nameof(generated));
            return Score(host, realData.AllWindows(), generatedData.AllWindows(), windowLength, realColumns.Features,
                realPredictiveScore, seed, discriminativeSteps, predictiveSteps);
        }

        /// <summary>The public overload with the scores' training steps given (the protocol's unless a test needs fewer).</summary>
        internal SequenceMetrics EvaluateSequences(IDataView real, SequenceGanTransformer model, int? count, int? generationSeed,
            bool realPredictiveScore, int seed, int discriminativeSteps, int predictiveSteps)
        {
            var host = Environment.Register(SequenceEvaluationName);
            host.CheckValue(real, nameof(real));
            host.CheckValue(model, nameof(model));
            host.CheckParam(count is null || count >= 2, nameof(count), $"must be at least 2 (or null for as many as the real windows), but is {count}.");
            if (model.WholeSequences || !model.Encoding.Steps.Shape.IsPlain)
            {
                // Categories, missing values and padding have no place in the published protocol, which scores numbers in
                // windows: here every value of an encoded step is a feature (a number, its missing flag, one per category,
                // the present flag), real steps encoded by the model's codings, generated ones hardened to the same form.
                var realSteps = model.ScaledWindows(real);
                int size = model.WindowLength * model.Encoding.StepWidth;
                var generatedSteps = model.GenerateScaledWindows(count ?? realSteps.Length / size, generationSeed ?? model.Seed);
                return Score(host, realSteps, generatedSteps, model.WindowLength, model.Encoding.StepValueNames(), realPredictiveScore, seed,
                    discriminativeSteps, predictiveSteps);
            }
            var columns = new SequenceColumns(model.FeatureColumnNames.ToArray(), model.SequenceIdColumnName, model.OrderColumnName);
            columns.Check(host, real.Schema, nameof(real));
            var realRaw = SequenceReader.Read(host, real, columns, model.WindowLength, null, new FitCancellation(host, default), nameof(real));
            var scaling = SequenceEncoding.Fit(host, realRaw, model.WindowLength, false, nameof(real));
            var realData = scaling.Encode(host, realRaw, nameof(real));
            var generated = model.GenerateScaledWindows(count ?? realData.Count, generationSeed ?? model.Seed, scaling.Steps);
            return Score(host, realData.AllWindows(), generated, model.WindowLength, columns.Features, realPredictiveScore, seed,
                discriminativeSteps, predictiveSteps);
        }

        private static void CheckFeatureNames(IHost host, string[] featureColumnNames)
        {
            host.CheckValue(featureColumnNames, nameof(featureColumnNames));
            host.CheckParam(featureColumnNames.Length > 0, nameof(featureColumnNames), "must name at least one numeric column.");
            foreach (string name in featureColumnNames)
                host.CheckParam(!string.IsNullOrWhiteSpace(name), nameof(featureColumnNames), "must not hold a null or empty name.");
            var twice = featureColumnNames.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
                throw host.ExceptParam(nameof(featureColumnNames), $"names column '{twice.Key}' twice.");
        }

        private static SequenceMetrics Score(IHost host, float[] real, float[] generated, int length, IReadOnlyList<string> features,
            bool realPredictiveScore, int seed, int discriminativeSteps, int predictiveSteps)
        {
            using var ch = host.Start("Scoring sequences");
            int size = length * features.Count;
            ch.Info(MessageSensitivity.None,
                $"Scoring {real.Length / size} real and {generated.Length / size} generated windows of {length} steps × {features.Count} features: " +
                $"a classifier ({discriminativeSteps} steps) and a predictor ({predictiveSteps} steps{(realPredictiveScore ? ", twice" : "")}).");
            var metrics = SequenceEvaluation.Evaluate(real, generated, length, features, seed, realPredictiveScore,
                discriminativeSteps: discriminativeSteps, predictiveSteps: predictiveSteps);
            ch.Info(MessageSensitivity.None, FormattableString.Invariant(
                $"Discriminative score {metrics.DiscriminativeScore:F4}, predictive score {metrics.PredictiveScore:F4}, autocorrelation difference {metrics.AutocorrelationDifference:F4}."));
            return metrics;
        }
    }
}
