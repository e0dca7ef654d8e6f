using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Reads the learned columns of a data view into a <see cref="TableData"/> in one cursor pass: numbers as
    /// doubles, categorical columns as indices into their sorted distinct values.
    /// </summary>
    internal static class TableReader
    {
        /// <summary>Bytes a row of <paramref name="columns"/> takes once read: a double per continuous column, an int per categorical one.</summary>
        public static long BytesPerRow(IReadOnlyList<TableColumn> columns) =>
            columns.Sum(c => c.Kind == ColumnKind.Continuous ? sizeof(double) : (long)sizeof(int));

        /// <summary>
        /// Reads the columns; null as soon as there are more than <paramref name="maxRows"/> rows (at once when the
        /// view's row count says so), so that a table too large for memory is refused without being held.
        /// </summary>
        public static TableData? Read(IDataView data, IReadOnlyList<TableColumn> columns, long maxRows, FitCancellation cancel = default)
            => Read(data, columns, maxRows, encodedBudget: null, cancel);

        /// <summary>
        /// <see cref="Read(IDataView, IReadOnlyList{TableColumn}, long, FitCancellation)"/>, that also gives up (null) as soon
        /// as the table, as read plus encoded, is sure to pass <paramref name="encodedBudget"/>: what it has seen bounds
        /// the encoded width from below (a category a value, two values a numeric column that is not constant, two more
        /// for one with missing values), and the rows that train from below (the view's row count when it knows it, times
        /// the share that trains), so the table it gives up on is one that would not fit once encoded anyway. A categorical
        /// column other than <c>Exempt</c> counts at most <c>MaxCategories</c> values (its grouped width, <see cref="CategoryGrouping"/>).
        /// </summary>
        public static TableData? Read(IDataView data, IReadOnlyList<TableColumn> columns, long maxRows,
            (long Bytes, double TrainShare, int? MaxCategories, string? Exempt)? encodedBudget, FitCancellation cancel = default)
        {
            if (data.GetRowCount() > maxRows)
                return null;
            var schemaColumns = columns.Select(c => data.Schema[c.Index]).ToArray();
            using var cursor = data.GetRowCursor(schemaColumns);
            var readers = columns.Select((c, i) => ColumnReader.Create(cursor, schemaColumns[i], c)).ToArray();
            int rows = 0;
            while (cursor.MoveNext())
            {
                if (rows % 4096 == 0)
                {
                    cancel.ThrowIfCancelled();
                    if (encodedBudget is { } budget && PassesEncoded(readers, columns, data.GetRowCount() ?? rows, budget, BytesPerRow(columns)))
                        return null;
                }
                if (rows == maxRows)
                    return null;
                foreach (var r in readers)
                    r.ReadCurrent();
                rows++;
            }
            return new TableData(rows, readers.Select(r => r.Finish()).ToList());
        }

        public static TableData Read(IDataView data, IReadOnlyList<TableColumn> columns) => Read(data, columns, long.MaxValue)!;

        // Whether rows x share rows that train, as read and at least as wide encoded as the readers have seen, pass the budget.
        private static bool PassesEncoded(ColumnReader[] readers, IReadOnlyList<TableColumn> columns, long rows,
            (long Bytes, double TrainShare, int? MaxCategories, string? Exempt) budget, long bytesPerRow)
        {
            long training = Math.Max(0, (long)Math.Floor(rows * budget.TrainShare) - 1);
            long width = 0;
            for (int i = 0; i < readers.Length; i++)
            {
                int w = readers[i].EncodedWidthAtLeast;
                bool grouped = columns[i].Kind != ColumnKind.Continuous && columns[i].Name != budget.Exempt && budget.MaxCategories is int;
                width += grouped ? Math.Min(w, budget.MaxCategories!.Value) : w;
            }
            return training * (bytesPerRow + width * sizeof(float)) > budget.Bytes;
        }

        /// <summary>
        /// Readers of <paramref name="columns"/> on <paramref name="row"/>, one per column, for a caller that keeps the
        /// values itself (a streamed table: <see cref="TableStatistics"/>, <see cref="TableStreamMinibatches"/>).
        /// </summary>
        public static ColumnReader[] Readers(DataViewRow row, IReadOnlyList<TableColumn> columns) =>
            columns.Select(c => ColumnReader.Create(row, row.Schema[c.Index], c)).ToArray();

        /// <summary>
        /// One column's values during a pass: accumulated for a table read whole (<see cref="ReadCurrent"/>,
        /// <see cref="Finish"/>), or read one at a time (<see cref="ReadValue"/> for a continuous column,
        /// <see cref="ReadCode"/> for a categorical one) by a caller that keeps them.
        /// </summary>
        internal abstract class ColumnReader
        {
            public abstract void ReadCurrent();

            public abstract TableColumnData Finish();

            /// <summary>A continuous column's current value (NaN = missing).</summary>
            public virtual double ReadValue() => throw new InvalidOperationException("Not a continuous column.");

            /// <summary>
            /// A categorical column's current value as a code: in first-seen order while categories are learned, the
            /// index in the fixed set after <see cref="Fix"/>.
            /// </summary>
            public virtual int ReadCode() => throw new InvalidOperationException("Not a categorical column.");

            /// <summary>Distinct values seen so far (categorical columns).</summary>
            public virtual int Distinct => 0;

            /// <summary>The fewest encoded values a row of this column takes, given the values accumulated so far.</summary>
            public virtual int EncodedWidthAtLeast => Distinct;

            /// <summary>The categories seen, sorted, and where each first-seen code went in that order (categorical columns).</summary>
            public virtual (CategorySet Set, int[] FirstSeenToSorted) SeenCategories() => throw new InvalidOperationException("Not a categorical column.");

            /// <summary>
            /// From now on codes are indices into <paramref name="set"/> (a set this column's reader made), and a value not
            /// in it fails: a later pass over the same view must see no value the statistics pass did not.
            /// </summary>
            public virtual void Fix(CategorySet set) => throw new InvalidOperationException("Not a categorical column.");

            public static ColumnReader Create(DataViewRow row, DataViewSchema.Column schemaColumn, TableColumn column)
            {
                var type = column.Type;
                if (column.Kind == ColumnKind.Continuous)
                    return new Continuous(column, NumericTypes.Reader(row, schemaColumn));
                if (type is TextDataViewType)
                    return new Text(column, row.GetGetter<ReadOnlyMemory<char>>(schemaColumn));
                if (type is BooleanDataViewType)
                {
                    var getter = row.GetGetter<bool>(schemaColumn);
                    return new Categories<bool>(column, () => { bool v = false; getter(ref v); return v; },
                        v => v, v => v ? "True" : "False", _ => false, Comparer<bool>.Default);
                }
                if (type is KeyDataViewType key)
                    return new Categories<ulong>(column, KeyReader(row, schemaColumn, key), v => v,
                        v => KeyLabel(column, v), v => v == 0, Comparer<ulong>.Default);
                // A number the user marked categorical; NaN is its missing value and sorts first.
                var number = NumericTypes.Reader(row, schemaColumn);
                return new Categories<double>(column, number, v => v,
                    v => double.IsNaN(v) ? CategorySet.MissingLabel : v.ToString("R", CultureInfo.InvariantCulture),
                    double.IsNaN, Comparer<double>.Default);
            }

            private static Func<ulong> KeyReader(DataViewRow row, DataViewSchema.Column column, KeyDataViewType key)
            {
                var raw = key.RawType;
                if (raw == typeof(uint)) { var g = row.GetGetter<uint>(column); return () => { uint v = 0; g(ref v); return v; }; }
                if (raw == typeof(ulong)) { var g = row.GetGetter<ulong>(column); return () => { ulong v = 0; g(ref v); return v; }; }
                if (raw == typeof(ushort)) { var g = row.GetGetter<ushort>(column); return () => { ushort v = 0; g(ref v); return v; }; }
                if (raw == typeof(byte)) { var g = row.GetGetter<byte>(column); return () => { byte v = 0; g(ref v); return v; }; }
                throw new ArgumentException($"Key column '{column.Name}' has raw type {raw.Name}.", nameof(column));
            }

            // Key k (1-based; 0 is missing) is named by the (k-1)-th KeyValues entry when there is one.
            private static string KeyLabel(TableColumn column, ulong key)
            {
                if (key == 0)
                    return CategorySet.MissingLabel;
                if (column.KeyValues is { } names && key <= (ulong)names.Length)
                    return names.GetItemOrDefault((int)(key - 1)).ToString();
                return key.ToString(CultureInfo.InvariantCulture);
            }
        }

        private sealed class Continuous : ColumnReader
        {
            private readonly TableColumn _column;
            private readonly Func<double> _read;
            private readonly List<double> _values = new();

            public Continuous(TableColumn column, Func<double> read)
            {
                _column = column;
                _read = read;
            }

            public override void ReadCurrent() => _values.Add(_read());

            public override double ReadValue() => _read();

            // A mode offset and at least one mode unless constant, a present/missing pair when a value is missing.
            public override int EncodedWidthAtLeast
            {
                get
                {
                    for (; _scanned < _values.Count; _scanned++)
                    {
                        double v = _values[_scanned];
                        if (double.IsNaN(v))
                            _missing = true;
                        else
                            (_min, _max) = (Math.Min(_min, v), Math.Max(_max, v));
                    }
                    return (_min < _max ? 2 : 0) + (_missing ? 2 : 0);
                }
            }

            private int _scanned;
            private double _min = double.PositiveInfinity, _max = double.NegativeInfinity;
            private bool _missing;

            public override TableColumnData Finish() => new ContinuousColumnData(_column, _values.ToArray());
        }

        /// <summary>Text: distinct strings looked up by span, so that a row costs no allocation once its value is known.</summary>
        private sealed class Text : ColumnReader
        {
            private readonly TableColumn _column;
            private readonly ValueGetter<ReadOnlyMemory<char>> _getter;
            private readonly Dictionary<string, int> _firstSeen = new(StringComparer.Ordinal);
            private readonly List<string> _inOrder = new();
            private readonly List<int> _codes = new();
            private ReadOnlyMemory<char> _value;

            public Text(TableColumn column, ValueGetter<ReadOnlyMemory<char>> getter)
            {
                _column = column;
                _getter = getter;
            }

            public override void ReadCurrent() => _codes.Add(ReadCode());

            public override int ReadCode()
            {
                _getter(ref _value);
                var lookup = _firstSeen.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(_value.Span, out int code))
                {
                    if (_fixed)
                        throw Unseen(_column, _value.ToString());
                    code = _inOrder.Count;
                    var text = _value.ToString();
                    _firstSeen.Add(text, code);
                    _inOrder.Add(text);
                }
                return code;
            }

            public override int Distinct => _inOrder.Count;

            public override TableColumnData Finish()
            {
                var (set, _) = SeenCategories();
                return Sorted(_column, _codes, _inOrder, set.Values.Cast<string>().ToArray(), set);
            }

            public override (CategorySet Set, int[] FirstSeenToSorted) SeenCategories()
            {
                var distinct = _inOrder.OrderBy(s => s, StringComparer.Ordinal).ToArray();
                var labels = distinct.Select(s => s.Length == 0 ? CategorySet.MissingLabel : s).ToArray();
                int missing = Array.IndexOf(distinct, "");
                return (new CategorySet(_column.Name, distinct, labels, missing), Remap(_inOrder, distinct));
            }

            public override void Fix(CategorySet set)
            {
                _firstSeen.Clear();
                _inOrder.Clear();
                foreach (string value in set.Values.Cast<string>())
                {
                    _firstSeen.Add(value, _inOrder.Count);
                    _inOrder.Add(value);
                }
                _fixed = true;
            }

            private bool _fixed;
        }

        /// <summary>Booleans, keys and numbers marked categorical: a dictionary of distinct values.</summary>
        private sealed class Categories<T> : ColumnReader where T : notnull
        {
            private readonly TableColumn _column;
            private readonly Func<T> _read;
            private readonly Func<T, object> _box;
            private readonly Func<T, string> _label;
            private readonly Func<T, bool> _isMissing;
            private readonly IComparer<T> _order;
            private readonly Dictionary<T, int> _firstSeen = new();
            private readonly List<T> _inOrder = new();
            private readonly List<int> _codes = new();

            public Categories(TableColumn column, Func<T> read, Func<T, object> box, Func<T, string> label, Func<T, bool> isMissing, IComparer<T> order)
            {
                _column = column;
                _read = read;
                _box = box;
                _label = label;
                _isMissing = isMissing;
                _order = order;
            }

            public override void ReadCurrent() => _codes.Add(ReadCode());

            public override int ReadCode()
            {
                T v = _read();
                if (!_firstSeen.TryGetValue(v, out int code))
                {
                    if (_fixed)
                        throw Unseen(_column, _label(v));
                    code = _inOrder.Count;
                    _firstSeen.Add(v, code);
                    _inOrder.Add(v);
                }
                return code;
            }

            public override int Distinct => _inOrder.Count;

            public override TableColumnData Finish()
            {
                var distinct = _inOrder.OrderBy(v => v, _order).ToArray();
                return Sorted(_column, _codes, _inOrder, distinct, Set(distinct));
            }

            public override (CategorySet Set, int[] FirstSeenToSorted) SeenCategories()
            {
                var distinct = _inOrder.OrderBy(v => v, _order).ToArray();
                return (Set(distinct), Remap(_inOrder, distinct));
            }

            public override void Fix(CategorySet set)
            {
                _firstSeen.Clear();
                _inOrder.Clear();
                foreach (T value in set.Values.Cast<T>())
                {
                    _firstSeen.Add(value, _inOrder.Count);
                    _inOrder.Add(value);
                }
                _fixed = true;
            }

            private bool _fixed;

            private CategorySet Set(T[] distinct) =>
                new(_column.Name, distinct.Select(_box).ToArray(), distinct.Select(_label).ToArray(), Array.FindIndex(distinct, v => _isMissing(v)));
        }

        // Codes were given in first-seen order; renumber them in the set's sorted order.
        private static CategoricalColumnData Sorted<T>(TableColumn column, List<int> firstSeenCodes, List<T> firstSeen, T[] sorted, CategorySet set) where T : notnull
        {
            var remap = Remap(firstSeen, sorted);
            var codes = new int[firstSeenCodes.Count];
            for (int i = 0; i < codes.Length; i++)
                codes[i] = remap[firstSeenCodes[i]];
            return new CategoricalColumnData(column, codes, set);
        }

        // Where each first-seen value sits in the sorted order.
        private static int[] Remap<T>(List<T> firstSeen, T[] sorted) where T : notnull
        {
            var position = new Dictionary<T, int>(sorted.Length);
            for (int i = 0; i < sorted.Length; i++)
                position[sorted[i]] = i;
            return firstSeen.Select(v => position[v]).ToArray();
        }

        private static InvalidOperationException Unseen(TableColumn column, string value) =>
            new($"Column '{column.Name}' has the value '{value}', which the statistics pass over the same data did not see: "
                + "a streamed table must give the same rows on every pass (a deterministic IDataView).");
    }
}
