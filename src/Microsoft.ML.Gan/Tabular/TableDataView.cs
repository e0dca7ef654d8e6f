using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// A <see cref="TableData"/> as an <see cref="IDataView"/> with the training data's own column names and
    /// types: numbers in their original type, Boolean, text, and keys with the same key count and KeyValues
    /// names. Each column is one typed array; a cursor's getters index into them.
    /// </summary>
    internal sealed class TableDataView : IDataView
    {
        private readonly Array[] _columns;
        private readonly int _rows;

        /// <param name="table">The rows.</param>
        /// <param name="schema">The schema to present (one built earlier from a table of the same columns, so that a
        /// lazily filled view keeps its schema object); null builds it.</param>
        public TableDataView(TableData table, DataViewSchema? schema = null)
        {
            _rows = table.Rows;
            var builder = new DataViewSchema.Builder();
            _columns = new Array[table.Columns.Count];
            for (int i = 0; i < table.Columns.Count; i++)
            {
                var data = table.Columns[i];
                var column = data.Column;
                builder.AddColumn(column.Name, column.Type, Annotations(column));
                _columns[i] = data switch
                {
                    ContinuousColumnData c => NumericTypes.ToTyped(c.Values, column.Type),
                    CategoricalColumnData c => Categorical(c),
                    _ => throw new ArgumentException($"Column '{column.Name}' is of an unknown kind.", nameof(table)),
                };
            }
            Schema = schema ?? builder.ToSchema();
        }

        public DataViewSchema Schema { get; }

        public bool CanShuffle => false;

        public long? GetRowCount() => _rows;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            new[] { GetRowCursor(columnsNeeded, rand) };

        private static DataViewSchema.Annotations? Annotations(TableColumn column)
        {
            if (column.KeyValues is not { } names)
                return null;
            var annotations = new DataViewSchema.Annotations.Builder();
            ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> value) => names.CopyTo(ref value);
            annotations.Add(AnnotationUtils.Kinds.KeyValues, new VectorDataViewType(TextDataViewType.Instance, names.Length), getter);
            return annotations.ToAnnotations();
        }

        // The category values back in the column's own CLR type.
        private static Array Categorical(CategoricalColumnData c)
        {
            var type = c.Column.Type;
            var values = c.Categories.Values;
            var codes = c.Codes;
            if (type is TextDataViewType)
                return Array.ConvertAll(codes, k => ((string)values[k]).AsMemory());
            if (type is BooleanDataViewType)
                return Array.ConvertAll(codes, k => (bool)values[k]);
            if (type is KeyDataViewType key)
            {
                var raw = key.RawType;
                if (raw == typeof(uint)) return Array.ConvertAll(codes, k => (uint)(ulong)values[k]);
                if (raw == typeof(ulong)) return Array.ConvertAll(codes, k => (ulong)values[k]);
                if (raw == typeof(ushort)) return Array.ConvertAll(codes, k => (ushort)(ulong)values[k]);
                if (raw == typeof(byte)) return Array.ConvertAll(codes, k => (byte)(ulong)values[k]);
                throw new ArgumentException($"Key column '{c.Column.Name}' has raw type {raw.Name}.", nameof(c));
            }
            return NumericTypes.ToTyped(Array.ConvertAll(codes, k => (double)values[k]), type);
        }

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly TableDataView _view;
            private readonly HashSet<int> _active;
            private long _position = -1;

            public Cursor(TableDataView view, HashSet<int> active)
            {
                _view = view;
                _active = active;
            }

            public override DataViewSchema Schema => _view.Schema;

            public override long Position => _position;

            public override long Batch => 0;

            public override bool MoveNext()
            {
                if (_position + 1 >= _view._rows)
                {
                    _position = _view._rows;
                    return false;
                }
                _position++;
                return true;
            }

            public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (!IsColumnActive(column))
                    throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was made.");
                if (_view._columns[column.Index] is not TValue[] values)
                    throw new InvalidOperationException(
                        $"Column '{column.Name}' holds {_view._columns[column.Index].GetType().GetElementType()!.Name}, not {typeof(TValue).Name}.");
                return (ref TValue value) => value = values[_position];
            }

            public override ValueGetter<DataViewRowId> GetIdGetter() =>
                (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
        }
    }
}
