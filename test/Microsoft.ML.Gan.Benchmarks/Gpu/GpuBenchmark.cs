using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using GaussianMixture;
using Microsoft.ML.Gan.Benchmarks.Tabular;
using TorchSharp;
using static TorchSharp.torch;

using static Microsoft.ML.Gan.Benchmarks.BenchmarkViews;

namespace Microsoft.ML.Gan.Benchmarks.Gpu
{
    /// <summary>
    /// Issue #24's GPU table, for a CUDA machine (Gpu/README.md carries it there): on one device, Fit against a plain
    /// TorchSharp loop on the same device doing the same iterations on the same networks (the MLP GAN on the 2-D ring,
    /// batch 256, latent 64, 2 × 256 hidden, defaults otherwise, against <see cref="BareGanLoop"/> with no extras; the
    /// DCGAN on 28 × 28 images, batch 64, against <see cref="BareDcganLoop"/>), in ms a step, and TabularGan on Adult
    /// in seconds an epoch and seconds of preparation (the reference CTGAN's figure on the same GPU, 2.83 s an epoch, is in
    /// docs/BENCHMARKS.md, "The GPU used well"; `sidebyside --only peer` runs it where its Python package is installed). One warm-up of
    /// each contender, then rounds that alternate them; the table gives medians and ranges. Fit's step time is its
    /// epochs' own seconds, whose clock stops after the epoch's read-back (a host read waits for the device); the plain
    /// loop's clock stops after torch.cuda.synchronize(). Without CUDA it prints one line saying it is skipped and exits 0;
    /// `--device cpu` runs the same script on the CPU with tiny sizes, Fit taking the device path there (a dry run: its
    /// figures are not GPU figures).
    /// Usage: gpu [--device cuda|cpu] [--reps 3] [--mlp-steps 2000] [--dcgan-steps 500] [--adult-epochs 10]
    /// [--adult-rows N] [--csv path] [--only mlp,dcgan,adult] [--cpu-path]
    /// </summary>
    internal static class GpuBenchmark
    {
        // As the speed benchmark's ring and DCGAN workloads.
        private const int Batch = 256, Latent = 64, Features = 2;
        private const int DcganBatch = 64, DcganLatent = 100, Ngf = 32, Ndf = 32;
        private static readonly int[] Hidden = { 256, 256 };

        // With --device cpu: Fit takes the CPU path rather than the device path (to compare the two on the CPU).
        private static bool _cpuPath;

        public const string SkippedLine =
            "gpu: skipped: CUDA is not available to TorchSharp in this process (the CPU libtorch, or no CUDA libtorch on " +
            "LD_LIBRARY_PATH); test/Microsoft.ML.Gan.Benchmarks/Gpu/README.md says how to run it on a CUDA machine, and " +
            "`gpu --device cpu` dry-runs the same script here.";

        public static int Run(string[] args)
        {
            string deviceName = Options.String(args, "--device", "cuda")!.ToLowerInvariant();
            if (deviceName is not ("cuda" or "cpu"))
            {
                Console.Error.WriteLine($"gpu: --device must be cuda or cpu, not '{deviceName}'.");
                return 2;
            }
            bool dry = deviceName == "cpu";
            _cpuPath = Options.Flag(args, "--cpu-path");
            if (!dry && !torch.cuda.is_available())
            {
                Console.WriteLine(SkippedLine);
                return 0;
            }
            var device = dry ? torch.CPU : torch.CUDA;
            int reps = Options.Int(args, "--reps", dry ? 1 : 3);
            int mlpSteps = Options.Int(args, "--mlp-steps", dry ? 20 : 2000);
            int dcganSteps = Options.Int(args, "--dcgan-steps", dry ? 4 : 500);
            int adultEpochs = Options.Int(args, "--adult-epochs", dry ? 1 : 10);
            int adultRows = Options.Int(args, "--adult-rows", dry ? 1000 : 0);
            var only = (Options.String(args, "--only", "mlp,dcgan,adult") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

            Console.WriteLine($"## GPU benchmark ({(dry ? "dry run on the CPU: tiny sizes, not GPU figures" : $"CUDA, {torch.cuda.device_count()} device(s)")})");
            Console.WriteLine();
            Console.WriteLine($"{Measure.LoadAverage()}; {reps} round(s) after one warm-up; MLP {mlpSteps} steps, DCGAN {dcganSteps} steps, " +
                $"Adult {adultEpochs} epoch(s){(adultRows > 0 ? $" on its first {adultRows} rows" : "")}; libtorch threads {torch.get_num_threads()}.");
            Console.WriteLine();
            Console.WriteLine("| work | contender | median | range | Fit ÷ plain |");
            Console.WriteLine("|---|---|---|---|---|");
            var ml = new MLContext(seed: 1);
            if (only.Contains("mlp"))
                Mlp(ml, device, mlpSteps, reps);
            if (only.Contains("dcgan"))
                Dcgan(ml, device, dcganSteps, reps);
            if (only.Contains("adult"))
                Adult(ml, deviceName, adultEpochs, adultRows, Options.String(args, "--csv", null), reps);
            Console.WriteLine();
            Console.WriteLine($"{Measure.LoadAverage()} at the end.");
            return 0;
        }

        private static void Mlp(MLContext ml, torch.Device device, int steps, int reps)
        {
            int stepsPerEpoch = Math.Min(100, steps);
            int epochs = Math.Max(1, steps / stepsPerEpoch);
            float[] flat = GaussianMixtures.Ring.Sample(stepsPerEpoch * Batch, seed: 1).SelectMany(p => p).ToArray();
            var view = View(ml, flat, Features);
            using var onDevice = torch.tensor(flat, new long[] { flat.Length / Features, Features }).to(device);
            var options = new GanEstimator.Options
            {
                BatchSize = Batch,
                LatentDimension = Latent,
                GeneratorHiddenLayers = Hidden,
                DiscriminatorHiddenLayers = Hidden,
                Seed = 1,
                Device = device.type == DeviceType.CPU ? "cpu" : "cuda",
                // The dry run takes the path "cuda" takes, on the CPU.
                DevicePathOnCpu = device.type == DeviceType.CPU && !_cpuPath,
            };
            double Fit(int e)
            {
                options.Epochs = e;
                using var model = ml.Generative().Gan(options).Fit(view);
                return model.TrainingHistory.Sum(m => m.Seconds) * 1000 / (e * stepsPerEpoch);
            }
            double Plain(int n)
            {
                using var loop = new BareGanLoop(Latent, Hidden, Features, Batch, BareExtras.None, seed: 1, device: device);
                return TimedSteps(() => loop.Train(onDevice, n), device) * 1000 / n;
            }
            Rows($"MLP GAN, ring, batch {Batch}, ms a step", reps,
                ("Fit", () => Fit(epochs), () => Fit(1)),
                ("plain TorchSharp loop", () => Plain(epochs * stepsPerEpoch), () => Plain(Math.Min(20, stepsPerEpoch))));
        }

        private static void Dcgan(MLContext ml, torch.Device device, int steps, int reps)
        {
            float[] flat = SpeedBenchmark.Images(steps * DcganBatch);
            var view = View(ml, flat, 28 * 28);
            using var onDevice = torch.tensor(flat, new long[] { steps * DcganBatch, 1, 28, 28 }).to(device);
            var options = BareDcganLoop.MatchingOptions(DcganLatent, Ngf, Ndf, DcganBatch);
            options.Device = device.type == DeviceType.CPU ? "cpu" : "cuda";
            // The dry run takes the path "cuda" takes, on the CPU.
            options.DevicePathOnCpu = device.type == DeviceType.CPU && !_cpuPath;
            double Fit(int n)
            {
                using var model = ml.Generative().Gan(options).Fit(ml.Data.TakeRows(view, (long)n * DcganBatch));
                return model.TrainingHistory.Sum(m => m.Seconds) * 1000 / n;
            }
            double Plain(int n)
            {
                using var loop = new BareDcganLoop(DcganLatent, Ngf, Ndf, DcganBatch, seed: 1, device: device);
                return TimedSteps(() => loop.Train(onDevice, n), device) * 1000 / n;
            }
            int warm = Math.Max(1, Math.Min(10, steps));
            Rows($"DCGAN, 28 × 28, batch {DcganBatch}, ms a step", reps,
                ("Fit", () => Fit(steps), () => Fit(warm)),
                ("plain TorchSharp loop", () => Plain(steps), () => Plain(warm)));
        }

        private static void Adult(MLContext ml, string device, int epochs, int rows, string? csv, int reps)
        {
            var data = ml.Data.Cache(AdultData.Load(ml, csv));
            if (rows > 0)
                data = ml.Data.TakeRows(data, rows);
            var perEpoch = new List<double>();
            var preparation = new List<double>();
            for (int round = 0; round <= reps; round++)
            {
                var options = new TabularGanEstimator.Options
                {
                    Epochs = round == 0 ? 1 : epochs,
                    Seed = 1,
                    Device = device,
                    DevicePathOnCpu = device == "cpu" && !_cpuPath,
                };
                var clock = Stopwatch.StartNew();
                using var model = ml.Generative().TabularGan(options).Fit(data);
                double wall = clock.Elapsed.TotalSeconds;
                if (round == 0)
                    continue; // the warm-up
                var seconds = model.TrainingHistory.Select(m => m.Seconds).ToArray();
                // The first epoch carries one-off work (kernel selection, the allocator's first blocks) when there are others.
                perEpoch.Add(Measure.Median(seconds.Length > 1 ? seconds[1..] : seconds));
                preparation.Add(wall - seconds.Sum());
            }
            Row("TabularGan, Adult, seconds an epoch", "Fit (median epoch of each round)", perEpoch, null);
            Row("TabularGan, Adult, seconds of preparation", "Fit (wall time less its epochs)", preparation, null);
            Console.WriteLine("| TabularGan, Adult, seconds an epoch | reference CTGAN 0.12.1, one H200 (docs/BENCHMARKS.md, not run here) | 2.83 | — | — |");
        }

        // One warm-up of each contender, then rounds alternating them (the first contender is the one the ratio divides).
        private static void Rows(string work, int reps, params (string Name, Func<double> Run, Func<double> WarmUp)[] contenders)
        {
            foreach (var c in contenders)
                c.WarmUp();
            var results = contenders.Select(_ => new List<double>()).ToArray();
            for (int round = 0; round < reps; round++)
            {
                for (int k = 0; k < contenders.Length; k++)
                {
                    int i = (k + round) % contenders.Length;
                    BenchmarkViews.Collect();
                    results[i].Add(contenders[i].Run());
                }
            }
            for (int i = 0; i < contenders.Length; i++)
                Row(work, contenders[i].Name, results[i], i == 0 ? null : Enumerable.Range(0, reps).Select(r => results[0][r] / results[i][r]).ToArray());
        }

        private static void Row(string work, string contender, IReadOnlyList<double> values, double[]? ratios)
        {
            static string F(double v) => v.ToString(v < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);
            string ratio = ratios is null ? "—" : $"{F(Measure.Median(ratios))} ({F(ratios.Min())}–{F(ratios.Max())})";
            Console.WriteLine($"| {work} | {contender} | {F(Measure.Median(values.ToArray()))} | {F(values.Min())}–{F(values.Max())} | {ratio} |");
        }

        // Seconds of work queued by run, with the clock stopped once the device has done it.
        private static double TimedSteps(Action run, torch.Device device)
        {
            var clock = Stopwatch.StartNew();
            run();
            if (device.type == DeviceType.CUDA)
                torch.cuda.synchronize();
            return clock.Elapsed.TotalSeconds;
        }
    }
}
