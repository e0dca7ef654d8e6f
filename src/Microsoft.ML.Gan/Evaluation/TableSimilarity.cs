using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Tabular;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// How alike a synthetic table is to a real one, column by column (Kolmogorov–Smirnov, total variation) and
    /// in how the columns relate (association matrices). Categorical columns are compared by their labels, so
    /// the two tables may have been read separately.
    /// </summary>
    internal static class TableSimilarity
    {
        /// <summary>Reads both views with the real one's columns and compares them.</summary>
        public static TableMetrics Compare(IDataView real, IDataView synthetic,
            IReadOnlyList<string>? columns = null, IReadOnlyCollection<string>? categorical = null)
        {
            var realColumns = TableColumns.Discover(real.Schema, columns, categorical);
            var names = realColumns.Select(c => c.Name).ToArray();
            var syntheticColumns = TableColumns.Discover(synthetic.Schema, names, categorical?.Where(names.Contains).ToArray());
            return Compare(TableReader.Read(real, realColumns), TableReader.Read(synthetic, syntheticColumns));
        }

        public static TableMetrics Compare(TableData real, TableData synthetic)
        {
            var columns = new List<ColumnSimilarity>();
            foreach (var r in real.Columns)
            {
                var s = synthetic[r.Column.Name];
                if (s.Column.Kind != r.Column.Kind)
                    throw new ArgumentException($"Column '{r.Column.Name}' is {r.Column.Kind} in the real table but {s.Column.Kind} in the synthetic one.", nameof(synthetic));
                columns.Add(r switch
                {
                    ContinuousColumnData rc => Continuous(rc, (ContinuousColumnData)s),
                    CategoricalColumnData rc => Categorical(rc, (CategoricalColumnData)s),
                    _ => throw new ArgumentException($"Column '{r.Column.Name}' is of an unknown kind.", nameof(real)),
                });
            }
            var realMatrix = Associations(real);
            var syntheticMatrix = Associations(new TableData(synthetic.Rows, real.Columns.Select(c => synthetic[c.Column.Name]).ToList()));
            var (quality, pairs) = TableQuality.Score(real, synthetic, columns);
            return new TableMetrics(columns,
                MeanOf(columns, ColumnKind.Continuous), MeanOf(columns, ColumnKind.Categorical),
                realMatrix.MeanAbsoluteDifference(syntheticMatrix), realMatrix, syntheticMatrix)
            {
                Quality = quality,
                Pairs = pairs,
                Distributions = real.Columns.Select(c => TableQuality.Distribution(c, synthetic[c.Column.Name])).ToList(),
            };
        }

        /// <summary>The largest gap between the empirical CDFs of the two samples' present (non-NaN) values.</summary>
        public static double KolmogorovSmirnov(IEnumerable<double> a, IEnumerable<double> b)
        {
            var x = a.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
            var y = b.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
            if (x.Length == 0 || y.Length == 0)
                return x.Length == y.Length ? 0 : 1;
            int i = 0, j = 0;
            double gap = 0;
            while (i < x.Length && j < y.Length)
            {
                // Step past every copy of the next value in both samples, so ties are compared after the jump.
                double v = Math.Min(x[i], y[j]);
                while (i < x.Length && x[i] == v) i++;
                while (j < y.Length && y[j] == v) j++;
                gap = Math.Max(gap, Math.Abs((double)i / x.Length - (double)j / y.Length));
            }
            return gap;
        }

        /// <summary>Half the L1 distance between the two label frequency tables.</summary>
        public static double TotalVariation(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b)
        {
            double na = a.Values.Sum(), nb = b.Values.Sum();
            if (na == 0 || nb == 0)
                return na == nb ? 0 : 1;
            double sum = 0;
            foreach (var label in a.Keys.Union(b.Keys))
                sum += Math.Abs(a.GetValueOrDefault(label) / na - b.GetValueOrDefault(label) / nb);
            return sum / 2;
        }

        /// <summary>Pearson's r over the rows where both are present; 0 when either is constant.</summary>
        public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
        {
            double sx = 0, sy = 0;
            int n = 0;
            for (int i = 0; i < x.Count; i++)
            {
                if (double.IsNaN(x[i]) || double.IsNaN(y[i])) continue;
                sx += x[i];
                sy += y[i];
                n++;
            }
            if (n < 2) return 0;
            double mx = sx / n, my = sy / n, cxy = 0, cxx = 0, cyy = 0;
            for (int i = 0; i < x.Count; i++)
            {
                if (double.IsNaN(x[i]) || double.IsNaN(y[i])) continue;
                double dx = x[i] - mx, dy = y[i] - my;
                cxy += dx * dy;
                cxx += dx * dx;
                cyy += dy * dy;
            }
            return cxx > 0 && cyy > 0 ? Math.Clamp(cxy / Math.Sqrt(cxx * cyy), -1, 1) : 0;
        }

        /// <summary>Cramér's V = sqrt(χ² / (n (min(ka, kb) − 1))) of the contingency table; 0 when a column has one category.</summary>
        public static double CramersV(IReadOnlyList<int> a, int ka, IReadOnlyList<int> b, int kb)
        {
            int n = a.Count;
            if (n == 0 || Math.Min(ka, kb) < 2) return 0;
            var table = new double[ka, kb];
            var rowTotal = new double[ka];
            var colTotal = new double[kb];
            for (int i = 0; i < n; i++)
            {
                table[a[i], b[i]]++;
                rowTotal[a[i]]++;
                colTotal[b[i]]++;
            }
            double chi2 = 0;
            for (int r = 0; r < ka; r++)
            {
                for (int c = 0; c < kb; c++)
                {
                    double expected = rowTotal[r] * colTotal[c] / n;
                    if (expected > 0)
                        chi2 += Sq(table[r, c] - expected) / expected;
                }
            }
            // Categories that never occur (a synthetic table may miss some) do not count towards min(k) - 1.
            int usedA = rowTotal.Count(t => t > 0), usedB = colTotal.Count(t => t > 0);
            int dof = Math.Min(usedA, usedB) - 1;
            return dof < 1 ? 0 : Math.Min(1, Math.Sqrt(chi2 / (n * dof)));
        }

        /// <summary>The correlation ratio η = sqrt(between-category variance / total variance) of a continuous column by categories.</summary>
        public static double CorrelationRatio(IReadOnlyList<int> categories, int k, IReadOnlyList<double> values)
        {
            var sum = new double[k];
            var count = new double[k];
            double total = 0;
            int n = 0;
            for (int i = 0; i < values.Count; i++)
            {
                if (double.IsNaN(values[i])) continue;
                sum[categories[i]] += values[i];
                count[categories[i]]++;
                total += values[i];
                n++;
            }
            if (n < 2) return 0;
            double mean = total / n, between = 0, all = 0;
            for (int c = 0; c < k; c++)
                if (count[c] > 0) between += count[c] * Sq(sum[c] / count[c] - mean);
            for (int i = 0; i < values.Count; i++)
                if (!double.IsNaN(values[i])) all += Sq(values[i] - mean);
            return all > 0 ? Math.Min(1, Math.Sqrt(between / all)) : 0;
        }

        /// <summary>The association matrix of a table, in its column order.</summary>
        public static AssociationMatrix Associations(TableData table)
        {
            int m = table.Columns.Count;
            var values = new double[m, m];
            for (int i = 0; i < m; i++)
            {
                values[i, i] = 1;
                for (int j = i + 1; j < m; j++)
                    values[i, j] = values[j, i] = Association(table.Columns[i], table.Columns[j]);
            }
            return new AssociationMatrix(table.Columns.Select(c => c.Column.Name).ToArray(), values);
        }

        private static double Association(TableColumnData a, TableColumnData b) => (a, b) switch
        {
            (ContinuousColumnData x, ContinuousColumnData y) => Pearson(x.Values, y.Values),
            (CategoricalColumnData x, CategoricalColumnData y) => CramersV(x.Codes, x.Categories.Count, y.Codes, y.Categories.Count),
            (CategoricalColumnData x, ContinuousColumnData y) => CorrelationRatio(x.Codes, x.Categories.Count, y.Values),
            (ContinuousColumnData x, CategoricalColumnData y) => CorrelationRatio(y.Codes, y.Categories.Count, x.Values),
            _ => throw new ArgumentException($"Columns '{a.Column.Name}' and '{b.Column.Name}' are of an unknown kind."),
        };

        private static ColumnSimilarity Continuous(ContinuousColumnData real, ContinuousColumnData synthetic) =>
            new(real.Column.Name, ColumnKind.Continuous, KolmogorovSmirnov(real.Values, synthetic.Values),
                Math.Abs((double)real.MissingCount / Math.Max(1, real.Rows) - (double)synthetic.MissingCount / Math.Max(1, synthetic.Rows)));

        private static ColumnSimilarity Categorical(CategoricalColumnData real, CategoricalColumnData synthetic)
        {
            double Missing(CategoricalColumnData c) => c.Categories.MissingIndex < 0 ? 0 : (double)c.Counts[c.Categories.MissingIndex] / Math.Max(1, c.Rows);
            return new(real.Column.Name, ColumnKind.Categorical, TotalVariation(LabelCounts(real), LabelCounts(synthetic)),
                Math.Abs(Missing(real) - Missing(synthetic)));
        }

        /// <summary>Rows per category label.</summary>
        public static Dictionary<string, int> LabelCounts(CategoricalColumnData c)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int k = 0; k < c.Categories.Count; k++)
                counts[c.Categories.Labels[k]] = counts.GetValueOrDefault(c.Categories.Labels[k]) + c.Counts[k];
            return counts;
        }

        private static double MeanOf(List<ColumnSimilarity> columns, ColumnKind kind)
        {
            var distances = columns.Where(c => c.Kind == kind).Select(c => c.Distance).ToArray();
            return distances.Length == 0 ? 0 : distances.Average();
        }

        private static double Sq(double v) => v * v;
    }
}
