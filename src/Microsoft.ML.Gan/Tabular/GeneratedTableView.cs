using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Generated rows as a lazy <see cref="IDataView"/>: the schema is known at once; the rows are generated (in
    /// blocks) the first time a cursor is asked for, then kept, so every cursor sees the same rows.
    /// </summary>
    internal sealed class GeneratedTableView : IDataView
    {
        private readonly Lazy<TableDataView> _rows;
        private readonly long? _knownRows;

        /// <param name="schema">The generated rows' schema.</param>
        /// <param name="generate">Makes the rows; called once, on the first cursor.</param>
        /// <param name="knownRows">The number of rows when known before generating them.</param>
        public GeneratedTableView(DataViewSchema schema, Func<TableData> generate, long? knownRows)
        {
            Schema = schema;
            _knownRows = knownRows;
            _rows = new Lazy<TableDataView>(() => new TableDataView(generate(), schema));
        }

        public DataViewSchema Schema { get; }

        public bool CanShuffle => false;

        /// <summary>Known up front for Generate; for Transform of a view of unknown length, once the rows exist.</summary>
        public long? GetRowCount() => _knownRows ?? (_rows.IsValueCreated ? _rows.Value.GetRowCount() : null);

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            _rows.Value.GetRowCursor(columnsNeeded, rand);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            _rows.Value.GetRowCursorSet(columnsNeeded, n, rand);
    }
}
