using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Randomness;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// What a table too large for memory is learned from, taken in one streaming pass over the view: the training rows'
    /// count, each numeric column's range, form (whole or not) and whether it has missing values, each categorical
    /// column's categories with their exact counts, and a seeded uniform sample of whole rows (reservoir sampling,
    /// Vitter's algorithm R) that the encoder is fitted on. The sample's columns carry the whole table's categories and
    /// numeric ranges, so what is fitted on it covers every row. Rows held out for validation (<see cref="HeldOutRows"/>)
    /// are left out of the statistics and kept in a sample of their own; their categories still count as seen.
    /// Memory is the two samples and the category dictionaries, whatever the row count; a categorical column with more
    /// distinct values than <see cref="MaxCategories"/> is refused, since its dictionary would grow with the rows.
    /// </summary>
    internal sealed class TableStatistics
    {
        /// <summary>Distinct values above which a categorical column of a streamed table is refused as identifier-like.</summary>
        public const int MaxCategories = 100_000;

        /// <summary>The most rows the encoder of a streamed table is fitted on.</summary>
        public const int MaxSampleRows = 100_000;

        // Stream indices of the two reservoirs' draws, apart from the other streams of a seed.
        private const long SampleStream = long.MinValue / 2 - 4;
        private const long HeldOutStream = long.MinValue / 2 - 5;

        private TableStatistics(long rows, TableData sample, TableData? heldOut, IReadOnlyList<int[]> counts)
        {
            Rows = rows;
            Sample = sample;
            HeldOut = heldOut;
            CategoryCounts = counts;
        }

        /// <summary>Training rows (the rows not held out).</summary>
        public long Rows { get; }

        /// <summary>A uniform sample of the training rows, with the whole table's categories and numeric ranges.</summary>
        public TableData Sample { get; }

        /// <summary>A uniform sample of the held-out rows; null when none are held out.</summary>
        public TableData? HeldOut { get; }

        /// <summary>Training rows per category, per categorical column in table order (scaled down to fit an int past 2^31 rows).</summary>
        public IReadOnlyList<int[]> CategoryCounts { get; }

        /// <summary>The categorical columns' categories, in table order.</summary>
        public IReadOnlyList<CategorySet> Categories => Sample.Categorical.Select(c => c.Categories).ToList();

        /// <summary>
        /// One pass over <paramref name="data"/>. <paramref name="sampleRows"/> bounds the training sample and the
        /// held-out sample alike. Throws ArgumentException for an infinite value or a column with more than
        /// <paramref name="maxCategories"/> distinct values, naming the column.
        /// </summary>
        public static TableStatistics Compute(IDataView data, IReadOnlyList<TableColumn> columns, int sampleRows, int seed,
            HeldOutRows heldOut, FitCancellation cancel = default, int maxCategories = MaxCategories)
        {
            if (sampleRows < 1)
                throw new ArgumentOutOfRangeException(nameof(sampleRows), sampleRows, "The sample needs at least one row.");
            using var cursor = data.GetRowCursor(columns.Select(c => data.Schema[c.Index]));
            var readers = TableReader.Readers(cursor, columns);
            var continuous = Enumerable.Range(0, columns.Count).Where(i => columns[i].Kind == ColumnKind.Continuous).ToArray();
            var categorical = Enumerable.Range(0, columns.Count).Where(i => columns[i].Kind != ColumnKind.Continuous).ToArray();
            var ranges = continuous.Select(_ => new Range()).ToArray();
            var counts = categorical.Select(_ => new List<long>()).ToArray();
            var train = new Reservoir(sampleRows, continuous.Length, categorical.Length, SeedStreams.Random(seed, SampleStream));
            var held = heldOut.IsEmpty ? null : new Reservoir(sampleRows, continuous.Length, categorical.Length, SeedStreams.Random(seed, HeldOutStream));
            var values = new double[continuous.Length];
            var codes = new int[categorical.Length];
            long position = 0;
            while (cursor.MoveNext())
            {
                if (position % 4096 == 0)
                    cancel.ThrowIfCancelled();
                bool isHeldOut = heldOut.Contains(position);
                for (int j = 0; j < continuous.Length; j++)
                    values[j] = readers[continuous[j]].ReadValue();
                for (int j = 0; j < categorical.Length; j++)
                {
                    var reader = readers[categorical[j]];
                    codes[j] = reader.ReadCode();
                    if (reader.Distinct > maxCategories)
                        throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                            "Column '{0}' has more than {1} distinct values: it looks like an identifier or free text, and its categories would not fit in " +
                            "memory as the table streams. Leave it out, or make it a number.", columns[categorical[j]].Name, maxCategories), nameof(data));
                }
                if (isHeldOut)
                    held!.Offer(values, codes);
                else
                {
                    for (int j = 0; j < continuous.Length; j++)
                        ranges[j].Add(values[j], columns[continuous[j]], position);
                    for (int j = 0; j < categorical.Length; j++)
                    {
                        var list = counts[j];
                        while (list.Count <= codes[j])
                            list.Add(0);
                        list[codes[j]]++;
                    }
                    train.Offer(values, codes);
                }
                position++;
            }
            cancel.ThrowIfCancelled();

            // Codes were given in first-seen order; the sets sort them.
            var sets = categorical.Select(i => readers[i].SeenCategories()).ToArray();
            var sortedCounts = new int[categorical.Length][];
            for (int j = 0; j < categorical.Length; j++)
            {
                var sorted = new long[sets[j].Set.Count];
                for (int k = 0; k < counts[j].Count; k++)
                    sorted[sets[j].FirstSeenToSorted[k]] = counts[j][k];
                sortedCounts[j] = ToInt(sorted);
            }
            return new TableStatistics(train.Seen, train.ToTable(columns, continuous, categorical, sets, ranges),
                held?.ToTable(columns, continuous, categorical, sets, ranges), sortedCounts);
        }

        // Counts past int's range are scaled down together: only their proportions are used (condition frequencies).
        private static int[] ToInt(long[] counts)
        {
            long largest = counts.Length == 0 ? 0 : counts.Max();
            if (largest <= int.MaxValue)
                return counts.Select(c => (int)c).ToArray();
            double scale = (double)int.MaxValue / largest;
            return counts.Select(c => c == 0 ? 0 : Math.Max(1, (int)(c * scale))).ToArray();
        }

        /// <summary>A numeric column's range, form and missing values over the training rows.</summary>
        private sealed class Range
        {
            public double Min = double.PositiveInfinity;
            public double Max = double.NegativeInfinity;
            public bool Whole = true;
            public bool HasMissing;

            public void Add(double v, TableColumn column, long row)
            {
                if (double.IsNaN(v))
                {
                    HasMissing = true;
                    return;
                }
                if (double.IsInfinity(v))
                    throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                        "Column '{0}' has an infinite value at row {1}; only finite numbers and NaN (missing) can be learned.", column.Name, row), "data");
                if (v < Min) Min = v;
                if (v > Max) Max = v;
                Whole &= v == Math.Floor(v);
            }
        }

        /// <summary>A uniform sample of up to a fixed number of rows of a stream (algorithm R), in raw form.</summary>
        private sealed class Reservoir
        {
            private readonly int _capacity;
            private readonly int _continuous;
            private readonly int _categorical;
            private readonly Random _random;
            private readonly List<double> _values = new();
            private readonly List<int> _codes = new();

            public Reservoir(int capacity, int continuous, int categorical, Random random)
            {
                _capacity = capacity;
                _continuous = continuous;
                _categorical = categorical;
                _random = random;
            }

            /// <summary>Rows offered so far.</summary>
            public long Seen { get; private set; }

            public void Offer(double[] values, int[] codes)
            {
                long seen = Seen++;
                if (seen < _capacity)
                {
                    _values.AddRange(values);
                    _codes.AddRange(codes);
                    return;
                }
                long slot = _random.NextInt64(seen + 1);
                if (slot >= _capacity)
                    return;
                for (int j = 0; j < _continuous; j++)
                    _values[(int)slot * _continuous + j] = values[j];
                for (int j = 0; j < _categorical; j++)
                    _codes[(int)slot * _categorical + j] = codes[j];
            }

            public TableData ToTable(IReadOnlyList<TableColumn> columns, int[] continuous, int[] categorical,
                (CategorySet Set, int[] FirstSeenToSorted)[] sets, Range[] ranges)
            {
                int rows = (int)Math.Min(Seen, _capacity);
                var data = new TableColumnData[columns.Count];
                for (int j = 0; j < continuous.Length; j++)
                {
                    var v = new double[rows];
                    for (int r = 0; r < rows; r++)
                        v[r] = _values[r * _continuous + j];
                    var range = ranges[j];
                    data[continuous[j]] = new ContinuousColumnData(columns[continuous[j]], v, range.Min, range.Max, range.Whole, range.HasMissing);
                }
                for (int j = 0; j < categorical.Length; j++)
                {
                    var c = new int[rows];
                    for (int r = 0; r < rows; r++)
                        c[r] = sets[j].FirstSeenToSorted[_codes[r * _categorical + j]];
                    data[categorical[j]] = new CategoricalColumnData(columns[categorical[j]], c, sets[j].Set);
                }
                return new TableData(rows, data);
            }
        }
    }

    /// <summary>
    /// The rows of a streamed table held out for validation, chosen by their position in the view through a seeded
    /// hash, so that every pass agrees on them without storing them; each row is held out with probability
    /// <c>fraction</c>.
    /// </summary>
    internal readonly struct HeldOutRows
    {
        // Stream index of the hash's key, apart from the other streams of a seed.
        private const long KeyStream = long.MinValue / 2 - 3;

        private readonly ulong _key;
        private readonly ulong _threshold;

        public HeldOutRows(double fraction, int seed)
        {
            if (!(fraction >= 0 && fraction < 1))
                throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The held-out share must be in [0, 1).");
            _key = SeedStreams.Derive(seed, KeyStream);
            _threshold = (ulong)(fraction * 18446744073709551616.0);
        }

        public bool IsEmpty => _threshold == 0;

        public bool Contains(long position)
        {
            if (_threshold == 0)
                return false;
            // SplitMix64's finaliser: a well-mixed 64-bit value per position.
            ulong z = _key + (ulong)position * 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (z ^ (z >> 31)) < _threshold;
        }
    }
}
