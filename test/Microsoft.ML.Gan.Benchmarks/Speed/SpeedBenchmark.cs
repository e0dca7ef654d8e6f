using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using GaussianMixture;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

using static Microsoft.ML.Gan.Benchmarks.BenchmarkViews;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `speed` table (issue #15): with default options otherwise, <c>Fit</c> on the 2-D ring (20 epochs, batch
    /// 256, G and D 256x256, latent 64) against two TorchSharp loops doing the same number of iterations on the same
    /// networks: the plain loop (<see cref="BareGanLoop"/> with no extras: no weight average, D's weights take
    /// gradients in the G step, no metrics, no R1 penalty) and the like-for-like loop (the same with the work Fit does by default: the lazy R1 penalty,
    /// the generator's weight average, D frozen in the G step, the four per-step metrics and both gradient norms).
    /// Generation: 100,000 rows through <c>Generate</c> and <c>Transform</c> cursors against the generator run in
    /// blocks of 256 under no_grad. DCGAN: Fit against <see cref="BareDcganLoop"/>. Every contender's set-up
    /// (reading data, building networks and optimizers; for Fit also the scaler and the standing statistics) is
    /// timed apart from its training. One warm-up of each, then interleaved rounds whose order rotates; ratios are
    /// taken within a round, and the table gives their median and range. The MLP and DCGAN paths are reported as a
    /// share of libtorch's FP32 matrix product measured in the same process. OMP_WAIT_POLICY is left as the
    /// environment has it (run without PASSIVE on an idle machine). Usage: speed [--rounds 5] [--epochs 20]
    /// [--dcgan-steps 100] [--threads N]
    /// </summary>
    internal static class SpeedBenchmark
    {
        private const int Batch = 256;
        private const int Latent = 64;
        private const int Features = 2;
        private const int StepsPerEpoch = 100;
        private const int GenerateRows = 100_000;
        private const int DcganBatch = 64, DcganLatent = 100, Ngf = 32, Ndf = 32;
        private static readonly int[] Hidden = { 256, 256 };

        private const string Fit = "GanEstimator.Fit (defaults: weight average, D frozen in the G step, lazy R1, metrics)";
        private const string Plain = "plain TorchSharp loop (no weight average, D not frozen, no metrics)";
        private const string Like = "like-for-like TorchSharp loop (weight average, D frozen, lazy R1, 4 metrics + 2 gradient norms per iteration)";
        private const string BareGen = "bare generator forward, blocks of 256 under no_grad, into one float[]";
        private const string GenerateGen = "GanTransformer.Generate(100,000), read by a cursor";
        private const string TransformGen = "GanTransformer.Transform(100,000 rows), read by a cursor";
        private const string DcganFit = "DCGAN: GanEstimator.Fit (defaults)";
        private const string DcganBare = "DCGAN: plain TorchSharp loop";

        public static int Run(string[] args)
        {
            int rounds = Options.Int(args, "--rounds", 5);
            int epochs = Options.Int(args, "--epochs", 20);
            int dcganSteps = Options.Int(args, "--dcgan-steps", 100);
            if (Options.Int(args, "--threads", 0) is int threads and > 0)
                torch.set_num_threads(threads);
            if (Options.Flag(args, "--levers"))
                return Levers(rounds, epochs);
            int steps = epochs * StepsPerEpoch;
            string loadBefore = Measure.LoadAverage();

            var ml = new MLContext(seed: 1);
            var points = GaussianMixtures.Ring.Sample(StepsPerEpoch * Batch, seed: 1);
            float[] ringFlat = points.SelectMany(p => p).ToArray();
            var ring = View(ml, ringFlat, Features);
            float[] imagesFlat = Images(dcganSteps * DcganBatch);
            var images = View(ml, imagesFlat, 28 * 28);
            var input = View(ml, GaussianMixtures.Ring.Sample(GenerateRows, seed: 2).SelectMany(p => p).ToArray(), Features);

            var setup = new Dictionary<string, List<double>>();
            var train = new Dictionary<string, List<double>>();
            var cpu = new Dictionary<string, List<double>>();
            void Add(Dictionary<string, List<double>> d, string key, double value) =>
                (d.TryGetValue(key, out var list) ? list : d[key] = new List<double>()).Add(value);

            // Each runs in full, or briefly when warming up (argument true).
            var contenders = new (string Name, Func<bool, (double Setup, double Train)> Run)[]
            {
                (Fit, warm => FitRing(ml, ring, warm ? 1 : epochs)),
                (Plain, warm => Bare(ringFlat, (warm ? 1 : epochs) * StepsPerEpoch, BareExtras.None)),
                (Like, warm => Bare(ringFlat, (warm ? 1 : epochs) * StepsPerEpoch, BareExtras.All)),
                (DcganFit, warm => FitDcgan(ml, images, warm ? 5 : dcganSteps)),
                (DcganBare, warm => BareDcgan(imagesFlat, warm ? 5 : dcganSteps)),
            };

            Console.Error.WriteLine("warming up ...");
            foreach (var c in contenders)
                c.Run(true);
            using var model = FitModel(ml, ring, 1);
            using var bareGenerator = new BareGanLoop(Latent, Hidden, Features, Batch, BareExtras.None);
            var generation = new (string Name, Action Run)[]
            {
                (BareGen, () => bareGenerator.Generate(GenerateRows, Batch)),
                (GenerateGen, () => ReadColumn(model.Generate(GenerateRows), model.OutputColumnName)),
                (TransformGen, () => ReadColumn(model.Transform(input), model.OutputColumnName)),
            };
            foreach (var g in generation)
                g.Run();

            for (int round = 0; round < rounds; round++)
            {
                Console.Error.WriteLine($"round {round + 1} of {rounds} ({Measure.LoadAverage()}) ...");
                // Rotating the order keeps any drift in machine speed from always favouring one position.
                for (int i = 0; i < contenders.Length; i++)
                {
                    var c = contenders[(i + round) % contenders.Length];
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    var (s, t) = c.Run(false);
                    Add(setup, c.Name, s);
                    Add(train, c.Name, t);
                    Add(cpu, c.Name, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
                }
                for (int i = 0; i < generation.Length; i++)
                {
                    var g = generation[(i + round) % generation.Length];
                    // Three timings per round, the fastest kept: a 0.1 s run is at the mercy of one scheduler hiccup.
                    Add(train, g.Name, Enumerable.Range(0, 3).Min(_ => Measure.Milliseconds(g.Run) / 1000));
                }
            }

            double ceiling256 = ComputeCeiling.MatmulGflops(256, 256, 256);
            double ceiling2048 = ComputeCeiling.MatmulGflops(2048, 2048, 2048);
            double mlpFlops = FlopCount.PerIteration(FlopCount.Mlp(Latent, Hidden, Features), FlopCount.Mlp(Features, Hidden, 1), Batch);
            double dcganFlops = FlopCount.PerIteration(FlopCount.DcganGenerator(DcganLatent, Ngf), FlopCount.DcganDiscriminator(Ndf), DcganBatch);

            Console.WriteLine();
            Console.WriteLine($"Speed: {rounds} interleaved rounds after a warm-up; ring {epochs} epochs x {StepsPerEpoch} iterations, batch {Batch}, " +
                $"latent {Latent}, G and D 256x256; DCGAN {dcganSteps} iterations of batch {DcganBatch}; {torch.get_num_threads()} libtorch threads, " +
                $"{Environment.ProcessorCount} cores, OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}; " +
                $"{loadBefore} before, {Measure.LoadAverage()} after.");
            Console.WriteLine($"Ceiling (FP32 matrix product, best of 5): 256x256x256 {ceiling256:F1} GFLOP/s, 2048x2048x2048 {ceiling2048:F1} GFLOP/s.");
            Console.WriteLine();
            Console.WriteLine("| Ratio (time ÷ time, per round) | Median | Min–max | Target |");
            Console.WriteLine("|---|---:|---:|---|");
            RatioRow("Fit ÷ plain loop (training only)", train[Fit], train[Plain], "≤ 1.00");
            RatioRow("Fit ÷ like-for-like loop (training only)", train[Fit], train[Like], "≤ 1.03");
            RatioRow("Fit ÷ plain loop (with set-up)", Sum(setup[Fit], train[Fit]), Sum(setup[Plain], train[Plain]), "—");
            RatioRow("Fit ÷ plain loop (process CPU time, with set-up)", cpu[Fit], cpu[Plain], "—");
            RatioRow("Fit ÷ like-for-like loop (process CPU time, with set-up)", cpu[Fit], cpu[Like], "—");
            RatioRow("Generate ÷ bare forward (speed = bare time ÷ Generate time)", train[BareGen], train[GenerateGen], "≥ 0.95");
            RatioRow("Transform ÷ bare forward (speed = bare time ÷ Transform time)", train[BareGen], train[TransformGen], "≥ 0.95");
            RatioRow("DCGAN: Fit ÷ plain loop (training only)", train[DcganFit], train[DcganBare], "—");
            Console.WriteLine();
            Console.WriteLine("| Contender | Set-up median (s) | Training median (s) | Min–max (s) | Iterations/s | GFLOP/s | Share of 256³ ceiling | Share of 2048³ ceiling |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (name, iterations, flops) in new[]
            {
                (Fit, steps, mlpFlops), (Plain, steps, mlpFlops), (Like, steps, mlpFlops),
                (DcganFit, dcganSteps, dcganFlops), (DcganBare, dcganSteps, dcganFlops),
            })
            {
                double t = Measure.Median(train[name].ToArray());
                double gflops = iterations * flops / t / 1e9;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "| {0} | {1:F3} | {2:F3} | {3:F3}–{4:F3} | {5:F1} | {6:F1} | {7:P0} | {8:P0} |",
                    name, Measure.Median(setup[name].ToArray()), t, train[name].Min(), train[name].Max(), iterations / t, gflops,
                    gflops / ceiling256, gflops / ceiling2048));
            }
            foreach (var name in new[] { BareGen, GenerateGen, TransformGen })
            {
                double t = Measure.Median(train[name].ToArray());
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | — | {1:F3} | {2:F3}–{3:F3} | {4:N0} rows/s | — | — | — |",
                    name, t, train[name].Min(), train[name].Max(), GenerateRows / t));
            }
            return 0;
        }

        /// <summary>
        /// The levers one at a time: the like-for-like loop, then the same with each of the trainer's levers (flat
        /// buffers with fused Adam and weight average, one critic pass, one host read per step) and all of them, in
        /// interleaved rounds; wall and process CPU time (CPU time tells work apart from waiting on a shared machine).
        /// </summary>
        private static int Levers(int rounds, int epochs)
        {
            int steps = epochs * StepsPerEpoch;
            float[] ringFlat = GaussianMixtures.Ring.Sample(StepsPerEpoch * Batch, seed: 1).SelectMany(p => p).ToArray();
            var variants = new (string Name, BareExtras Extras)[]
            {
                ("plain loop", BareExtras.None),
                ("plain loop + all three levers", BareExtras.Flat | BareExtras.OnePassCritic | BareExtras.OneRead),
                ("like-for-like loop", BareExtras.All),
                ("like-for-like + flat buffers (fused Adam, average, zeroing, norm)", BareExtras.All | BareExtras.Flat),
                ("like-for-like + one critic pass over real and generated rows", BareExtras.All | BareExtras.OnePassCritic),
                ("like-for-like + one host read per step", BareExtras.All | BareExtras.OneRead),
                ("like-for-like + all three levers", BareExtras.All | BareExtras.Flat | BareExtras.OnePassCritic | BareExtras.OneRead),
            };
            var wall = variants.ToDictionary(v => v.Name, _ => new List<double>());
            var cpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
            Console.Error.WriteLine("warming up ...");
            foreach (var v in variants)
                Bare(ringFlat, StepsPerEpoch, v.Extras);
            for (int round = 0; round < rounds; round++)
            {
                Console.Error.WriteLine($"round {round + 1} of {rounds} ({Measure.LoadAverage()}) ...");
                for (int i = 0; i < variants.Length; i++)
                {
                    var v = variants[(i + round) % variants.Length];
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    wall[v.Name].Add(Bare(ringFlat, steps, v.Extras).Train);
                    cpu[v.Name].Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
                }
            }
            Console.WriteLine();
            Console.WriteLine($"Levers: {rounds} interleaved rounds, {steps} iterations of batch {Batch}, latent {Latent}, G and D 256x256; " +
                $"{torch.get_num_threads()} libtorch threads, OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}; {Measure.LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine("| Variant | Wall median (s) | ÷ its baseline, wall (median, min–max) | ÷ its baseline, CPU time (median, min–max) |");
            Console.WriteLine("|---|---:|---:|---:|");
            foreach (var (name, extras) in variants)
            {
                string baseline = (extras & BareExtras.All) == BareExtras.All ? "like-for-like loop" : "plain loop";
                var w = wall[name].Zip(wall[baseline], (a, b) => a / b).ToArray();
                var c = cpu[name].Zip(cpu[baseline], (a, b) => a / b).ToArray();
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F3} | {2:F3} ({3:F3}–{4:F3}) | {5:F3} ({6:F3}–{7:F3}) |",
                    name, Measure.Median(wall[name].ToArray()), Measure.Median(w), w.Min(), w.Max(), Measure.Median(c), c.Min(), c.Max()));
            }
            return 0;
        }

        private static void RatioRow(string name, List<double> numerator, List<double> denominator, string target)
        {
            var ratios = numerator.Zip(denominator, (a, b) => a / b).ToArray();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1:F3} | {2:F3}–{3:F3} | {4} |",
                name, Measure.Median(ratios), ratios.Min(), ratios.Max(), target));
        }

        private static List<double> Sum(List<double> a, List<double> b) => a.Zip(b, (x, y) => x + y).ToList();

        private static GanEstimator.Options RingOptions(int epochs) => new()
        {
            Epochs = epochs,
            BatchSize = Batch,
            LatentDimension = Latent,
            GeneratorHiddenLayers = Hidden,
            DiscriminatorHiddenLayers = Hidden,
            Seed = 1,
        };

        private static GanTransformer FitModel(MLContext ml, IDataView data, int epochs) => ml.Generative().Gan(RingOptions(epochs)).Fit(data);

        /// <summary>Set-up is Fit's wall time less its epochs' own seconds (which include the per-epoch monitoring).</summary>
        private static (double Setup, double Train) FitRing(MLContext ml, IDataView data, int epochs)
        {
            Collect();
            long start = Stopwatch.GetTimestamp();
            using var model = FitModel(ml, data, epochs);
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double trainer = model.TrainingHistory.Sum(m => m.Seconds);
            return (wall - trainer, trainer);
        }

        private static (double Setup, double Train) FitDcgan(MLContext ml, IDataView images, int steps)
        {
            var options = BareDcganLoop.MatchingOptions(DcganLatent, Ngf, Ndf, DcganBatch);
            Collect();
            long start = Stopwatch.GetTimestamp();
            using var model = ml.Generative().Gan(options).Fit(ml.Data.TakeRows(images, (long)steps * DcganBatch));
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            double trainer = model.TrainingHistory.Sum(m => m.Seconds);
            return (wall - trainer, trainer);
        }

        private static (double Setup, double Train) Bare(float[] flat, int steps, BareExtras extras)
        {
            Collect();
            long start = Stopwatch.GetTimestamp();
            using var data = torch.tensor(flat, new long[] { flat.Length / Features, Features });
            using var loop = new BareGanLoop(Latent, Hidden, Features, Batch, extras);
            double setup = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return (setup, loop.Train(data, steps));
        }

        private static (double Setup, double Train) BareDcgan(float[] flat, int steps)
        {
            Collect();
            long start = Stopwatch.GetTimestamp();
            using var data = torch.tensor(flat, new long[] { flat.Length / 784, 1, 28, 28 });
            using var loop = new BareDcganLoop(DcganLatent, Ngf, Ndf, DcganBatch);
            double setup = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return (setup, loop.Train(data, steps));
        }

        /// <summary>Images in [-1, 1] (what a tanh generator makes): smooth blobs at random places, deterministic.</summary>
        internal static float[] Images(int count)
        {
            var random = new Random(1);
            var flat = new float[count * 784];
            for (int n = 0; n < count; n++)
            {
                double cy = 6 + random.NextDouble() * 16, cx = 6 + random.NextDouble() * 16, r = 3 + random.NextDouble() * 5;
                for (int y = 0; y < 28; y++)
                    for (int x = 0; x < 28; x++)
                        flat[n * 784 + y * 28 + x] = (float)(2 * Math.Exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (r * r)) - 1);
            }
            return flat;
        }
    }
}
