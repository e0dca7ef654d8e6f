using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.ML;
using TorchSharp;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `table-fit` area: a whole TabularGan Fit (one epoch, G and D 64x64, latent 32, automatic batch, Threads = 1)
    /// on the ten-column <see cref="MixedSyntheticTable"/>, each row count and budget in its own process (hidden area
    /// `table-fit-child`), so that its peak resident memory (VmHWM) is its own. A table within MemoryBudgetBytes is read
    /// and encoded whole; a larger one is streamed (statistics pass, encoder on a sample, shuffle buffer). The times
    /// come from the Fit's own messages: "before training" ends at the message that starts training (the statistics
    /// pass and the encoder fit when streamed; reading, checks and encoding in memory), the epoch is the rest of Fit.
    /// Usage: table-fit [--runs 100000:1073741824,100000:16777216,10000000:16777216]
    /// </summary>
    internal static class TableFitBenchmark
    {
        public static int Run(string[] args)
        {
            string runs = Options.String(args, "--runs", "100000:1073741824,100000:16777216,10000000:16777216")!;
            var results = new List<TableFitResult>();
            foreach (string run in runs.Split(','))
            {
                var parts = run.Split(':');
                Console.Error.WriteLine($"table-fit: {long.Parse(parts[0], CultureInfo.InvariantCulture):N0} rows, budget {long.Parse(parts[1], CultureInfo.InvariantCulture) / 1048576.0:N0} MiB ...");
                string output = ChildProcess.Run($"table-fit-child --rows {parts[0]} --budget {parts[1]}");
                string json = output.Split('\n').Last(l => l.TrimStart().StartsWith('{'));
                Console.Error.WriteLine(json);  // kept should a later run fail
                results.Add(JsonSerializer.Deserialize<TableFitResult>(json)!);
            }
            Console.WriteLine();
            Console.WriteLine("TabularGan Fit on a generated 10-column table (5 numeric, 2 with missing values; 4 text, 1 Boolean), one epoch, " +
                $"G and D 64x64, latent 32, automatic batch, Threads = 1, each run in its own process; {Measure.LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine("| Rows | Budget (MiB) | Path | Sample rows | Buffer rows | Before training (s) | Epoch (s) | Rows/s in the epoch | Peak resident (MiB) | Peak − start (MiB) |");
            Console.WriteLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var r in results)
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1:N0} | {2} | {3} | {4} | {5:F1} | {6:F1} | {7:N0} | {8:N0} | {9:N0} |",
                    r.Rows, r.Budget / 1048576.0, r.Streamed ? "streamed" : "in memory", r.Streamed ? r.SampleRows.ToString("N0", CultureInfo.InvariantCulture) : "—",
                    r.Streamed ? r.BufferRows.ToString("N0", CultureInfo.InvariantCulture) : "—", r.BeforeTrainingSeconds, r.EpochSeconds,
                    r.Rows / r.EpochSeconds, r.PeakKb / 1024.0, (r.PeakKb - r.BaselineKb) / 1024.0));
            return 0;
        }

        /// <summary>The hidden child area: one Fit in this process, one JSON line on stdout.</summary>
        public static int Child(string[] args)
        {
            long rows = Options.Longs(args, "--rows", new long[] { 100_000 })[0];
            long budget = Options.Longs(args, "--budget", new[] { 1L << 30 })[0];
            int epochs = Options.Int(args, "--epochs", 1);
            var ml = new MLContext(seed: 1);
            var clock = new Stopwatch();
            double training = double.NaN;
            string? streaming = null;
            ml.Log += (_, e) =>
            {
                if (e.Message.Contains("Streaming it:", StringComparison.Ordinal))
                    streaming = e.Message;
                else if (e.Message.Contains("Training a tabular GAN", StringComparison.Ordinal) && double.IsNaN(training))
                    training = clock.Elapsed.TotalSeconds;
            };
            var estimator = ml.Generative().TabularGan(new TabularGanEstimator.Options
            {
                Epochs = epochs,
                LatentDimension = 32,
                GeneratorHiddenLayers = new[] { 64, 64 },
                DiscriminatorHiddenLayers = new[] { 64, 64 },
                MemoryBudgetBytes = budget,
                Threads = 1,
                Seed = 1,
            });
            using (torch.randn(8, 8)) { } // loads libtorch before the baseline is read
            GC.Collect();
            long baseline = ScaleBenchmark.ProcStatus("VmRSS");
            clock.Start();
            using var model = estimator.Fit(new MixedSyntheticTable(rows));
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(JsonSerializer.Serialize(new TableFitResult(rows, budget, streaming is not null, Number(streaming, "uniform sample of "),
                Number(streaming, "shuffle buffer of "), training, seconds - training, baseline, ScaleBenchmark.ProcStatus("VmHWM"))));
            return 0;
        }

        // The number after a phrase of the streaming message.
        private static long Number(string? message, string phrase)
        {
            if (message is null)
                return 0;
            int start = message.IndexOf(phrase, StringComparison.Ordinal) + phrase.Length;
            return long.Parse(new string(message.Skip(start).TakeWhile(char.IsDigit).ToArray()), CultureInfo.InvariantCulture);
        }

        internal sealed record TableFitResult(long Rows, long Budget, bool Streamed, long SampleRows, long BufferRows,
            double BeforeTrainingSeconds, double EpochSeconds, long BaselineKb, long PeakKb);
    }
}
