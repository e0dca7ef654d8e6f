using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks.Suite
{
    /// <summary>
    /// A table's seeded 80/20 split as two CSV files in the work folder (written once, reused by later runs and read
    /// by the peer), and any CSV of the table's columns as an <see cref="IDataView"/>: both synthesizers' rows go
    /// through the same reader, so they are scored identically.
    /// </summary>
    public sealed class SuiteSplit
    {
        public const double TestFraction = 0.2;

        public SuiteSplit(SuiteTable table, int seed, string folder)
        {
            Table = table;
            Seed = seed;
            Folder = folder;
        }

        public SuiteTable Table { get; }

        public int Seed { get; }

        /// <summary>The folder of this table and seed: train.csv, test.csv and the synthesizers' outputs.</summary>
        public string Folder { get; }

        public string TrainCsv => Path.Combine(Folder, "train.csv");

        public string TestCsv => Path.Combine(Folder, "test.csv");

        /// <summary>Writes train.csv and test.csv unless both are there: rows shuffled by Fisher–Yates with System.Random(seed), the first 20% to test.</summary>
        public void Write(List<string[]> rows)
        {
            if (File.Exists(TrainCsv) && File.Exists(TestCsv))
                return;
            Directory.CreateDirectory(Folder);
            var order = Enumerable.Range(0, rows.Count).ToArray();
            var rng = new Random(Seed);
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            int test = (int)Math.Round(rows.Count * TestFraction);
            WriteCsv(TestCsv, Table, order.Take(test).Select(r => rows[r]));
            WriteCsv(TrainCsv, Table, order.Skip(test).Select(r => rows[r]));
        }

        /// <summary>A CSV with the table's header, written to a temporary name and then moved, so a cut run leaves no half file.</summary>
        public static void WriteCsv(string path, SuiteTable table, IEnumerable<string[]> rows)
        {
            string temp = path + ".tmp";
            using (var writer = new StreamWriter(temp))
            {
                writer.WriteLine(string.Join(",", table.Columns.Select(c => Quote(c.Name))));
                foreach (var row in rows)
                    writer.WriteLine(string.Join(",", row.Select(Quote)));
            }
            File.Move(temp, path, overwrite: true);
        }

        /// <summary>A view's rows as a CSV of the table's columns (numbers round-trip, NaN empty).</summary>
        public static void WriteCsv(string path, SuiteTable table, IDataView view)
        {
            var columns = table.Columns.Select(c => c.Categorical
                ? view.GetColumn<string>(c.Name).ToArray()
                : view.GetColumn<float>(c.Name).Select(v => float.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture)).ToArray()).ToArray();
            int count = columns.Length == 0 ? 0 : columns[0].Length;
            WriteCsv(path, table, Enumerable.Range(0, count).Select(r => columns.Select(c => c[r]).ToArray()));
        }

        /// <summary>A CSV of the table's columns: categories as text, numbers as Single, an empty number NaN.</summary>
        public static IDataView Load(MLContext ml, SuiteTable table, string path)
        {
            var columns = table.Columns.Select((c, i) => new TextLoader.Column(c.Name, c.Categorical ? DataKind.String : DataKind.Single, i)).ToArray();
            var loader = ml.Data.CreateTextLoader(new TextLoader.Options
            {
                Columns = columns,
                HasHeader = true,
                Separators = new[] { ',' },
                AllowQuoting = true,
                MissingRealsAsNaNs = true,
            });
            return ml.Data.Cache(loader.Load(path));
        }

        private static string Quote(string value) =>
            value.IndexOfAny(new[] { ',', '"' }) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
