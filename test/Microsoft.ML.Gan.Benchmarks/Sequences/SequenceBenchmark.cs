using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Gan.Evaluation;

namespace Microsoft.ML.Gan.Benchmarks.Sequences
{
    /// <summary>One benchmark set of windows: what is scored against, and the published figures beside it.</summary>
    /// <param name="PublishedRealPredictive">The published predictive score of the real windows themselves.</param>
    internal sealed record SequenceSet(string Name, float[] Windows, int Length, string[] Features, double PublishedRealPredictive)
    {
        public int Count => Windows.Length / (Length * Features.Length);

        public static SequenceSet Sines(int seed) =>
            new("Sines", SinesData.Generate(SinesData.Windows, SinesData.Length, SinesData.Features, seed), SinesData.Length,
                Enumerable.Range(1, SinesData.Features).Select(k => "sine " + k).ToArray(), 0.094);

        public static SequenceSet Stocks(string? path = null) =>
            new("Stocks", StocksData.Windows(path ?? StocksData.Find()), StocksData.Length, StocksData.Header, 0.036);
    }

    /// <summary>
    /// `sequences`: the scoring protocol of the time-series GAN literature (Evaluation/SequenceScores) checked on
    /// baselines whose answer is known, on Sines and Stocks: the predictive score of the real windows themselves (must
    /// come out near the published "real data" figure), the discriminative score of real against held-out real windows
    /// (near 0) and against poor generators (near 0.5): each window's steps shuffled (same values, no dynamics) and
    /// independent uniform noise. <see cref="ScoreGenerated"/> is the hook that scores a generator's windows the same way.
    /// Arguments: [--sets sines,stocks] [--runs 3] [--seed 1] [--csv stocks.csv] [--png dir]
    /// [--discriminative-steps 2000] [--predictive-steps 5000]. Prints markdown tables.
    /// </summary>
    internal static class SequenceBenchmark
    {
        public static int Run(string[] args)
        {
            var sets = (Options.String(args, "--sets", "sines,stocks") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            int runs = Options.Int(args, "--runs", 3), seed = Options.Int(args, "--seed", 1);
            int discriminativeSteps = Options.Int(args, "--discriminative-steps", SequenceScores.DiscriminativeSteps);
            int predictiveSteps = Options.Int(args, "--predictive-steps", SequenceScores.PredictiveSteps);
            string? png = Options.String(args, "--png", null), csv = Options.String(args, "--csv", null);
            Console.WriteLine(FormattableString.Invariant(
                $"Sequence scoring baselines: {runs} run(s) from seed {seed}, {discriminativeSteps} classifier and {predictiveSteps} predictor steps, libtorch threads {TorchSharp.torch.get_num_threads()}."));
            Console.WriteLine();
            Console.WriteLine("| set | check | expected | score (mean ± sd over runs) | runs | s per score |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (string name in sets)
            {
                var checks = new Dictionary<string, (string Expected, List<double> Scores, List<double> Seconds)>();
                void Record(string check, string expected, Func<double> score)
                {
                    if (!checks.TryGetValue(check, out var entry))
                        checks[check] = entry = (expected, new List<double>(), new List<double>());
                    var clock = Stopwatch.StartNew();
                    entry.Scores.Add(score());
                    entry.Seconds.Add(clock.Elapsed.TotalSeconds);
                }
                SequenceSet? stocks = name == "stocks" ? SequenceSet.Stocks(csv) : null;
                for (int run = 0; run < runs; run++)
                {
                    int s = seed + run;
                    // Sines are drawn anew each run; Stocks is the one series.
                    var set = stocks ?? (name == "sines" ? SequenceSet.Sines(s) : throw new ArgumentException($"unknown set '{name}'; use sines or stocks"));
                    var (half, otherHalf) = Halves(set, s);
                    var shuffled = StepsShuffled(set, s);
                    var noise = Noise(set, s);
                    int f = set.Features.Length, l = set.Length;
                    Record("predictive, real → real", FormattableString.Invariant($"published {set.PublishedRealPredictive:F3}"),
                        () => SequenceScores.Predictive(set.Windows, set.Windows, l, f, s, steps: predictiveSteps));
                    Record("discriminative, real half vs the other half", "≈ 0",
                        () => SequenceScores.Discriminative(half, otherHalf, l, f, s, steps: discriminativeSteps));
                    Record("discriminative, real vs steps shuffled", "≈ 0.5",
                        () => SequenceScores.Discriminative(set.Windows, shuffled, l, f, s, steps: discriminativeSteps));
                    Record("discriminative, real vs uniform noise", "≈ 0.5",
                        () => SequenceScores.Discriminative(set.Windows, noise, l, f, s, steps: discriminativeSteps));
                    Record("predictive, steps shuffled → real", "above real → real",
                        () => SequenceScores.Predictive(shuffled, set.Windows, l, f, s, steps: predictiveSteps));
                    if (png is not null && run == 0)
                    {
                        var metrics = ScoreGenerated(set, shuffled, s, discriminativeSteps, predictiveSteps);
                        string path = Path.Combine(png, $"sequences-{set.Name.ToLowerInvariant()}-steps-shuffled.png");
                        GanReport.SaveSequenceMetrics(metrics, path);
                        Console.Error.WriteLine($"wrote {path}");
                    }
                }
                string label = stocks is null ? $"Sines ({SinesData.Windows} × {SinesData.Length} × {SinesData.Features})"
                    : $"Stocks ({stocks.Count} × {stocks.Length} × {stocks.Features.Length})";
                foreach (var (check, (expected, scores, seconds)) in checks)
                    Console.WriteLine(FormattableString.Invariant(
                        $"| {label} | {check} | {expected} | {Spread.MeanAndDeviation(scores)} | {scores.Count} | {seconds.Average():F1} |"));
            }
            return 0;
        }

        /// <summary>
        /// The hook for a generator: its windows (<paramref name="generated"/>, the set's layout and scaling) scored against
        /// <paramref name="set"/> with both scores, the marginals and the autocorrelation curves, as the protocol defines them.
        /// </summary>
        public static SequenceMetrics ScoreGenerated(SequenceSet set, float[] generated, int seed,
            int discriminativeSteps = SequenceScores.DiscriminativeSteps, int predictiveSteps = SequenceScores.PredictiveSteps) =>
            SequenceEvaluation.Evaluate(set.Windows, generated, set.Length, set.Features, seed, realBaseline: true,
                discriminativeSteps: discriminativeSteps, predictiveSteps: predictiveSteps);

        // The windows split at random into two halves (for Stocks, overlapping windows of one series fall on both sides).
        private static (float[] A, float[] B) Halves(SequenceSet set, int seed)
        {
            int size = set.Length * set.Features.Length;
            var order = Enumerable.Range(0, set.Count).ToArray();
            new Random(seed).Shuffle(order);
            float[] Take(IEnumerable<int> windows) => windows.SelectMany(w => set.Windows.AsSpan(w * size, size).ToArray()).ToArray();
            return (Take(order.Take(set.Count / 2)), Take(order.Skip(set.Count / 2)));
        }

        // A poor generator with the right marginals: each window's steps in a random order (all features moved together).
        private static float[] StepsShuffled(SequenceSet set, int seed)
        {
            var random = new Random(unchecked(seed * 31 + 7));
            int f = set.Features.Length, size = set.Length * f;
            var result = new float[set.Windows.Length];
            var steps = Enumerable.Range(0, set.Length).ToArray();
            for (int w = 0; w < set.Count; w++)
            {
                random.Shuffle(steps);
                for (int t = 0; t < set.Length; t++)
                    Array.Copy(set.Windows, w * size + steps[t] * f, result, w * size + t * f, f);
            }
            return result;
        }

        // A poor generator with nothing right: independent uniform values in [0, 1].
        private static float[] Noise(SequenceSet set, int seed)
        {
            var random = new Random(unchecked(seed * 31 + 11));
            return Enumerable.Range(0, set.Windows.Length).Select(_ => (float)random.NextDouble()).ToArray();
        }
    }
}
