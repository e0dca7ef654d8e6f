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
    /// The `categories` area: TabularGan on a table whose text column has as many categories as rows (an identifier,
    /// the worst case: 20,000 categories in 20,000 rows by default), beside a continuous and a 5-category column, with
    /// every category learned (MaxCategories = null) and with the default grouping (1,000). Each run is its own process
    /// (hidden area `categories-child`): Fit's outcome (trained, or refused by MemoryBudgetBytes), its seconds and peak
    /// resident memory (VmHWM − resident memory once libtorch and ML.NET are loaded), and the seconds to generate as many
    /// rows as the table has.
    /// </summary>
    internal static class HighCardinalityBenchmark
    {
        public static int Run(string[] args)
        {
            int rows = Options.Int(args, "--rows", 20_000);
            int epochs = Options.Int(args, "--epochs", 1);
            var results = new List<Result>();
            foreach (string max in new[] { "none", "1000" })
            {
                Console.Error.WriteLine($"categories: {rows:N0} rows, MaxCategories {max} ...");
                string output = ChildProcess.Run(string.Join(" ", "categories-child", "--rows", Invariant(rows), "--epochs", Invariant(epochs), "--max", max));
                results.Add(JsonSerializer.Deserialize<Result>(output.Split('\n').Last(l => l.TrimStart().StartsWith('{')))!);
            }
            Console.WriteLine();
            Console.WriteLine($"TabularGan, {rows:N0} rows: a text column of {rows:N0} categories (one a row), a continuous and a 5-category column; " +
                $"default options (MemoryBudgetBytes 1 GiB), {epochs} epoch(s), seed 1, each run in its own process; {Measure.LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine("| MaxCategories | Fit | Encoded width | Fit (s) | Peak during Fit (MiB) | Generate all rows (s) |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|");
            foreach (var r in results)
            {
                Console.WriteLine(r.Refused
                    ? $"| {r.Max} | refused: {r.Message} | | | | |"
                    : string.Format(CultureInfo.InvariantCulture, "| {0} | trained | {1:N0} | {2:F1} | {3:N0} | {4:F2} |",
                        r.Max, r.Width, r.FitSeconds, (r.PeakKb - r.BaselineKb) / 1024.0, r.GenerateSeconds));
            }
            return 0;
        }

        /// <summary>The hidden child area: one Fit (and generation) in this process, one JSON line on stdout.</summary>
        public static int Child(string[] args)
        {
            int rows = Options.Int(args, "--rows", 20_000);
            int epochs = Options.Int(args, "--epochs", 1);
            string max = Options.String(args, "--max", "1000")!;
            var ml = new MLContext(seed: 1);
            var table = ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(r => new Row
            {
                Id = "id" + r.ToString("D6", CultureInfo.InvariantCulture),
                Amount = (float)Math.Sin(r) * 100 + r % 37,
                Region = "r" + (r % 5).ToString(CultureInfo.InvariantCulture),
            }));
            var options = new TabularGanEstimator.Options
            {
                Epochs = epochs,
                Seed = 1,
                MaxCategories = max == "none" ? null : int.Parse(max, CultureInfo.InvariantCulture),
            };
            using (torch.randn(8, 8)) { } // loads libtorch before the baseline is read
            GC.Collect();
            long baseline = ScaleBenchmark.ProcStatus("VmRSS");
            var clock = Stopwatch.StartNew();
            TabularGanTransformer model;
            try
            {
                model = ml.Generative().TabularGan(options).Fit(table);
            }
            catch (ArgumentOutOfRangeException e) when (e.ParamName == "MemoryBudgetBytes")
            {
                Console.WriteLine(JsonSerializer.Serialize(new Result(max, true, e.Message.Split('\n')[0].Split(". ")[0], 0, clock.Elapsed.TotalSeconds, 0, baseline,
                    ScaleBenchmark.ProcStatus("VmHWM"))));
                return 0;
            }
            double fit = clock.Elapsed.TotalSeconds;
            long peak = ScaleBenchmark.ProcStatus("VmHWM");
            int width = model.Model.Spec.FeatureSize;
            clock.Restart();
            int generated = 0;
            using (var cursor = model.Generate(rows, seed: 2).GetRowCursor(model.Generate(0).Schema))
            {
                var id = cursor.GetGetter<ReadOnlyMemory<char>>(cursor.Schema["Id"]);
                var value = default(ReadOnlyMemory<char>);
                while (cursor.MoveNext())
                {
                    id(ref value);
                    generated++;
                }
            }
            double generate = clock.Elapsed.TotalSeconds;
            model.Dispose();
            Console.WriteLine(JsonSerializer.Serialize(new Result(max, false, "", width, fit, generate, baseline, peak)));
            return generated == rows ? 0 : 1;
        }

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

        private sealed class Row
        {
            public string Id { get; set; } = "";
            public float Amount { get; set; }
            public string Region { get; set; } = "";
        }

        internal sealed record Result(string Max, bool Refused, string Message, int Width, double FitSeconds, double GenerateSeconds, long BaselineKb, long PeakKb);
    }
}
