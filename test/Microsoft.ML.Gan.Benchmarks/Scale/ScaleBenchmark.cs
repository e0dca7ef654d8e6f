using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `scale` area, part 1: one training epoch over a 20-column <see cref="SyntheticTable"/> of 10^5, 10^6
    /// and 10^7 rows, in-memory (the column read once into <see cref="FeatureRows"/> and scaled in place, <see cref="InMemoryMinibatches"/>)
    /// against streaming (<see cref="StreamingMinibatches"/> over the view's cursor), each in a child process
    /// (this program, hidden area `scale-child`) so that its peak resident memory (VmHWM) is its own.
    /// Both modes first make the scaler's statistics in one streaming pass; the in-memory mode then loads the
    /// column (as Fit does: one copy, scaled in place) and trains; the streaming mode trains straight from the
    /// cursor, paying the cursor in every epoch. Part 2 (<see cref="FitMemory"/>) is the whole Fit against
    /// MemoryBudgetBytes.
    /// Usage: scale [--sizes 100000,1000000,10000000] [--reps 3] [--batch 1024] [--buffer 65536] [--threads N]
    ///              [--budgets 1073741824,67108864] [--no-epochs] [--no-fit]
    /// </summary>
    internal static class ScaleBenchmark
    {
        private const int Columns = 20;
        private static readonly int[] Hidden = { 128, 128 };

        public static int Run(string[] args)
        {
            var sizes = Options.Longs(args, "--sizes", new long[] { 100_000, 1_000_000, 10_000_000 });
            int reps = Options.Int(args, "--reps", 3);
            int batch = Options.Int(args, "--batch", 1024);
            int buffer = Options.Int(args, "--buffer", 65_536);
            int threads = Options.Int(args, "--threads", Environment.ProcessorCount);
            string? curves = Options.String(args, "--png-dir", null);

            if (Options.Flag(args, "--no-epochs"))
                return Options.Flag(args, "--no-fit") ? 0 : FitMemory.Run(args, sizes, batch, threads);
            var results = new List<ChildResult>();
            foreach (long rows in sizes)
            {
                // The mid size gets the repetitions (interleaved) for the throughput ratio; the others run once.
                int n = rows == sizes[sizes.Length / 2] ? reps : 1;
                for (int rep = 0; rep < n; rep++)
                    foreach (string mode in new[] { "memory", "stream" })
                    {
                        Console.Error.WriteLine($"scale: {mode}, {rows:N0} rows, round {rep + 1} of {n} ...");
                        results.Add(RunChild(mode, rows, batch, buffer, threads));
                    }
            }
            PrintTable(results, batch, buffer, threads);
            if (!Options.Flag(args, "--no-fit"))
                FitMemory.Run(args, sizes, batch, threads);
            if (curves is not null)
                ScalingCurves.Run(curves, reps: 1, threads);
            return 0;
        }

        /// <summary>The hidden child area: one epoch in this process, one JSON line on stdout.</summary>
        public static int Child(string[] args)
        {
            string mode = Options.String(args, "--mode", "stream")!;
            long rows = Options.Longs(args, "--rows", new long[] { 100_000 })[0];
            int batch = Options.Int(args, "--batch", 1024);
            int buffer = Options.Int(args, "--buffer", 65_536);
            torch.set_num_threads(Options.Int(args, "--threads", Environment.ProcessorCount));
            using (torch.randn(8, 8)) { } // loads libtorch before the baseline is read
            long baseline = ProcStatus("VmRSS");
            IHost host = ((IHostEnvironment)new MLContext(seed: 0)).Register("scale");

            var table = new SyntheticTable(rows, Columns);
            var clock = Stopwatch.StartNew();
            var moments = FeatureRows.StreamMoments(table, SyntheticTable.Column, Columns);
            var scaler = moments.Standardiser();
            double statsSeconds = clock.Elapsed.TotalSeconds;

            clock.Restart();
            MinibatchSource source = mode == "memory"
                ? new InMemoryMinibatches(Materialise(host, table, scaler))
                : new StreamingMinibatches(table, SyntheticTable.Column, scaler, buffer, moments.Rows);
            double loadSeconds = clock.Elapsed.TotalSeconds;

            using var loop = new SourceGanLoop(Columns, Hidden, Columns);
            var (seconds, iterations) = loop.Epoch(source, batch);
            source.Dispose();
            Console.WriteLine(JsonSerializer.Serialize(new ChildResult(mode, rows, statsSeconds, loadSeconds, seconds, iterations,
                baseline, ProcStatus("VmHWM"))));
            return 0;
        }

        /// <summary>The column read once and standardised in place, as Fit keeps it.</summary>
        private static FeatureRows Materialise(IHost host, SyntheticTable table, FeatureScaler scaler)
        {
            var rows = FeatureRows.Read(host, table, SyntheticTable.Column, Columns, long.MaxValue)!;
            rows.Scale(scaler);
            return rows;
        }

        /// <summary>A field of /proc/self/status in kB (VmRSS: resident now, VmHWM: peak resident).</summary>
        internal static long ProcStatus(string field)
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return -1;
        }

        private static ChildResult RunChild(string mode, long rows, int batch, int buffer, int threads)
        {
            string childArgs = string.Join(" ", "scale-child", "--mode", mode, "--rows", rows.ToString(CultureInfo.InvariantCulture),
                "--batch", batch.ToString(CultureInfo.InvariantCulture), "--buffer", buffer.ToString(CultureInfo.InvariantCulture),
                "--threads", threads.ToString(CultureInfo.InvariantCulture));
            string output = ChildProcess.Run(childArgs);
            string json = output.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
            return JsonSerializer.Deserialize<ChildResult>(json)!;
        }

        private static void PrintTable(List<ChildResult> results, int batch, int buffer, int threads)
        {
            Console.WriteLine();
            Console.WriteLine($"Scale: one epoch over a {Columns}-column synthetic table (generated by the cursor), MLP G and D {string.Join("x", Hidden)}, " +
                $"latent {Columns}, batch {batch}, shuffle buffer {buffer:N0} rows ({buffer * Columns * 4 / 1024.0 / 1024:F1} MB); {threads} libtorch threads; " +
                $"each run in its own process; medians where a size ran more than once; {Measure.LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine("| Rows | Mode | Runs | Statistics pass (s) | Load (s) | Epoch (s) | Rows/s in the epoch | Streaming ÷ in-memory (epoch rows/s) | Resident after libtorch start (MB) | Peak resident (MB) | Peak − start (MB) | Data as float32 (MB) |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var group in results.GroupBy(r => (r.Rows, r.Mode)))
            {
                var runs = group.ToArray();
                double epoch = Measure.Median(runs.Select(r => r.EpochSeconds).ToArray());
                double rowsPerSecond = runs[0].Iterations * (double)batch / epoch;
                string ratio = "—";
                if (group.Key.Mode == "stream")
                {
                    var memory = results.Where(r => r.Rows == group.Key.Rows && r.Mode == "memory").Select(r => r.EpochSeconds).ToArray();
                    ratio = (Measure.Median(memory) / epoch).ToString("F2", CultureInfo.InvariantCulture);
                }
                double start = Measure.Median(runs.Select(r => (double)r.BaselineKb).ToArray()) / 1024;
                double peak = Measure.Median(runs.Select(r => (double)r.PeakKb).ToArray()) / 1024;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "| {0:N0} | {1} | {2} | {3:F2} | {4:F2} | {5:F2} | {6:N0} | {7} | {8:F0} | {9:F0} | {10:F0} | {11:F0} |",
                    group.Key.Rows, group.Key.Mode == "memory" ? "in-memory" : "streaming", runs.Length,
                    Measure.Median(runs.Select(r => r.StatsSeconds).ToArray()), Measure.Median(runs.Select(r => r.LoadSeconds).ToArray()),
                    epoch, rowsPerSecond, ratio, start, peak, peak - start, group.Key.Rows * Columns * 4 / 1024.0 / 1024));
            }
        }

        internal sealed record ChildResult(string Mode, long Rows, double StatsSeconds, double LoadSeconds, double EpochSeconds, long Iterations,
            long BaselineKb, long PeakKb);
    }
}
