using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Microsoft.ML.Gan.Benchmarks.Sequences
{
    /// <summary>
    /// The "Stocks" set of the time-series GAN literature from the copy in samples/SequenceGan/data/stocks.csv (daily Google share prices,
    /// oldest first, six numeric columns), prepared as the published protocol does (docs/ARCHITECTURE.md, "Sequence scores"): each
    /// column min-max scaled over the whole series, (x − min) / (max − min + 10⁻⁷) as the published code does, then every
    /// window of 24 consecutive days starting at day 0 … days − 25 (3,661 windows for 3,685 days).
    /// </summary>
    internal static class StocksData
    {
        public const string FileName = "stocks.csv";
        public const int Length = 24;
        public static readonly string[] Header = { "Open", "High", "Low", "Close", "Adj_Close", "Volume" };

        /// <summary>The windows, row-major (window, step, feature), in series order.</summary>
        public static float[] Windows(string path, int length = Length)
        {
            var rows = Read(path);
            int columns = Header.Length;
            var min = Enumerable.Range(0, columns).Select(c => rows.Min(r => r[c])).ToArray();
            var max = Enumerable.Range(0, columns).Select(c => rows.Max(r => r[c])).ToArray();
            // The published loader cuts range(0, days − length) windows: the last possible window is left out.
            int count = rows.Count - length;
            if (count < 1)
                throw new InvalidDataException($"{path}: {rows.Count} days, fewer than a window of {length} and one more.");
            var windows = new float[count * length * columns];
            for (int w = 0; w < count; w++)
                for (int t = 0; t < length; t++)
                    for (int c = 0; c < columns; c++)
                        windows[(w * length + t) * columns + c] = (float)((rows[w + t][c] - min[c]) / (max[c] - min[c] + 1e-7));
            return windows;
        }

        public static List<double[]> Read(string path)
        {
            using var reader = new StreamReader(path);
            var header = (reader.ReadLine() ?? "").Split(',').Select(h => h.Trim()).ToArray();
            if (!header.SequenceEqual(Header))
                throw new InvalidDataException($"{path}: expected the header {string.Join(",", Header)}, found {string.Join(",", header)}.");
            var rows = new List<double[]>();
            int line = 1;
            for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
            {
                line++;
                if (text.Trim().Length == 0)
                    continue;
                var fields = text.Split(',');
                if (fields.Length != Header.Length)
                    throw new InvalidDataException($"{path}:{line}: {fields.Length} fields, expected {Header.Length}.");
                rows.Add(fields.Select(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
                    ? v : throw new InvalidDataException($"{path}:{line}: '{f}' is not a number.")).ToArray());
            }
            return rows;
        }

        /// <summary>STOCKS_CSV, else data/stocks.csv or the sample's samples/SequenceGan/data/stocks.csv above the working or program folder.</summary>
        public static string Find()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("STOCKS_CSV");
            if (!string.IsNullOrEmpty(fromEnvironment))
                return File.Exists(fromEnvironment) ? fromEnvironment : throw new FileNotFoundException($"STOCKS_CSV points to {fromEnvironment}, which does not exist.");
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    foreach (var candidate in new[] { Path.Combine(dir.FullName, "data", FileName), Path.Combine(dir.FullName, "samples", "SequenceGan", "data", FileName) })
                    {
                        if (File.Exists(candidate))
                            return Path.GetFullPath(candidate);
                    }
                }
            }
            throw new FileNotFoundException($"{FileName} not found above {Directory.GetCurrentDirectory()}; set STOCKS_CSV.");
        }
    }
}
