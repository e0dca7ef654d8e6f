using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.Data.Analysis;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.ML.Gan.Sequences;

namespace Microsoft.ML.Gan.Benchmarks.Sequences
{
    /// <summary>
    /// `seqgan`: issue #22's goal table. SequenceGan with its default options (only the seed, and the epochs when
    /// --epochs is given) trained on Sines and on Stocks in long format, its generated windows scored by the protocol of
    /// the `sequences` mode (<see cref="SequenceBenchmark.ScoreGenerated"/>: both scores, the predictive score of the real
    /// windows for reference, the marginals and autocorrelation curves), as many generated windows as the set has.
    /// Both sides are compared in the set's own scaling, the published one (Sines (x + 1) / 2, Stocks min-max over the
    /// series): the model trains on those values, learns its own min-max scaling of them, and its windows are mapped back
    /// through it. Re-fitting min-max on the real windows, as EvaluateSequences does, would stretch Sines' [0.5, 1] to
    /// [0, 1] and double its predictive score, away from the published figures.
    /// Arguments: [--sets sines,stocks] [--runs 3] [--seed 1] [--epochs (the default)] [--csv stocks.csv] [--png dir]
    /// [--discriminative-steps 2000] [--predictive-steps 5000]. A line per run, then a markdown table of mean ± sd.
    /// </summary>
    internal static class SequenceGanBenchmark
    {
        private const string IdColumn = "Window", OrderColumn = "Time";

        // Issue #22's goals: the best published figures (Diffusion-TS on Stocks' discriminative score, TimeGAN otherwise).
        private static readonly Dictionary<string, (double Discriminative, double Predictive)> Goals = new()
        {
            ["Sines"] = (0.011, 0.093),
            ["Stocks"] = (0.067, 0.038),
        };

        private static string I(FormattableString text) => FormattableString.Invariant(text);

        private sealed record RunResult(SequenceMetrics Metrics, double TrainSeconds, double ScoreSeconds);

        public static int Run(string[] args)
        {
            var sets = (Options.String(args, "--sets", "sines,stocks") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            int runs = Options.Int(args, "--runs", 3), seed = Options.Int(args, "--seed", 1);
            int? epochs = Options.String(args, "--epochs", null) is null ? null : Options.Int(args, "--epochs", 0);
            int discriminativeSteps = Options.Int(args, "--discriminative-steps", SequenceScores.DiscriminativeSteps);
            int predictiveSteps = Options.Int(args, "--predictive-steps", SequenceScores.PredictiveSteps);
            string? png = Options.String(args, "--png", null), csv = Options.String(args, "--csv", null);
            var defaults = new SequenceGanEstimator.Options();
            Console.WriteLine(
                I($"SequenceGan with its defaults ({epochs ?? defaults.Epochs} epochs{(epochs is null ? "" : $", the default is {defaults.Epochs}")}, batch {defaults.BatchSize}, ") +
                I($"GRU layers {string.Join("/", defaults.GeneratorHiddenLayers)} and {string.Join("/", defaults.DiscriminatorHiddenLayers)}, {defaults.Loss}): ") +
                I($"{runs} run(s) from seed {seed}, scored with {discriminativeSteps} classifier and {predictiveSteps} predictor steps, libtorch threads {TorchSharp.torch.get_num_threads()}."));

            var results = new List<(string Set, string Label, List<RunResult> Runs)>();
            foreach (string name in sets)
            {
                if (name is not ("sines" or "stocks"))
                    throw new ArgumentException($"unknown set '{name}'; use sines or stocks");
                // Sines are drawn anew each run; Stocks is the one series.
                SequenceSet? stocks = name == "stocks" ? SequenceSet.Stocks(csv) : null;
                var done = new List<RunResult>();
                string label = "";
                for (int run = 0; run < runs; run++)
                {
                    int s = seed + run;
                    var set = stocks ?? SequenceSet.Sines(s);
                    label = $"{set.Name} ({set.Count} × {set.Length} × {set.Features.Length})";
                    var result = TrainAndScore(set, s, epochs, discriminativeSteps, predictiveSteps);
                    done.Add(result);
                    var m = result.Metrics;
                    Console.WriteLine(
                        I($"{set.Name} seed {s}: discriminative {m.DiscriminativeScore:F3}, predictive {m.PredictiveScore:F3} (real {m.RealPredictiveScore:F3}), ") +
                        I($"autocorrelation difference {m.AutocorrelationDifference:F3}, Wasserstein {m.MeanWasserstein:F3}; train {result.TrainSeconds:F0} s, score {result.ScoreSeconds:F0} s"));
                    if (png is not null)
                    {
                        string path = Path.Combine(png, FormattableString.Invariant($"seqgan-{set.Name.ToLowerInvariant()}-seed{s}.png"));
                        GanReport.SaveSequenceMetrics(m, path);
                        Console.Error.WriteLine($"wrote {path}");
                    }
                }
                results.Add((name, label, done));
            }

            Console.WriteLine();
            Console.WriteLine("| set | discriminative (goal) | predictive (goal) | predictive, real → real | autocorrelation difference | mean Wasserstein | runs | epochs | train s per run |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var (_, label, done) in results)
            {
                var goal = Goals[label.Split(' ')[0]];
                Console.WriteLine(
                    I($"| {label} | {Spread.MeanAndDeviation(done.Select(r => r.Metrics.DiscriminativeScore))} (≤ {goal.Discriminative:F3}) ") +
                    I($"| {Spread.MeanAndDeviation(done.Select(r => r.Metrics.PredictiveScore))} (≤ {goal.Predictive:F3}) ") +
                    I($"| {Spread.MeanAndDeviation(done.Select(r => r.Metrics.RealPredictiveScore))} ") +
                    I($"| {Spread.MeanAndDeviation(done.Select(r => r.Metrics.AutocorrelationDifference))} ") +
                    I($"| {Spread.MeanAndDeviation(done.Select(r => r.Metrics.MeanWasserstein))} ") +
                    I($"| {done.Count} | {epochs ?? defaults.Epochs} | {Spread.MeanAndDeviation(done.Select(r => r.TrainSeconds), "F0")} |"));
            }
            return 0;
        }

        private static RunResult TrainAndScore(SequenceSet set, int seed, int? epochs, int discriminativeSteps, int predictiveSteps)
        {
            var ml = new MLContext(seed);
            var options = new SequenceGanEstimator.Options
            {
                FeatureColumnNames = set.Features,
                SequenceIdColumnName = set.Name == "Stocks" ? null : IdColumn,
                OrderColumnName = OrderColumn,
                WindowLength = set.Length,
                Seed = seed,
            };
            if (epochs is int e)
                options.Epochs = e;
            var clock = Stopwatch.StartNew();
            using var model = ml.Generative().SequenceGan(options).Fit(LongFormat(set));
            double trainSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            // The model's windows in its own scaling, mapped back into the values it was given: the set's scaling.
            var identity = new BlockCoding(set.Features.Select(name => ColumnCoding.Scaled(name, false, 0, 1)).ToArray());
            var generated = model.GenerateScaledWindows(set.Count, seed, identity);
            var metrics = SequenceBenchmark.ScoreGenerated(set, generated, seed, discriminativeSteps, predictiveSteps);
            return new RunResult(metrics, trainSeconds, clock.Elapsed.TotalSeconds);
        }

        /// <summary>
        /// The set in long format: Sines as one sequence per window (ids in <see cref="IdColumn"/>), Stocks as its one
        /// series of days rebuilt from its windows (stride 1: window w's first step is day w, the last window adds the
        /// days after it), so that the model cuts exactly the set's windows. <see cref="OrderColumn"/> numbers the steps.
        /// </summary>
        private static DataFrame LongFormat(SequenceSet set)
        {
            int f = set.Features.Length, l = set.Length;
            bool oneSeries = set.Name == "Stocks";
            int rows = oneSeries ? set.Count + l - 1 : set.Count * l;
            var ids = new int[rows];
            var order = new int[rows];
            var values = new float[f][];
            for (int k = 0; k < f; k++)
                values[k] = new float[rows];
            for (int r = 0; r < rows; r++)
            {
                int window = oneSeries ? Math.Min(r, set.Count - 1) : r / l;
                int step = oneSeries ? r - window : r % l;
                ids[r] = oneSeries ? 0 : window;
                order[r] = oneSeries ? r : step;
                for (int k = 0; k < f; k++)
                    values[k][r] = set.Windows[((long)window * l + step) * f + k];
            }
            var columns = new List<DataFrameColumn> { new PrimitiveDataFrameColumn<int>(OrderColumn, order) };
            if (!oneSeries)
                columns.Add(new PrimitiveDataFrameColumn<int>(IdColumn, ids));
            for (int k = 0; k < f; k++)
                columns.Add(new PrimitiveDataFrameColumn<float>(set.Features[k], values[k]));
            return new DataFrame(columns);
        }
    }
}
