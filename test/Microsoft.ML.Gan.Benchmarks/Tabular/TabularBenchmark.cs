using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks.Tabular
{
    /// <summary>
    /// TabularGan on UCI Adult under the efficacy protocol: the synthesizer learns the real 80%, generates as many
    /// rows, and classifiers trained on those are tested on the real 20% against the same classifiers trained on
    /// the real 80%. Also per-column similarity (KS / TVD), the association-matrix difference, the memorisation
    /// figures of the evaluation API (rows one-hot encoded and standardised) and seconds per epoch. With --privacy, the
    /// privacy checks of EvaluateTablePrivacy (#23) with the real 20% as the held-out rows.
    /// With --epsilon ε, the model trains with differential privacy (Privacy = { Epsilon = ε }, the cross-entropy loss).
    /// --set Name=value,... sets further options (TabularSettings).
    /// Arguments: [--epochs 100] [--seed 1] [--csv path] [--batch 500] [--gen-seed 7] [--ema 0.999] [--privacy] [--epsilon 3]
    /// [--set Name=value,...]. Markdown to stdout.
    /// </summary>
    public static class TabularBenchmark
    {
        public static int Run(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            int epochs = Options.Int(args, "--epochs", 100);
            int seed = Options.Int(args, "--seed", 1);
            int generationSeed = Options.Int(args, "--gen-seed", 7);
            string path = Options.String(args, "--csv", null) ?? AdultData.Find();
            var ml = new MLContext(seed);
            var protocol = MachineLearningEfficacy.ForAdult(ml);
            var (train, test) = protocol.Split(AdultData.Load(ml, path), seed: seed);
            int trainRows = (int)train.Preview(int.MaxValue).RowView.Length;

            var options = new TabularGanEstimator.Options
            {
                Epochs = epochs,
                BatchSize = Options.String(args, "--batch", null) is string batch ? int.Parse(batch, CultureInfo.InvariantCulture) : null,
                Seed = seed,
                GeneratorEmaDecay = float.Parse(Options.String(args, "--ema", "0.999")!, CultureInfo.InvariantCulture),
                Progress = new Progress(epochs),
            };
            if (Options.String(args, "--epsilon", null) is string epsilon)
            {
                options.Privacy = new DifferentialPrivacyOptions { Epsilon = double.Parse(epsilon, CultureInfo.InvariantCulture) };
                options.Loss = GanLoss.NonSaturating;
            }
            if (Options.String(args, "--set", null) is string set)
                TabularSettings.Apply(options, set);
            var fitClock = Stopwatch.StartNew();
            using var model = ml.Generative().TabularGan(options).Fit(train);
            fitClock.Stop();
            double secondsPerEpoch = model.TrainingHistory.Average(m => m.Seconds);

            var generateClock = Stopwatch.StartNew();
            var synthetic = ml.Data.Cache(model.Generate(trainRows, generationSeed));
            synthetic.Preview(1);
            long syntheticRows = synthetic.Preview(int.MaxValue).RowView.Length;
            generateClock.Stop();

            var real = protocol.Evaluate(train, test);
            var fake = protocol.Evaluate(synthetic, test);
            var similarity = ml.Generative().EvaluateTable(train, synthetic);
            var memorisation = Memorisation(ml, train, test, synthetic);
            var privacyClock = Stopwatch.StartNew();
            var privacy = Options.Flag(args, "--privacy") ? ml.Generative().EvaluateTablePrivacy(train, test, synthetic, seed: seed) : null;
            privacyClock.Stop();

            Console.WriteLine($"Adult ({path}): {trainRows} training rows, split seed {seed}; TabularGan {epochs} epochs (batch {options.BatchSize?.ToString(CultureInfo.InvariantCulture) ?? "automatic"}, " +
                $"packing {options.Packing}, EMA {options.GeneratorEmaDecay}), {syntheticRows} synthetic rows (seed {generationSeed}).");
            if (model.Privacy is { } guarantee)
                Console.WriteLine($"Differential privacy: ε = {guarantee.Epsilon:F3} at δ = {guarantee.Delta:G3} (target {options.Privacy!.Epsilon}); σ = {guarantee.NoiseMultiplier:F3}, " +
                    $"q = {guarantee.SampleRate:G3}, {guarantee.Steps} critic steps, statistics σ = {guarantee.StatisticsNoiseMultiplier:F2}.");
            Console.WriteLine(string.Concat(
                $"Fit {fitClock.Elapsed.TotalSeconds:F0} s ({secondsPerEpoch:F2} s per epoch, {Environment.ProcessorCount} cores); generation {generateClock.Elapsed.TotalSeconds:F1} s."));
            Console.WriteLine();
            Console.WriteLine("| classifier | F1 (>50K) real | F1 synthetic | F1 ratio | accuracy real | accuracy synthetic | accuracy ratio | AUC real | AUC synthetic | AUC ratio |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var (r, s) in real.Zip(fake))
                Console.WriteLine(string.Concat(
                    $"| {r.Classifier} | {r.F1:F3} | {s.F1:F3} | {s.F1 / r.F1:F3} | {r.Accuracy:F3} | {s.Accuracy:F3} | {s.Accuracy / r.Accuracy:F3} | {r.Auc:F3} | {s.Auc:F3} | {s.Auc / r.Auc:F3} |"));
            Console.WriteLine();
            Console.WriteLine("| column | metric | distance | missing-rate difference |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var c in similarity.Columns)
                Console.WriteLine(string.Concat($"| {c.Column} | {c.Metric} | {c.Distance:F3} | {c.MissingRateDifference:F3} |"));
            Console.WriteLine();
            Console.WriteLine(string.Concat(
                $"Mean KS (continuous) {similarity.MeanKolmogorovSmirnov:F3}; mean TVD (categorical) {similarity.MeanTotalVariation:F3}; " +
                $"association-matrix mean absolute difference {similarity.AssociationDifference:F3}."));
            Console.WriteLine(string.Concat(
                $"Memorisation: {memorisation.MemorisedShare:P2} of synthetic rows closer to a training row than the training set's closest pair " +
                $"({memorisation.TrainingClosestPairDistance:F3}); median distance to the nearest training row: synthetic {memorisation.MedianSyntheticToTrainingDistance:F3}, " +
                $"held-out real {memorisation.MedianRealToTrainingDistance:F3} ({memorisation.SyntheticCount} synthetic, {memorisation.RealCount} real, {memorisation.TrainingCount} training rows)."));
            Console.WriteLine(string.Concat(
                $"Also: classifier two-sample AUC {memorisation.ClassifierAuc:F3}, precision {memorisation.Precision:F3}, recall {memorisation.Recall:F3}, coverage {memorisation.Coverage:F3}."));
            if (privacy is not null)
            {
                Console.WriteLine($"Privacy checks (held-out rows: the real 20%; {privacyClock.Elapsed.TotalSeconds:F1} s): {privacy}.");
                // The noise floor: real rows the "model" never saw as the synthetic set (a quarter of the training rows,
                // the other three quarters as the training set), which can leak nothing.
                var parts = ml.Data.TrainTestSplit(train, 0.25, seed: 100 + seed);
                Console.WriteLine($"Reference, unseen real rows as the synthetic set: {ml.Generative().EvaluateTablePrivacy(parts.TrainSet, test, parts.TestSet, seed: seed)}.");
            }
            return 0;
        }

        // Rows as numbers for the distance-based evaluation: one-hot categories and standardised numbers, fitted on the training rows.
        private static GenerativeMetrics Memorisation(MLContext ml, IDataView train, IDataView test, IDataView synthetic)
        {
            var encoded = AdultData.Categorical.Select(c => new InputOutputColumnPair("OneHot" + c, c)).ToArray();
            var featurize = ml.Transforms.Categorical.OneHotEncoding(encoded)
                .Append(ml.Transforms.Concatenate("Features", AdultData.Numeric.Concat(encoded.Select(e => e.OutputColumnName)).ToArray()))
                .Append(ml.Transforms.NormalizeMeanVariance("Features"))
                .Fit(train);
            return ml.Generative().Evaluate(featurize.Transform(test), featurize.Transform(synthetic), columnName: "Features",
                training: featurize.Transform(train), maxRows: 2000);
        }

        private sealed class Progress : IProgress<GanProgress>
        {
            private readonly int _epochs;

            public Progress(int epochs) => _epochs = epochs;

            public void Report(GanProgress p)
            {
                if (p.Epoch == 1 || p.Epoch % 10 == 0 || p.Epoch == _epochs)
                    Console.Error.WriteLine(string.Concat(
                        $"epoch {p.Epoch}/{p.TotalEpochs}: {p.Metrics.Seconds:F2} s, D {p.Metrics.DiscriminatorLoss:F3}, G {p.Metrics.GeneratorLoss:F3}, left {p.EstimatedRemaining:hh\\:mm\\:ss}"));
            }
        }
    }
}
