using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Tabular;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// Table rows as points for the privacy checks' distances, every column weighted alike: a continuous column is
    /// its value's mid-rank empirical CDF among the reference rows' present values (0 to 1, so outliers and units do
    /// not dominate, and a value between reference values falls between their ranks) plus a missing flag (a missing
    /// value sits at 0.5 with the flag 1); a categorical column is one-hot over every label the tables use, scaled by
    /// 1/√2 so that a mismatch is at distance 1. Categories are matched by label, as <see cref="TableSimilarity"/> does.
    /// </summary>
    internal sealed class PrivacyRowEncoding
    {
        private static readonly double OneHot = Math.Sqrt(0.5);

        private readonly IReadOnlyList<TableColumn> _columns;
        private readonly double[]?[] _sortedReference; // per continuous column; null for categorical ones
        private readonly Dictionary<string, int>?[] _labelSlots; // per categorical column
        private readonly int[] _offsets;

        /// <param name="columns">The columns, in the tables' order.</param>
        /// <param name="reference">The rows whose values set the continuous columns' CDFs (row indices per table).</param>
        /// <param name="all">Every table that will be encoded, for the categorical labels.</param>
        public PrivacyRowEncoding(IReadOnlyList<TableColumn> columns, IReadOnlyList<(TableData Table, int[] Rows)> reference, IReadOnlyList<TableData> all)
        {
            _columns = columns;
            _sortedReference = new double[]?[columns.Count];
            _labelSlots = new Dictionary<string, int>?[columns.Count];
            _offsets = new int[columns.Count + 1];
            for (int c = 0; c < columns.Count; c++)
            {
                string name = columns[c].Name;
                int width;
                if (columns[c].Kind == ColumnKind.Continuous)
                {
                    var present = new List<double>();
                    foreach (var (table, rows) in reference)
                    {
                        var values = ((ContinuousColumnData)table[name]).Values;
                        foreach (int r in rows)
                        {
                            if (!double.IsNaN(values[r]))
                                present.Add(values[r]);
                        }
                    }
                    var sorted = present.ToArray();
                    Array.Sort(sorted);
                    _sortedReference[c] = sorted;
                    width = 2;
                }
                else
                {
                    var labels = all.SelectMany(t => ((CategoricalColumnData)t[name]).Categories.Labels)
                        .Distinct(StringComparer.Ordinal).OrderBy(l => l, StringComparer.Ordinal).ToList();
                    _labelSlots[c] = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
                    width = labels.Count;
                }
                _offsets[c + 1] = _offsets[c] + width;
            }
        }

        /// <summary>Values per encoded row.</summary>
        public int Width => _offsets[^1];

        /// <summary>The given rows of <paramref name="table"/>, encoded, as a [rows, <see cref="Width"/>] double tensor.</summary>
        public Tensor Encode(TableData table, int[] rows)
        {
            int width = Width;
            var data = new double[(long)rows.Length * width];
            for (int c = 0; c < _columns.Count; c++)
            {
                var column = table[_columns[c].Name];
                int offset = _offsets[c];
                if (_sortedReference[c] is double[] sorted)
                {
                    var values = ((ContinuousColumnData)column).Values;
                    for (int i = 0; i < rows.Length; i++)
                    {
                        double v = values[rows[i]];
                        long at = (long)i * width + offset;
                        if (double.IsNaN(v))
                        {
                            data[at] = 0.5;
                            data[at + 1] = 1;
                        }
                        else
                        {
                            data[at] = MidRankCdf(sorted, v);
                        }
                    }
                }
                else
                {
                    var categorical = (CategoricalColumnData)column;
                    var slotOfCode = categorical.Categories.Labels.Select(l => _labelSlots[c]![l]).ToArray();
                    for (int i = 0; i < rows.Length; i++)
                        data[(long)i * width + offset + slotOfCode[categorical.Codes[rows[i]]]] = OneHot;
                }
            }
            return torch.tensor(data, rows.Length, width);
        }

        /// <summary>(values below v + values up to v) / (2 n): ties share their mid rank; 0.5 with no reference value.</summary>
        internal static double MidRankCdf(double[] sorted, double v)
        {
            if (sorted.Length == 0)
                return 0.5;
            int below = LowerBound(sorted, v, strict: true);
            int upTo = LowerBound(sorted, v, strict: false);
            return (below + upTo) / (2.0 * sorted.Length);
        }

        // The number of values < v (strict) or <= v.
        private static int LowerBound(double[] sorted, double v, bool strict)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (strict ? sorted[mid] < v : sorted[mid] <= v)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            return lo;
        }
    }
}
