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
                    cancel.ThrowIfCancelled();
                if (rows == maxRows)
                    return null;
                foreach (var r in readers)
                    r.ReadCurrent();
                rows++;
            }
            return new TableData(rows, readers.Select(r => r.Finish()).ToList());
        }

        public static TableData Read(IDataView data, IReadOnlyList<TableColumn> columns) => Read(data, columns, long.MaxValue)!;

        /// <summary>Accumulates one column's values during the pass.</summary>
        private abstract class ColumnReader
        {
            public abstract void ReadCurrent();

            public abstract TableColumnData Finish();

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

            public override void ReadCurrent()
            {
                _getter(ref _value);
                var lookup = _firstSeen.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(_value.Span, out int code))
                {
                    code = _inOrder.Count;
                    var text = _value.ToString();
                    _firstSeen.Add(text, code);
                    _inOrder.Add(text);
                }
                _codes.Add(code);
            }

            public override TableColumnData Finish()
            {
                var distinct = _inOrder.OrderBy(s => s, StringComparer.Ordinal).ToArray();
                var labels = distinct.Select(s => s.Length == 0 ? CategorySet.MissingLabel : s).ToArray();
                int missing = Array.IndexOf(distinct, "");
                return Sorted(_column, _codes, _inOrder, distinct, new CategorySet(_column.Name, distinct, labels, missing));
            }
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

            public override void ReadCurrent()
            {
                T v = _read();
                if (!_firstSeen.TryGetValue(v, out int code))
                {
                    code = _inOrder.Count;
                    _firstSeen.Add(v, code);
                    _inOrder.Add(v);
                }
                _codes.Add(code);
            }

            public override TableColumnData Finish()
            {
                var distinct = _inOrder.OrderBy(v => v, _order).ToArray();
                int missing = Array.FindIndex(distinct, v => _isMissing(v));
                var set = new CategorySet(_column.Name, distinct.Select(_box).ToArray(), distinct.Select(_label).ToArray(), missing);
                return Sorted(_column, _codes, _inOrder, distinct, set);
            }
        }

        // Codes were given in first-seen order; renumber them in the set's sorted order.
        private static CategoricalColumnData Sorted<T>(TableColumn column, List<int> firstSeenCodes, List<T> firstSeen, T[] sorted, CategorySet set) where T : notnull
        {
            var position = new Dictionary<T, int>(sorted.Length);
            for (int i = 0; i < sorted.Length; i++)
                position[sorted[i]] = i;
            var remap = firstSeen.Select(v => position[v]).ToArray();
            var codes = new int[firstSeenCodes.Count];
            for (int i = 0; i < codes.Length; i++)
                codes[i] = remap[firstSeenCodes[i]];
            return new CategoricalColumnData(column, codes, set);
        }
    }
}
