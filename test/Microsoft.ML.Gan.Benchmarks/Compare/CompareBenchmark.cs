using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

using static Microsoft.ML.Gan.Benchmarks.BenchmarkViews;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `compare` table: for each workload, GanEstimator.Fit (EMA off and on), the bare TorchSharp loop and the
    /// same loop in PyTorch (pytorch/mlp_gan.py under Debian's /usr/bin/python3, a child process) with the same
    /// networks, batch, steps, data and thread count; reps interleaved (round-robin over workloads and paths, so
    /// drift in machine speed hits all alike), medians reported. Also the matrix-product ceiling of both libtorch
    /// builds and the GFLOP/s each path reaches (<see cref="FlopCount"/>). PyTorch needs pytorch/setup.sh first.
    /// Usage: compare [--reps 3] [--threads N] [--workloads mlp2,mlp100,dcgan] [--no-pytorch]
    /// </summary>
    internal static class CompareBenchmark
    {
        private const string Python = "/usr/bin/python3";

        private sealed record Workload(string Key, string Name, bool Conv, int Features, int Latent, int[] Hidden, int Batch, int Steps)
        {
            public double GMacs => Conv ? FlopCount.DcganGenerator(Latent, Ngf) : FlopCount.Mlp(Latent, Hidden, Features);
            public double DMacs => Conv ? FlopCount.DcganDiscriminator(Ndf) : FlopCount.Mlp(Features, Hidden, 1);
            public double FlopsPerIteration => FlopCount.PerIteration(GMacs, DMacs, Batch);
            public const int Ngf = 32, Ndf = 32;
        }

        private static readonly Workload[] Workloads =
        {
            new("mlp2", "MLP GAN, 2-D ring, latent 2, G and D 256x256, batch 256", false, 2, 2, new[] { 256, 256 }, 256, 1000),
            new("mlp100", "MLP GAN, 100-column table, latent 100, G and D 256x256, batch 256", false, 100, 100, new[] { 256, 256 }, 256, 500),
            new("dcgan", "DCGAN 28x28, latent 100, ngf = ndf = 32, batch 64", true, 784, 100, Array.Empty<int>(), 64, 200),
        };

        private const string FitOff = "GanEstimator.Fit, EMA off (wall)";
        private const string FitOn = "GanEstimator.Fit, EMA 0.999 (wall)";
        private const string Bare = "bare TorchSharp loop";
        private const string PyTorch = "PyTorch 1.13 (Debian, OpenBLAS), OMP_WAIT_POLICY=PASSIVE";

        public static int Run(string[] args)
        {
            int reps = Options.Int(args, "--reps", 3);
            int threads = Options.Int(args, "--threads", Environment.ProcessorCount);
            var keys = (Options.String(args, "--workloads", null) ?? "mlp2,mlp100,dcgan").Split(',');
            bool pytorch = !Options.Flag(args, "--no-pytorch") && File.Exists(Python);
            torch.set_num_threads(threads);
            string script = Path.Combine(AppContext.BaseDirectory, "pytorch", "mlp_gan.py");
            string dataDir = Directory.CreateTempSubdirectory("gan-compare-").FullName;

            var ml = new MLContext(seed: 1);
            var selected = Workloads.Where(w => keys.Contains(w.Key)).ToArray();
            var runs = new Dictionary<(string, string), List<double>>();
            var paths = new Dictionary<string, List<(string Name, Func<int, double> Run)>>();
            foreach (var w in selected)
            {
                var flat = Data(w);
                string file = Path.Combine(dataDir, w.Key + ".f32");
                File.WriteAllBytes(file, MemoryMarshal.AsBytes(flat.AsSpan()).ToArray());
                var list = new List<(string, Func<int, double>)>();
                // DCGAN too: its images go in as 784-float vectors with the image options (FitSeconds).
                var view = View(ml, flat, w.Features);
                list.Add((FitOff, steps => FitSeconds(ml, view, w, 0f, steps)));
                list.Add((FitOn, steps => FitSeconds(ml, view, w, 0.999f, steps)));
                var tensor = w.Conv ? torch.tensor(flat, new long[] { flat.Length / 784, 1, 28, 28 }) : torch.tensor(flat, new long[] { flat.Length / w.Features, w.Features });
                list.Add((Bare, steps => BareSeconds(w, tensor, steps)));
                if (pytorch)
                    list.Add((PyTorch, steps => PythonSeconds(script, file, w, steps, threads)));
                paths[w.Key] = list;
            }

            Console.Error.WriteLine("warming up ...");
            foreach (var w in selected)
                foreach (var (_, run) in paths[w.Key])
                    run(Math.Min(w.Steps, 10));
            for (int rep = 1; rep <= reps; rep++)
                foreach (var w in selected)
                    foreach (var (name, run) in paths[w.Key])
                    {
                        Console.Error.WriteLine($"compare: {w.Key}, {name}, round {rep} of {reps} ...");
                        double s = run(w.Steps);
                        (runs.TryGetValue((w.Key, name), out var l) ? l : runs[(w.Key, name)] = new List<double>()).Add(s);
                    }

            Console.Error.WriteLine("matrix-product ceiling ...");
            double large = ComputeCeiling.MatmulGflops(2048, 2048, 2048);
            double layer = ComputeCeiling.MatmulGflops(256, 256, 256);
            double pythonLarge = pytorch ? PythonMatmul(script, 2048, threads) : double.NaN;
            Print(selected, paths, runs, reps, threads, large, layer, pythonLarge);
            Directory.Delete(dataDir, recursive: true);
            return 0;
        }

        /// <summary>The workload's training data as one flat array: steps x batch rows (exactly one epoch of Fit).</summary>
        private static float[] Data(Workload w)
        {
            int rows = w.Steps * w.Batch;
            if (w.Features == 2)
                return GaussianMixture.GaussianMixtures.Ring.Sample(rows, seed: 1).SelectMany(p => p).ToArray();
            var table = new SyntheticTable(rows, w.Features);
            var flat = new float[(long)rows * w.Features];
            for (int i = 0; i < rows; i++)
                table.Fill(i, flat.AsSpan(i * w.Features, w.Features));
            if (w.Conv) // images in [-1, 1], as a tanh generator makes them
                for (int i = 0; i < flat.Length; i++)
                    flat[i] = MathF.Tanh(flat[i] / 3);
            return flat;
        }

        private static double FitSeconds(MLContext ml, IDataView data, Workload w, float ema, int steps)
        {
            var options = new GanEstimator.Options
            {
                LatentDimension = w.Latent,
                BatchSize = w.Batch,
                Loss = GanLoss.NonSaturating,
                DiscriminatorSteps = 1,
                GeneratorEmaDecay = ema,
                Epochs = 1,
                Seed = 1,
            };
            if (!w.Conv)
                options.GeneratorHiddenLayers = options.DiscriminatorHiddenLayers = w.Hidden;
            else
            {
                // The bare loop's generator has 4 ngf maps at 7x7 and 2 ngf at 14x14; ours names the last hidden layer's maps.
                options.ImageHeight = options.ImageWidth = 28;
                options.GeneratorFeatureMaps = 2 * Workload.Ngf;
                options.DiscriminatorFeatureMaps = Workload.Ndf;
            }
            Collect();
            long start = Stopwatch.GetTimestamp();
            using var model = ml.Generative().Gan(options).Fit(ml.Data.TakeRows(data, (long)steps * w.Batch));
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        private static double BareSeconds(Workload w, Tensor data, int steps)
        {
            Collect();
            if (w.Conv)
            {
                using var conv = new BareDcganLoop(w.Latent, Workload.Ngf, Workload.Ndf, w.Batch);
                return conv.Train(data, steps);
            }
            using var loop = new BareGanLoop(w.Latent, w.Hidden, w.Features, w.Batch, BareExtras.None);
            return loop.Train(data, steps);
        }

        // OMP_WAIT_POLICY=PASSIVE: Debian's torch uses GNU OpenMP, whose spinning workers ran the MLP GAN more than
        // ten times slower on this shared 2-core VM (8 against 120 iterations/s in one check); libtorch in TorchSharp
        // did not need it. The script's own timing excludes interpreter start-up and data loading, like the bare loop's.
        private static double PythonSeconds(string script, string data, Workload w, int steps, int threads)
        {
            string args = string.Join(" ", $"\"{script}\"", "--model", w.Conv ? "dcgan" : "mlp", "--data", $"\"{data}\"",
                "--features", w.Features, "--latent", w.Latent, "--hidden", $"\"{string.Join(",", w.Hidden)}\"", "--ngf", Workload.Ngf, "--ndf", Workload.Ndf,
                "--batch", w.Batch, "--steps", steps, "--warmup", 5, "--threads", threads);
            string output = ChildProcess.Run(Python, args, ("OMP_WAIT_POLICY", "PASSIVE"));
            using var json = JsonDocument.Parse(output.Split('\n').Last(l => l.StartsWith('{')));
            return json.RootElement.GetProperty("seconds").GetDouble();
        }

        private static double PythonMatmul(string script, int n, int threads)
        {
            string output = ChildProcess.Run(Python, $"\"{script}\" --matmul {n} --threads {threads}", ("OMP_WAIT_POLICY", "PASSIVE"));
            using var json = JsonDocument.Parse(output.Split('\n').Last(l => l.StartsWith('{')));
            return json.RootElement.GetProperty("gflops").GetDouble();
        }

        private static void Print(Workload[] workloads, Dictionary<string, List<(string Name, Func<int, double> Run)>> paths,
            Dictionary<(string, string), List<double>> runs, int reps, int threads, double large, double layer, double pythonLarge)
        {
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine();
            Console.WriteLine($"Compare: median of {reps} interleaved runs after a warm-up; {threads} threads for libtorch and PyTorch; " +
                $"{Environment.ProcessorCount} cores; {Measure.LoadAverage()}.");
            Console.WriteLine(string.Format(c, "Ceiling (FP32 matrix product, best of 5): libtorch 2048x2048x2048 {0:F1} GFLOP/s, 256x256x256 {1:F1} GFLOP/s; " +
                "Debian PyTorch 2048x2048x2048 {2:F1} GFLOP/s.", large, layer, pythonLarge));
            Console.WriteLine();
            Console.WriteLine("| Workload | Path | Median (s) | Min–max (s) | Iterations/s | Samples/s | ÷ bare (speed) | GFLOP/iteration | GFLOP/s | of 2048³ ceiling | of 256³ ceiling |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var w in workloads)
            {
                double bare = Measure.Median(runs[(w.Key, Bare)].ToArray());
                foreach (var (name, _) in paths[w.Key])
                {
                    var t = runs[(w.Key, name)];
                    double s = Measure.Median(t.ToArray());
                    double its = w.Steps / s;
                    double gflops = w.FlopsPerIteration * its / 1e9;
                    Console.WriteLine(string.Format(c, "| {0} | {1} | {2:F3} | {3:F3}–{4:F3} | {5:F1} | {6:N0} | {7:F2} | {8:F4} | {9:F1} | {10:P0} | {11:P0} |",
                        w.Name, name, s, t.Min(), t.Max(), its, its * w.Batch, bare / s, w.FlopsPerIteration / 1e9, gflops, gflops / large, gflops / layer));
                }
            }
        }
    }
}
