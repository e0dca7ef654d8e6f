using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using GaussianMixture;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

using static Microsoft.ML.Gan.Benchmarks.BenchmarkViews;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `training` table: GanEstimator.Fit against a bare TorchSharp loop (<see cref="BareGanLoop"/>) with
    /// the same networks (latent 2, 256x256 both), batch 256, k = 1 and number of iterations, in one process;
    /// the bare loop with GanTrainer's extras one at a time, with the time measured inside each extra's calls;
    /// and generation of 100,000 rows (Generate, Transform, a bare loop). Each variant is warmed up once, then
    /// the training variants are timed round-robin (so drift in machine speed hits all alike), N times each;
    /// the table has medians. Usage: training [--steps 1000] [--reps 3] [--threads N]
    /// </summary>
    internal static class TrainingBenchmark
    {
        private const int Batch = 256;
        private const int Latent = 2;
        private const int Features = 2;
        private const int GenerateRows = 100_000;
        private const int WarmupSteps = 20;
        private const string Bare = "bare TorchSharp loop";
        private static readonly int[] Hidden = { 256, 256 };
        private static readonly float[] EmaDecays = { 0f, 0.999f };

        private static readonly (string Name, BareExtras Extras)[] BareVariants =
        {
            (Bare, BareExtras.None),
            ("bare + 4 .item() reads (D loss, 2 scores, G loss)", BareExtras.Items),
            ("bare + clip_grad_norm_(inf) on D and G (norm metric)", BareExtras.GradNorm),
            ("bare + EMA update of G", BareExtras.Ema),
            ("bare + D requires_grad off during G step", BareExtras.FreezeCritic),
            ("bare + all five (GanTrainer's per-iteration work: EMA, lazy R1)", BareExtras.All),
        };

        public static int Run(string[] args)
        {
            int steps = IntOption(args, "--steps", 1000);
            int reps = IntOption(args, "--reps", 3);
            if (IntOption(args, "--threads", 0) is int threads and > 0)
                torch.set_num_threads(threads);

            // rows = steps * batch: one epoch of Fit is exactly `steps` iterations.
            var points = GaussianMixtures.Ring.Sample(steps * Batch, seed: 1);
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(points.Select(p => new Point { Features = p }));
            using var matrix = torch.tensor(points.SelectMany(p => p).ToArray(), new long[] { points.Length, Features });

            var times = new Dictionary<string, List<double>>();
            var extras = new Dictionary<string, List<IReadOnlyDictionary<BareExtras, double>>>();
            void Add<T>(Dictionary<string, List<T>> d, string key, T value) =>
                (d.TryGetValue(key, out var list) ? list : d[key] = new List<T>()).Add(value);

            Console.Error.WriteLine("warming up ...");
            foreach (float ema in EmaDecays)
                Fit(ml, data, ema, WarmupSteps * Batch).Dispose();
            foreach (var (_, flags) in BareVariants)
                TrainBare(matrix, WarmupSteps, flags);
            for (int rep = 1; rep <= reps; rep++)
            {
                Console.Error.WriteLine($"training, round {rep} of {reps} ...");
                foreach (float ema in EmaDecays)
                {
                    var (wall, trainer) = FitTimes(ml, data, ema);
                    Add(times, FitRow(ema, "wall time"), wall);
                    Add(times, FitRow(ema, "trainer only (sum of TrainingHistory.Seconds)"), trainer);
                }
                foreach (var (name, flags) in BareVariants)
                {
                    var (seconds, extraSeconds) = TrainBare(matrix, steps, flags);
                    Add(times, name, seconds);
                    Add(extras, name, extraSeconds);
                }
            }

            double bare = Measure.Median(times[Bare].ToArray());
            var rows = new List<string>();
            foreach (var (name, list) in times)
            {
                double s = Measure.Median(list.ToArray());
                string cost = extras.TryGetValue(name, out var e) ? ExtraCost(e, extras[Bare], BareVariants.First(v => v.Name == name).Extras, steps) : "—";
                rows.Add(Line(name, list, $"{steps / s:F1}", steps * (double)Batch / s, s / bare, cost));
            }

            Console.Error.WriteLine("generation ...");
            using var model = Fit(ml, data, 0.999f, WarmupSteps * Batch);
            var input = ml.Data.LoadFromEnumerable(GaussianMixtures.Ring.Sample(GenerateRows, seed: 2).Select(p => new Point { Features = p }));
            using var generator = new BareGanLoop(Latent, Hidden, Features, Batch, BareExtras.None);
            var generation = new (string Name, Action Run)[]
            {
                ($"bare generator, blocks of {Batch} under no_grad, into one float[]", () => generator.Generate(GenerateRows, Batch)),
                ($"GanTransformer.Generate({GenerateRows:N0}), read by a cursor", () => ReadColumn(model.Generate(GenerateRows), model.OutputColumnName)),
                ($"GanTransformer.Transform({GenerateRows:N0} rows), read by a cursor", () => ReadColumn(model.Transform(input), model.OutputColumnName)),
            };
            var generationTimes = generation.Select(g => Times(reps, g.Run)).ToArray();
            double bareGenerate = Measure.Median(generationTimes[0]);
            for (int i = 0; i < generation.Length; i++)
            {
                double s = Measure.Median(generationTimes[i]);
                rows.Add(Line(generation[i].Name, generationTimes[i], "—", GenerateRows / s, s / bareGenerate, "—"));
            }

            Print(rows, steps, reps);
            return 0;
        }

        private static string FitRow(float ema, string what) => $"GanEstimator.Fit, GeneratorEmaDecay {ema}: {what}";

        private static GanTransformer Fit(MLContext ml, IDataView data, float ema, long? rows = null)
        {
            var options = new GanEstimator.Options
            {
                LatentDimension = Latent,
                GeneratorHiddenLayers = Hidden,
                DiscriminatorHiddenLayers = Hidden,
                BatchSize = Batch,
                Loss = GanLoss.NonSaturating,
                DiscriminatorSteps = 1,
                GeneratorEmaDecay = ema,
                Epochs = 1,
                Seed = 1,
            };
            return ml.Generative().Gan(options).Fit(rows is long n ? ml.Data.TakeRows(data, n) : data);
        }

        private static (double Wall, double Trainer) FitTimes(MLContext ml, IDataView data, float ema)
        {
            Collect();
            long start = Stopwatch.GetTimestamp();
            using var model = Fit(ml, data, ema);
            return (Stopwatch.GetElapsedTime(start).TotalSeconds, model.TrainingHistory.Sum(m => m.Seconds));
        }

        private static (double Seconds, IReadOnlyDictionary<BareExtras, double> Extras) TrainBare(Tensor data, int steps, BareExtras extras)
        {
            Collect();
            using var loop = new BareGanLoop(Latent, Hidden, Features, Batch, extras);
            return (loop.Train(data, steps), loop.ExtraSeconds);
        }

        /// <summary>
        /// Milliseconds per iteration inside the extras' own calls (medians over the runs); for freezing D, the
        /// change in G's forward and backward time against the bare loop (negative: a saving).
        /// </summary>
        private static string ExtraCost(List<IReadOnlyDictionary<BareExtras, double>> runs, List<IReadOnlyDictionary<BareExtras, double>> bare,
            BareExtras flags, int steps)
        {
            double Ms(List<IReadOnlyDictionary<BareExtras, double>> r, BareExtras e) => Measure.Median(r.Select(x => x[e]).ToArray()) * 1000 / steps;
            if (flags == BareExtras.None)
                return $"(G fwd+bwd {Ms(bare, BareExtras.FreezeCritic):F3})";
            double total = 0;
            foreach (var e in new[] { BareExtras.Items, BareExtras.GradNorm, BareExtras.Ema, BareExtras.FreezeCritic })
            {
                if ((flags & e) != 0)
                    total += e == BareExtras.FreezeCritic ? Ms(runs, e) - Ms(bare, e) : Ms(runs, e);
            }
            return total.ToString("+0.000;-0.000", CultureInfo.InvariantCulture);
        }

        /// <summary><paramref name="reps"/> timings (s) of <paramref name="run"/>, after one warm-up.</summary>
        private static double[] Times(int reps, Action run)
        {
            run();
            return Enumerable.Range(0, reps).Select(_ => Measure.Milliseconds(run) / 1000).ToArray();
        }

        private static string Line(string name, IEnumerable<double> times, string iterations, double samples, double ratio, string cost) =>
            string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F3} | {2:F3}–{3:F3} | {4} | {5:N0} | {6:F2} | {7} |",
                name, Measure.Median(times.ToArray()), times.Min(), times.Max(), iterations, samples, ratio, cost);

        private static void Print(List<string> rows, int steps, int reps)
        {
            string load = File.Exists("/proc/loadavg") ? "; load average " + string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
            Console.WriteLine();
            Console.WriteLine($"Training: {steps} iterations (1 D + 1 G step each) of batch {Batch}, 2-D data, latent {Latent}, G and D 256x256, " +
                $"Adam(2e-4, 0.5, 0.999), non-saturating loss; generation: {GenerateRows:N0} rows. Median of {reps} after 1 warm-up " +
                $"(training variants round-robin); {torch.get_num_threads()} libtorch threads, {Environment.ProcessorCount} cores{load}.");
            Console.WriteLine();
            Console.WriteLine("| Variant | Median (s) | Min–max (s) | Iterations/s | Samples/s (generation: rows/s) | Time ÷ bare | Extra's own time (ms/iteration) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            rows.ForEach(Console.WriteLine);
        }

        private static int IntOption(string[] args, string name, int fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        private sealed class Point
        {
            [VectorType(2)] public float[] Features = new float[2];
        }
    }
}
