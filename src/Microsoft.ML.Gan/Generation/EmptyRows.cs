using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// A view of a given number of rows and no columns: the input Generate maps, so that new rows are the rows Transform
    /// would append at the same positions. Holds nothing per row (ML.NET's empty array views count rows in an int).
    /// </summary>
    internal sealed class EmptyRows : IDataView
    {
        private readonly long _rows;

        public EmptyRows(long rows) => _rows = rows;

        public DataViewSchema Schema { get; } = new DataViewSchema.Builder().ToSchema();

        public bool CanShuffle => false;

        public long? GetRowCount() => _rows;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            new[] { GetRowCursor(columnsNeeded, rand) };

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly EmptyRows _view;
            private long _position = -1;

            public Cursor(EmptyRows view) => _view = view;

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

            public override bool IsColumnActive(DataViewSchema.Column column) => false;

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
                throw new InvalidOperationException($"This view has no columns; '{column.Name}' was asked for.");

            public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
        }
    }
}
