using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Gan.Tabular;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// The quality score of a synthetic table in the manner of SDMetrics' quality report. Column shapes: the mean
    /// over columns of 1 − KS (continuous) or 1 − TVD (categorical). Column pair trends: the mean over pairs of
    /// columns of 1 − |r_real − r_synthetic| / 2 for two continuous columns (Pearson's r over rows where both are
    /// present), or 1 − TVD of the two columns' joint frequencies (contingency similarity) for the other pairs,
    /// with continuous columns cut into <see cref="Bins"/> equal-width bins over the real range (missing values in a
    /// bin of their own). Overall: the mean of the two (the column shapes alone for a one-column table).
    /// </summary>
    internal static class TableQuality
    {
        /// <summary>Bins of a continuous column in a contingency table (SDMetrics uses 10).</summary>
        public const int Bins = 10;

        /// <summary>Bins of a continuous column's histogram in the report picture.</summary>
        public const int HistogramBins = 20;

        /// <summary>Categories drawn per column in the report picture; the rest are drawn as one bar.</summary>
        public const int DrawnCategories = 12;

        public static (TableQualityScore Score, IReadOnlyList<ColumnPairSimilarity> Pairs) Score(
            TableData real, TableData synthetic, IReadOnlyList<ColumnSimilarity> columns)
        {
            var pairs = new List<ColumnPairSimilarity>();
            for (int i = 0; i < real.Columns.Count; i++)
            {
                for (int j = i + 1; j < real.Columns.Count; j++)
                {
                    var (a, b) = (real.Columns[i], real.Columns[j]);
                    var (sa, sb) = (synthetic[a.Column.Name], synthetic[b.Column.Name]);
                    pairs.Add(a is ContinuousColumnData ra && b is ContinuousColumnData rb
                        ? new ColumnPairSimilarity(a.Column.Name, b.Column.Name, "Correlation",
                            1 - Math.Abs(TableSimilarity.Pearson(ra.Values, rb.Values)
                                - TableSimilarity.Pearson(((ContinuousColumnData)sa).Values, ((ContinuousColumnData)sb).Values)) / 2)
                        : new ColumnPairSimilarity(a.Column.Name, b.Column.Name, "Contingency",
                            1 - TableSimilarity.TotalVariation(Joint(a, b, a, b), Joint(sa, sb, a, b))));
                }
            }
            double shapes = columns.Count == 0 ? double.NaN : columns.Average(c => 1 - c.Distance);
            double trends = pairs.Count == 0 ? double.NaN : pairs.Average(p => p.Score);
            double overall = pairs.Count == 0 ? shapes : (shapes + trends) / 2;
            return (new TableQualityScore(shapes, trends, overall), pairs);
        }

        /// <summary>Real and synthetic shares per bin (continuous) or category (categorical), for the picture.</summary>
        public static ColumnDistribution Distribution(TableColumnData real, TableColumnData synthetic)
        {
            if (real is ContinuousColumnData r && synthetic is ContinuousColumnData s)
            {
                var present = r.Values.Concat(s.Values).Where(v => !double.IsNaN(v)).ToArray();
                double min = present.Length == 0 ? 0 : present.Min(), max = present.Length == 0 ? 0 : present.Max();
                var labels = Enumerable.Range(0, HistogramBins).Select(k => Format(r.Column, min + (max - min) * k / HistogramBins)).ToArray();
                return new ColumnDistribution(r.Column.Name, ColumnKind.Continuous, labels,
                    Histogram(r.Values, min, max), Histogram(s.Values, min, max));
            }
            var realCounts = TableSimilarity.LabelCounts((CategoricalColumnData)real);
            var syntheticCounts = TableSimilarity.LabelCounts((CategoricalColumnData)synthetic);
            var order = realCounts.Keys.Union(syntheticCounts.Keys)
                .OrderByDescending(l => realCounts.GetValueOrDefault(l)).ThenBy(l => l, StringComparer.Ordinal).ToList();
            var drawn = order.Take(order.Count > DrawnCategories ? DrawnCategories - 1 : DrawnCategories).ToList();
            var rest = order.Skip(drawn.Count).ToList();
            double Share(Dictionary<string, int> counts, IEnumerable<string> labels) => labels.Sum(l => counts.GetValueOrDefault(l)) / Math.Max(1.0, counts.Values.Sum());
            var bins = drawn.Concat(rest.Count > 0 ? new[] { $"({rest.Count} more)" } : Array.Empty<string>()).ToArray();
            var realShares = drawn.Select(l => Share(realCounts, new[] { l })).Concat(rest.Count > 0 ? new[] { Share(realCounts, rest) } : Array.Empty<double>()).ToArray();
            var syntheticShares = drawn.Select(l => Share(syntheticCounts, new[] { l })).Concat(rest.Count > 0 ? new[] { Share(syntheticCounts, rest) } : Array.Empty<double>()).ToArray();
            return new ColumnDistribution(real.Column.Name, ColumnKind.Categorical, bins, realShares, syntheticShares);
        }

        // Frequencies of the two columns' joint labels; continuous columns are binned on the real columns' ranges.
        private static Dictionary<string, int> Joint(TableColumnData a, TableColumnData b, TableColumnData realA, TableColumnData realB)
        {
            var la = Labels(a, realA);
            var lb = Labels(b, realB);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int r = 0; r < la.Length; r++)
            {
                string key = la[r] + "\u0001" + lb[r];
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
            return counts;
        }

        private static string[] Labels(TableColumnData column, TableColumnData real)
        {
            if (column is CategoricalColumnData c)
                return Array.ConvertAll(c.Codes, k => c.Categories.Labels[k]);
            var values = ((ContinuousColumnData)column).Values;
            var edges = (ContinuousColumnData)real;
            return Array.ConvertAll(values, v => double.IsNaN(v) ? "missing" : Bin(v, edges.Min, edges.Max, Bins).ToString(CultureInfo.InvariantCulture));
        }

        // Equal-width bin of v over [min, max]; values outside fall into the end bins.
        private static int Bin(double v, double min, double max, int bins) =>
            !(max > min) ? 0 : Math.Clamp((int)Math.Floor((v - min) / (max - min) * bins), 0, bins - 1);

        private static double[] Histogram(double[] values, double min, double max)
        {
            var shares = new double[HistogramBins];
            int present = 0;
            foreach (double v in values)
            {
                if (double.IsNaN(v)) continue;
                shares[Bin(v, min, max, HistogramBins)]++;
                present++;
            }
            for (int k = 0; k < shares.Length; k++)
                shares[k] /= Math.Max(1, present);
            return shares;
        }

        private static string Format(TableColumn column, double value) => column.IsDate
            ? DateValues.FromDays(value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);
    }
}
