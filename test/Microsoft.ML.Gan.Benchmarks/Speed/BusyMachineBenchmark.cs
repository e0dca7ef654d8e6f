using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML.Gan.Benchmarks.Tabular;
using GaussianMixture;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `busy` area (#24): seconds of one Fit per workload and thread setting, on the machine as it is and with one
    /// or two other busy processes (hidden area `busy-spin`, a managed loop that keeps one core busy). Every Fit runs in
    /// its own process (hidden area `busy-child`), so libgomp reads the environment afresh and no warm cache carries
    /// over; rounds are interleaved (round r runs every setting once) and the table gives the median and the range.
    /// Workloads: `table` (TabularGan, 2,000-row mixed table, 10 epochs), `adult` (TabularGan on Adult, 1 epoch),
    /// `mlp` (vector GAN on the 8-Gaussian ring, batch 256, G and D 256x256, 20 epochs of 20 steps) and `dcgan`
    /// (unconditional DCGAN on 28x28 blobs, batch 64, 40 steps). Thread settings: `auto` (Threads unset: the library's
    /// own choice) or a number.
    /// </summary>
    internal static class BusyMachineBenchmark
    {
        public static int Run(string[] args)
        {
            var workloads = (Options.String(args, "--workloads", null) ?? "table,adult,mlp,dcgan").Split(',');
            var threads = (Options.String(args, "--threads", null) ?? "auto,1,2").Split(',');
            var neighbours = Options.Longs(args, "--neighbours", new[] { 0L, 1L }).Select(n => (int)n).ToArray();
            // "library": the environment as this program got it, less any GOMP_SPINCOUNT the library itself set when it
            // loaded here (so the child's own copy of the library decides); a number: GOMP_SPINCOUNT set to it.
            var spins = (Options.String(args, "--spin", null) ?? "library").Split(',');
            int rounds = Options.Int(args, "--rounds", 2);
            string? inherited = InitialEnvironment("GOMP_SPINCOUNT");
            var seconds = new Dictionary<(string, string, int), List<double>>();
            var chosen = new Dictionary<(string, string), int>();
            string loads = "";
            for (int round = 0; round < rounds; round++)
            {
                foreach (int busy in neighbours)
                {
                    var spinners = Enumerable.Range(0, busy).Select(_ => StartSpinner()).ToList();
                    try
                    {
                        foreach (string workload in workloads)
                        {
                            foreach (string t0 in threads)
                            foreach (string spin in spins)
                            {
                                string t = spins.Length == 1 ? t0 : $"{t0}/spin {spin}";
                                string output = ChildProcess.Run($"busy-child --workload {workload} --threads {t0}", ("GOMP_SPINCOUNT", spin == "library" ? inherited : spin));
                                var result = JsonSerializer.Deserialize<ChildResult>(output.Split('\n').Last(l => l.TrimStart().StartsWith('{')))!;
                                Console.Error.WriteLine($"busy: round {round + 1}, {busy} busy, {workload}, threads {t} ({result.Threads}): {result.Seconds:F2} s");
                                if (!seconds.TryGetValue((workload, t, busy), out var list))
                                    seconds[(workload, t, busy)] = list = new List<double>();
                                list.Add(result.Seconds);
                                chosen[(workload, t)] = result.Threads;
                            }
                        }
                        loads += (loads.Length == 0 ? "" : "; ") + $"{busy} busy: {Measure.LoadAverage()}";
                    }
                    finally
                    {
                        foreach (var s in spinners)
                        {
                            s.Kill();
                            s.Dispose();
                        }
                    }
                }
            }
            Console.WriteLine();
            Console.WriteLine($"Seconds of Fit, median (min–max) of {rounds} interleaved rounds, each Fit in its own process; " +
                $"{Environment.ProcessorCount} cores; OMP_WAIT_POLICY={Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "(unset)"}, " +
                $"GOMP_SPINCOUNT as started: {inherited ?? "(unset)"}; {loads}.");
            Console.WriteLine();
            var busyColumns = neighbours.Where(n => n > 0).ToArray();
            var header = new[] { "workload", "threads (chosen)" }.Concat(neighbours.Select(n => n == 0 ? "idle" : $"{n} busy")).Concat(busyColumns.Select(n => $"{n} busy ÷ idle"));
            Console.WriteLine("| " + string.Join(" | ", header) + " |");
            Console.WriteLine("|---|---|" + string.Concat(Enumerable.Repeat("---:|", neighbours.Length + busyColumns.Length)));
            foreach (string workload in workloads)
            {
                foreach (string t in threads.SelectMany(t0 => spins.Select(spin => spins.Length == 1 ? t0 : $"{t0}/spin {spin}")))
                {
                    double idle = Measure.Median(seconds[(workload, t, neighbours[0])].ToArray());
                    var cells = new[] { workload, $"{t} ({chosen[(workload, t)]})" }
                        .Concat(neighbours.Select(n => Cell(seconds[(workload, t, n)])))
                        .Concat(busyColumns.Select(n => (Measure.Median(seconds[(workload, t, n)].ToArray()) / idle).ToString("F2", CultureInfo.InvariantCulture) + "×"));
                    Console.WriteLine("| " + string.Join(" | ", cells) + " |");
                }
            }
            return 0;
        }

        /// <summary>The hidden child: one Fit of the workload, then one JSON line with its seconds and libtorch's thread count during it.</summary>
        public static int Child(string[] args)
        {
            string workload = Options.String(args, "--workload", "table")!;
            string t = Options.String(args, "--threads", "auto")!;
            int? threads = t == "auto" ? null : int.Parse(t, CultureInfo.InvariantCulture);
            var ml = new MLContext(seed: 1);
            // The thread count the Fit trained with, read on the training thread (the setting is per thread) at the first epoch.
            var observe = new ThreadsAtFirstEpoch();
            double fitSeconds;
            switch (workload)
            {
                case "table":
                    fitSeconds = Time(() => ml.Generative().TabularGan(new TabularGanEstimator.Options
                    {
                        Epochs = 10, Seed = 1, Threads = threads, Progress = observe,
                    }).Fit(TableStreamBenchmark.MixedTable(ml, 2000)));
                    break;
                case "adult":
                    var adult = AdultData.Load(ml);
                    fitSeconds = Time(() => ml.Generative().TabularGan(new TabularGanEstimator.Options
                    {
                        Epochs = 1, Seed = 1, Threads = threads, Progress = observe,
                    }).Fit(adult));
                    break;
                case "mlp":
                    var ring = BenchmarkViews.View(ml, GaussianMixtures.Ring.Sample(20 * 256, seed: 1).SelectMany(p => p).ToArray(), 2);
                    fitSeconds = Time(() => ml.Generative().Gan(new GanEstimator.Options
                    {
                        Epochs = 20, BatchSize = 256, LatentDimension = 64, GeneratorHiddenLayers = new[] { 256, 256 },
                        DiscriminatorHiddenLayers = new[] { 256, 256 }, Seed = 1, Threads = threads, Progress = observe,
                    }).Fit(ring));
                    break;
                case "dcgan":
                    var images = BenchmarkViews.View(ml, SpeedBenchmark.Images(40 * 64), 784);
                    fitSeconds = Time(() => ml.Generative().Gan(new GanEstimator.Options
                    {
                        Epochs = 1, BatchSize = 64, LatentDimension = 100, ImageHeight = 28, ImageWidth = 28,
                        GeneratorFeatureMaps = 64, DiscriminatorFeatureMaps = 32, Seed = 1, Threads = threads, Progress = observe,
                    }).Fit(images));
                    break;
                default:
                    throw new ArgumentException($"Unknown workload '{workload}': table, adult, mlp or dcgan.");
            }
            Console.WriteLine(JsonSerializer.Serialize(new ChildResult(fitSeconds, observe.Threads)));
            return 0;
        }

        /// <summary>The hidden spinner: one busy core until it is killed.</summary>
        public static int Spin()
        {
            ulong x = 1;
            while (true)
                x = x * 6364136223846793005UL + 1442695040888963407UL;
        }

        private static double Time(Func<IDisposable> fit)
        {
            long start = Stopwatch.GetTimestamp();
            var model = fit();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Console.Error.WriteLine("rows hash " + RowsHash(model));
            model.Dispose();
            return seconds;
        }

        private static string RowsHash(IDisposable model)
        {
            var view = model switch
            {
                TabularGanTransformer t => t.Generate(500, seed: 5),
                GanTransformer g => g.Generate(500, seed: 5),
                _ => throw new InvalidOperationException(),
            };
            var text = new System.Text.StringBuilder();
            using var cursor = view.GetRowCursor(view.Schema);
            while (cursor.MoveNext())
                foreach (var c in view.Schema)
                {
                    if (c.Type.RawType == typeof(float)) { float v = 0; cursor.GetGetter<float>(c)(ref v); text.Append(BitConverter.SingleToInt32Bits(v)).Append(','); }
                    else if (c.Type is Microsoft.ML.Data.VectorDataViewType) { Microsoft.ML.Data.VBuffer<float> v = default; cursor.GetGetter<Microsoft.ML.Data.VBuffer<float>>(c)(ref v); foreach (var x in v.DenseValues()) text.Append(BitConverter.SingleToInt32Bits(x)).Append(','); }
                }
            return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..16];
        }

        private static string Cell(List<double> values) =>
            string.Format(CultureInfo.InvariantCulture, "{0:F2} ({1:F2}–{2:F2})", Measure.Median(values.ToArray()), values.Min(), values.Max());

        /// <summary>A variable as this process started with it (/proc/self/environ), not as code in it may have set it since.</summary>
        private static string? InitialEnvironment(string name) =>
            File.Exists("/proc/self/environ")
                ? File.ReadAllText("/proc/self/environ").Split('\0').Where(e => e.StartsWith(name + "=", StringComparison.Ordinal)).Select(e => e[(name.Length + 1)..]).FirstOrDefault()
                : Environment.GetEnvironmentVariable(name);

        private static Process StartSpinner()
        {
            string host = Environment.ProcessPath ?? "dotnet";
            var info = new ProcessStartInfo(host) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
                info.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
            info.ArgumentList.Add("busy-spin");
            return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {host}.");
        }

        private sealed class ThreadsAtFirstEpoch : IProgress<GanProgress>
        {
            public int Threads { get; private set; }

            public void Report(GanProgress value)
            {
                if (Threads == 0)
                    Threads = TorchSharp.torch.get_num_threads();
            }
        }

        private sealed record ChildResult(double Seconds, int Threads);
    }
}
