using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Privacy;
using Microsoft.ML.Gan.Randomness;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// What a differentially private table model may know about its table before training, from noisy histograms
    /// only (docs/ARCHITECTURE.md, "Private statistics"): per categorical column, the categories whose noisy count
    /// passes a threshold and their noisy counts; per numeric column, its range from a histogram over a fixed grid of
    /// powers of two, then its shape, missing share and whether it is whole from a histogram over that range. Every row
    /// adds one to exactly one bin of each histogram (<see cref="Histograms"/> per table), so the caller's Gaussian
    /// mechanism bounds the release. From these alone it builds a proxy table (rows drawn column by column from the
    /// histograms), on which the encoder (modes or quantiles, ranges, whole numbers, missing values) is fitted, and the
    /// generation conditions' counts; the training rows themselves are mapped into what was released (a rare category
    /// to its column's most frequent released one, a value clamped to the released range, a missing value, when none
    /// was released, to the proxy's median), which touches each row alone.
    /// </summary>
    internal sealed class PrivateTableSketch
    {
        /// <summary>Bins of the shape histogram over a numeric column's range (each split into whole and fractional values).</summary>
        public const int ShapeBins = 32;

        /// <summary>Rows of the proxy table at most.</summary>
        public const int ProxyRows = 20_000;

        // A shape bin is believed non-empty above this many standard deviations of its noise (post-processing).
        private const double BinThreshold = NoisyRange.Threshold;

        private const long NoiseStream = 0x5E7C_0000_0000;
        private const long ProxyStream = 0x5E7D_0000_0000;

        private readonly List<ColumnRelease> _columns = new();

        /// <summary>Histograms the sketch of <paramref name="table"/> releases: one per categorical column, two per numeric column.</summary>
        public static int Histograms(TableData table) => table.Categorical.Count() + 2 * table.Continuous.Count();

        /// <summary>Columns whose categories are released by threshold.</summary>
        public static int ThresholdedColumns(TableData table) => table.Categorical.Count();

        /// <param name="table">The training rows.</param>
        /// <param name="countNoise">The standard deviation of the Gaussian noise on every count.</param>
        /// <param name="categoryThreshold">A category is released when its noisy count is above this.</param>
        /// <param name="maxCategories">At most this many categories released per column (the most frequent by noisy count); null for no limit.</param>
        /// <param name="seed">The run's seed: the noise and the proxy rows are drawn from streams of it.</param>
        public PrivateTableSketch(TableData table, double countNoise, double categoryThreshold, int? maxCategories, int seed)
        {
            if (!(countNoise > 0))
                throw new ArgumentOutOfRangeException(nameof(countNoise), countNoise, "The counts need noise.");
            CountNoise = countNoise;
            for (int i = 0; i < table.Columns.Count; i++)
            {
                var noise = SeedStreams.Random(seed, NoiseStream + i);
                _columns.Add(table.Columns[i] switch
                {
                    CategoricalColumnData c => Categories(c, noise, categoryThreshold, maxCategories),
                    ContinuousColumnData c => Numbers(c, noise),
                    var other => throw new ArgumentException($"Column '{other.Column.Name}' is of an unknown kind.", nameof(table)),
                });
            }
            Proxy = DrawProxy(table, (int)Math.Min(table.Rows, ProxyRows), seed);
            Conditions = new GenerationConditions(_columns.OfType<CategoryRelease>()
                .Select(c => (c.Released, c.NoisyCounts.Select(n => (int)Math.Max(1, Math.Round(n))).ToArray())).ToList());
        }

        /// <summary>The standard deviation of each count's noise.</summary>
        public double CountNoise { get; }

        /// <summary>Rows drawn from the released histograms alone: what the encoder is fitted on.</summary>
        public TableData Proxy { get; }

        /// <summary>The released categories with their noisy counts, for training's generated conditions and for generation.</summary>
        public GenerationConditions Conditions { get; }

        /// <summary>Each released categorical column's categories, by column name (for messages and tests).</summary>
        public IReadOnlyDictionary<string, CategorySet> ReleasedCategories =>
            _columns.OfType<CategoryRelease>().ToDictionary(c => c.Released.Column, c => c.Released);

        /// <summary>Each numeric column's released range, by column name.</summary>
        public IReadOnlyDictionary<string, (double Min, double Max)> ReleasedRanges =>
            _columns.OfType<NumberRelease>().ToDictionary(c => c.Name, c => (c.Min, c.Max));

        /// <summary>
        /// The training rows expressed in what was released, row by row: codes into the released categories (a category
        /// not released becomes its column's most frequent released one), values clamped to the released range, missing
        /// values (when the release says a column has none) replaced by the proxy's median.
        /// </summary>
        public TableData Map(TableData table)
        {
            if (table.Columns.Count != _columns.Count)
                throw new ArgumentException($"The sketch has {_columns.Count} columns; the table {table.Columns.Count}.", nameof(table));
            var columns = new List<TableColumnData>(table.Columns.Count);
            for (int i = 0; i < table.Columns.Count; i++)
            {
                switch ((table.Columns[i], _columns[i]))
                {
                    case (CategoricalColumnData c, CategoryRelease r):
                        columns.Add(new CategoricalColumnData(c.Column, Array.ConvertAll(c.Codes, code => r.CodeOf[code]), r.Released));
                        break;
                    case (ContinuousColumnData c, NumberRelease r):
                        var proxy = (ContinuousColumnData)Proxy.Columns[i];
                        double fill = Median(proxy.Values);
                        var values = Array.ConvertAll(c.Values, v => double.IsNaN(v) ? (r.HasMissing ? v : fill) : Math.Clamp(v, r.Min, r.Max));
                        columns.Add(new ContinuousColumnData(c.Column, values, r.Min, r.Max, r.Whole, r.HasMissing));
                        break;
                    default:
                        throw new ArgumentException($"Column {i} ('{table.Columns[i].Column.Name}') is not of the kind sketched.", nameof(table));
                }
            }
            return new TableData(table.Rows, columns);
        }

        private CategoryRelease Categories(CategoricalColumnData column, Random noise, double threshold, int? maxCategories)
        {
            var noisy = column.Counts.Select(n => n + NoisyRange.Gaussian(noise) * CountNoise).ToArray();
            var released = Enumerable.Range(0, noisy.Length).Where(k => noisy[k] > threshold)
                .OrderByDescending(k => noisy[k]).ThenBy(k => k).Take(maxCategories ?? int.MaxValue).OrderBy(k => k).ToArray();
            if (released.Length == 0)
                throw new InvalidOperationException(
                    $"Column '{column.Column.Name}': no category is held by enough rows to be published at this ε (a noisy count above {threshold:F0}); " +
                    "raise Privacy.Epsilon or leave the column out.");
            var all = column.Categories;
            int missing = Array.IndexOf(released, all.MissingIndex);
            var set = new CategorySet(all.Column, released.Select(k => all.Values[k]).ToList(), released.Select(k => all.Labels[k]).ToList(), all.MissingIndex >= 0 ? missing : -1);
            int mostFrequent = Enumerable.Range(0, released.Length).OrderByDescending(j => noisy[released[j]]).First();
            var codeOf = Enumerable.Repeat(mostFrequent, all.Count).ToArray();
            for (int j = 0; j < released.Length; j++)
                codeOf[released[j]] = j;
            return new CategoryRelease(set, released.Select(k => noisy[k]).ToArray(), codeOf);
        }

        private NumberRelease Numbers(ContinuousColumnData column, Random noise)
        {
            double floor = BinThreshold * CountNoise;
            // The range: a histogram over the public grid of powers of two.
            var (lo, hi) = NoisyRange.Release(column.Values, CountNoise, noise);

            // The shape over that range: [missing, zero, ShapeBins whole, ShapeBins fractional].
            bool zeroBin = lo <= 0 && 0 <= hi && lo < hi;
            var shape = new double[2 + 2 * ShapeBins];
            foreach (double v in column.Values)
            {
                if (double.IsNaN(v))
                    shape[0]++;
                else
                {
                    double c = Math.Clamp(v, lo, hi);
                    shape[zeroBin && c == 0 ? 1 : 2 + ShapeBin(c, lo, hi) + (c == Math.Floor(c) ? 0 : ShapeBins)]++;
                }
            }
            for (int b = 0; b < shape.Length; b++)
                shape[b] += NoisyRange.Gaussian(noise) * CountNoise;
            bool hasMissing = shape[0] > floor;
            double fractional = Enumerable.Range(2 + ShapeBins, ShapeBins).Sum(b => shape[b]);
            bool whole = NumericTypes.IsInteger(column.Column.Type) || fractional <= BinThreshold * CountNoise * Math.Sqrt(ShapeBins);
            var weights = new double[2 + ShapeBins];
            weights[0] = hasMissing ? Math.Max(0, shape[0]) : 0;
            weights[1] = zeroBin ? Math.Max(0, shape[1]) : 0;
            for (int b = 0; b < ShapeBins; b++)
                weights[2 + b] = Math.Max(0, shape[2 + b] + shape[2 + ShapeBins + b]);
            // The range narrowed to the shape bins believed non-empty (the zero bin counts as the value 0).
            var held = Enumerable.Range(0, ShapeBins).Where(b => shape[2 + b] + shape[2 + ShapeBins + b] > floor * Math.Sqrt(2)).ToList();
            double width = (hi - lo) / ShapeBins;
            double min = held.Count > 0 ? lo + held.Min() * width : lo, max = held.Count > 0 ? lo + (held.Max() + 1) * width : hi;
            if (zeroBin && shape[1] > floor)
                (min, max) = (Math.Min(min, 0), Math.Max(max, 0));
            if (whole && Math.Ceiling(min) <= Math.Floor(max))
                (min, max) = (Math.Ceiling(min), Math.Floor(max));
            for (int b = 0; b < ShapeBins; b++)
            {
                if (lo + (b + 1) * width <= min || lo + b * width >= max)
                    weights[2 + b] = 0;
            }
            return new NumberRelease(column.Column.Name, lo, hi, min, max, whole, hasMissing, weights);
        }

        private TableData DrawProxy(TableData table, int rows, int seed)
        {
            var columns = new List<TableColumnData>(_columns.Count);
            for (int i = 0; i < _columns.Count; i++)
            {
                var rng = SeedStreams.Random(seed, ProxyStream + i);
                switch (_columns[i])
                {
                    case CategoryRelease c:
                        var cumulative = Cumulative(c.NoisyCounts.Select(n => Math.Max(0, n)).ToArray());
                        var codes = new int[rows];
                        for (int r = 0; r < rows; r++)
                            codes[r] = Draw(cumulative, rng);
                        columns.Add(new CategoricalColumnData(table.Columns[i].Column, codes, c.Released));
                        break;
                    case NumberRelease n:
                        columns.Add(new ContinuousColumnData(table.Columns[i].Column, DrawNumbers(n, rows, rng), n.Min, n.Max, n.Whole, n.HasMissing));
                        break;
                }
            }
            return new TableData(rows, columns);
        }

        private static double[] DrawNumbers(NumberRelease n, int rows, Random rng)
        {
            var values = new double[rows];
            var cumulative = Cumulative(n.Weights);
            double width = (n.GridHigh - n.GridLow) / ShapeBins;
            for (int r = 0; r < rows; r++)
            {
                if (n.Min == n.Max)
                {
                    values[r] = n.Min;
                    continue;
                }
                int bin = cumulative[^1] > 0 ? Draw(cumulative, rng) : 2 + rng.Next(ShapeBins);
                double v = bin switch
                {
                    0 => double.NaN,
                    1 => 0,
                    _ => Math.Clamp(n.GridLow + (bin - 2 + rng.NextDouble()) * width, n.Min, n.Max),
                };
                values[r] = n.Whole && !double.IsNaN(v) ? Math.Clamp(Math.Round(v), n.Min, n.Max) : v;
            }
            return values;
        }

        private static int ShapeBin(double v, double lo, double hi) =>
            hi > lo ? Math.Min(ShapeBins - 1, (int)Math.Floor((v - lo) / (hi - lo) * ShapeBins)) : 0;

        private static double[] Cumulative(double[] weights)
        {
            var cumulative = new double[weights.Length];
            double sum = 0;
            for (int i = 0; i < weights.Length; i++)
                cumulative[i] = sum += weights[i];
            return cumulative;
        }

        private static int Draw(double[] cumulative, Random rng)
        {
            if (!(cumulative[^1] > 0))
                return rng.Next(cumulative.Length);
            double u = rng.NextDouble() * cumulative[^1];
            int i = Array.BinarySearch(cumulative, u);
            i = i < 0 ? ~i : i + 1;
            return Math.Min(i, cumulative.Length - 1);
        }

        private static double Median(double[] values)
        {
            var present = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToArray();
            return present.Length == 0 ? 0 : present[present.Length / 2];
        }

        private abstract record ColumnRelease;

        private sealed record CategoryRelease(CategorySet Released, double[] NoisyCounts, int[] CodeOf) : ColumnRelease;

        private sealed record NumberRelease(string Name, double GridLow, double GridHigh, double Min, double Max, bool Whole, bool HasMissing, double[] Weights) : ColumnRelease;
    }
}
