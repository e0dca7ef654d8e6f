using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Microsoft.ML.Gan.Benchmarks.Suite
{
    /// <summary>
    /// Issue #20's goal "generated missing-value shares within 2 points of the real ones on every column", read from the
    /// suite's CSV files: an empty field is a missing cell (<see cref="SuiteSplit.WriteCsv(string, SuiteTable, IDataView)"/>
    /// writes NaN as empty, and so does pandas for the peer's rows).
    /// </summary>
    public static class MissingShares
    {
        /// <summary>
        /// The largest absolute difference over the real file's columns between the synthetic and the real share of
        /// empty cells, in percentage points; null when the real file has no empty cell, where the goal says nothing.
        /// Columns are matched by header name, so a synthesizer that writes them in another order is compared fairly.
        /// </summary>
        public static double? LargestGap(string realCsv, string syntheticCsv)
        {
            var real = Of(realCsv);
            if (real.Values.All(share => share == 0))
                return null;
            var synthetic = Of(syntheticCsv);
            // A column the synthesizer left out counts as wholly missing rather than being skipped.
            return real.Max(c => Math.Abs((synthetic.TryGetValue(c.Key, out double s) ? s : 1) - c.Value)) * 100;
        }

        /// <summary>Each column's share of empty cells, by header name.</summary>
        public static Dictionary<string, double> Of(string csv)
        {
            using var lines = File.ReadLines(csv).GetEnumerator();
            if (!lines.MoveNext())
                return new Dictionary<string, double>();
            var header = SuiteTables.SplitQuoted(lines.Current, ',');
            var empty = new int[header.Length];
            int rows = 0;
            while (lines.MoveNext())
            {
                if (lines.Current.Length == 0)
                    continue;
                var fields = SuiteTables.SplitQuoted(lines.Current, ',');
                rows++;
                for (int c = 0; c < header.Length; c++)
                {
                    if (c >= fields.Length || fields[c].Length == 0)
                        empty[c]++;
                }
            }
            var shares = new Dictionary<string, double>();
            for (int c = 0; c < header.Length; c++)
                shares[header[c]] = rows == 0 ? 0 : empty[c] / (double)rows;
            return shares;
        }
    }
}
