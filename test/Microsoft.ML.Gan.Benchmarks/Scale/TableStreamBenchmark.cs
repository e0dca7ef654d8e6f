using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `table-stream` area: peak resident memory of reading a TabularGan's generated rows through a cursor, for row
    /// counts from 10,000 to 10,000,000, each in its own process (hidden area `table-stream-child`). A small model is
    /// trained once on a mixed table (numbers, categories, missing values) and saved; each child loads it, generates a
    /// warm-up block, reads its baseline (VmRSS), then reads every column of every row and reports VmHWM − baseline.
    /// </summary>
    internal static class TableStreamBenchmark
    {
        public static int Run(string[] args)
        {
            var counts = Options.Longs(args, "--rows", new[] { 10_000L, 10_000_000L });
            bool wide = Options.Int(args, "--columns", 8) == 15;
            string model = Path.Combine(Path.GetTempPath(), $"table-stream-{Environment.ProcessId}.zip");
            var ml = new MLContext(seed: 1);
            var table = wide ? WideTable(ml, 2000) : MixedTable(ml, 2000);
            Console.Error.WriteLine("table-stream: training a small TabularGan ...");
            using (var gan = ml.Generative().TabularGan(new TabularGanEstimator.Options
            {
                Epochs = 5, LatentDimension = 32, GeneratorHiddenLayers = new[] { 64, 64 }, DiscriminatorHiddenLayers = new[] { 64, 64 }, Seed = 1,
            }).Fit(table))
                ml.Model.Save(gan, table.Schema, model);
            var results = new List<StreamResult>();
            try
            {
                foreach (long rows in counts)
                {
                    Console.Error.WriteLine($"table-stream: {rows:N0} rows ...");
                    string output = ChildProcess.Run($"table-stream-child --rows {rows.ToString(CultureInfo.InvariantCulture)} --model \"{model}\"");
                    results.Add(JsonSerializer.Deserialize<StreamResult>(output.Split('\n').Last(l => l.TrimStart().StartsWith('{')))!);
                }
            }
            finally
            {
                File.Delete(model);
            }
            Console.WriteLine();
            Console.WriteLine($"TabularGan rows read through a cursor ({(wide ? "15 columns: 8 numeric, 6 text, 1 Boolean" : "8 columns: 4 numeric, 3 text, 1 Boolean")}), each count in its own process; " +
                $"peak = VmHWM − VmRSS after loading the model and generating one block; {Measure.LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine("| Rows | Seconds | Rows/s | Peak above baseline (MiB) |");
            Console.WriteLine("|---:|---:|---:|---:|");
            foreach (var r in results)
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1:F1} | {2:N0} | {3:F1} |",
                    r.Rows, r.Seconds, r.Rows / r.Seconds, (r.PeakKb - r.BaselineKb) / 1024.0));
            return 0;
        }

        /// <summary>The hidden child area: loads the model, streams the rows, prints one JSON line.</summary>
        public static int Child(string[] args)
        {
            long rows = Options.Longs(args, "--rows", new[] { 10_000L })[0];
            string path = Options.String(args, "--model", null) ?? throw new ArgumentException("--model is required");
            var ml = new MLContext(seed: 1);
            using var model = (TabularGanTransformer)ml.Model.Load(path, out _);
            ReadAll(model.Generate(1000, seed: 2));
            GC.Collect();
            long baseline = ScaleBenchmark.ProcStatus("VmRSS");
            var clock = Stopwatch.StartNew();
            long read = ReadAll(model.Generate(checked((int)rows), seed: 3));
            double seconds = clock.Elapsed.TotalSeconds;
            if (read != rows)
                throw new InvalidOperationException($"read {read} rows of {rows}");
            Console.WriteLine(JsonSerializer.Serialize(new StreamResult(rows, seconds, baseline, ScaleBenchmark.ProcStatus("VmHWM"))));
            return 0;
        }

        // Every column of every row, through one cursor, with the getters of each column's own type.
        private static long ReadAll(IDataView view)
        {
            using var cursor = view.GetRowCursor(view.Schema);
            var readers = view.Schema.Select(c => Reader(cursor, c)).ToArray();
            long rows = 0;
            while (cursor.MoveNext())
            {
                foreach (var read in readers)
                    read();
                rows++;
            }
            return rows;
        }

        private static Action Reader(DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            Action Of<T>()
            {
                var getter = cursor.GetGetter<T>(column);
                T value = default!;
                return () => getter(ref value);
            }
            var type = column.Type.RawType;
            if (type == typeof(float)) return Of<float>();
            if (type == typeof(double)) return Of<double>();
            if (type == typeof(int)) return Of<int>();
            if (type == typeof(bool)) return Of<bool>();
            if (type == typeof(ReadOnlyMemory<char>)) return Of<ReadOnlyMemory<char>>();
            throw new NotSupportedException($"Column '{column.Name}' is {column.Type}.");
        }

        private sealed class Row
        {
            public float Height;
            public double Income;
            public int Age;
            public float Hours;
            public string City = "";
            public string Job = "";
            public string Grade = "";
            public bool Member;
        }

        internal static IDataView MixedTable(MLContext ml, int rows)
        {
            var rng = new Random(1);
            string[] cities = { "Oslo", "Paris", "Rome", "Lima", "Kyiv", "Quito" };
            string[] jobs = { "clerk", "nurse", "driver", "teacher", "engineer" };
            var list = Enumerable.Range(0, rows).Select(_ =>
            {
                bool rich = rng.NextDouble() < 0.3;
                int age = 18 + rng.Next(60);
                return new Row
                {
                    Height = rng.NextDouble() < 0.1 ? float.NaN : (float)(170 + 10 * Gaussian(rng)),
                    Income = (rich ? 90_000 : 25_000) + 400 * age + 3_000 * Gaussian(rng),
                    Age = age,
                    Hours = (float)Math.Round(35 + 8 * Gaussian(rng)),
                    City = cities[rng.Next(cities.Length)],
                    Job = jobs[rng.Next(jobs.Length)],
                    Grade = rich ? "A" : rng.NextDouble() < 0.5 ? "B" : "",
                    Member = rng.NextDouble() < 0.25,
                };
            }).ToList();
            return ml.Data.LoadFromEnumerable(list);
        }

        private sealed class WideRow
        {
            public float Height;
            public double Income;
            public int Age;
            public float Hours;
            public float Weight;
            public double Savings;
            public int Children;
            public float Commute;
            public string City = "";
            public string Job = "";
            public string Grade = "";
            public string Car = "";
            public string Sport = "";
            public string Diet = "";
            public bool Member;
        }

        /// <summary>MixedTable's 8 columns and 7 more that depend on them (15 in all), for the generation-speed goal's table size.</summary>
        internal static IDataView WideTable(MLContext ml, int rows)
        {
            var rng = new Random(2);
            string[] cities = { "Oslo", "Paris", "Rome", "Lima", "Kyiv", "Quito" };
            string[] jobs = { "clerk", "nurse", "driver", "teacher", "engineer" };
            string[] cars = { "none", "small", "estate", "van" };
            string[] sports = { "none", "run", "swim", "cycle", "climb", "row", "ski" };
            string[] diets = { "any", "vegetarian", "vegan" };
            var list = Enumerable.Range(0, rows).Select(_ =>
            {
                bool rich = rng.NextDouble() < 0.3;
                int age = 18 + rng.Next(60);
                float height = (float)(170 + 10 * Gaussian(rng));
                int children = age < 25 ? 0 : rng.Next(4);
                return new WideRow
                {
                    Height = rng.NextDouble() < 0.1 ? float.NaN : height,
                    Income = (rich ? 90_000 : 25_000) + 400 * age + 3_000 * Gaussian(rng),
                    Age = age,
                    Hours = (float)Math.Round(35 + 8 * Gaussian(rng)),
                    Weight = (float)(height - 100 + 8 * Gaussian(rng)),
                    Savings = rich ? 50_000 * rng.NextDouble() * age / 40 : rng.NextDouble() < 0.2 ? double.NaN : 5_000 * rng.NextDouble(),
                    Children = children,
                    Commute = (float)Math.Max(0, 25 + 15 * Gaussian(rng)),
                    City = cities[rng.Next(cities.Length)],
                    Job = jobs[rng.Next(jobs.Length)],
                    Grade = rich ? "A" : rng.NextDouble() < 0.5 ? "B" : "",
                    Car = children > 1 ? cars[2 + rng.Next(2)] : cars[rng.Next(2)],
                    Sport = sports[rng.Next(sports.Length)],
                    Diet = diets[rng.NextDouble() < 0.8 ? 0 : 1 + rng.Next(2)],
                    Member = rng.NextDouble() < 0.25,
                };
            }).ToList();
            return ml.Data.LoadFromEnumerable(list);
        }

        private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        internal sealed record StreamResult(long Rows, double Seconds, long BaselineKb, long PeakKb);
    }
}
