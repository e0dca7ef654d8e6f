using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// What both transformers' Transform and Generate return: the input with the generated column appended,
    /// computed lazily, one generator pass per group of row blocks behind the cursor.
    /// </summary>
    internal sealed class GeneratedDataView : IDataView
    {
        private readonly IDataView _input;
        private readonly OutputBinding _binding;

        public GeneratedDataView(IDataView input, OutputBinding binding)
        {
            _input = input;
            _binding = binding;
        }

        public DataViewSchema Schema => _binding.OutputSchema;

        // Samples are tied to row positions; a shuffled cursor would change them, so ML.NET shuffles downstream.
        public bool CanShuffle => false;

        public long? GetRowCount() => _input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var (inputColumns, generated) = _binding.Split(columnsNeeded);
            // A view made before its model was disposed is refused as soon as it is read for generated values.
            if (generated)
                _binding.Lifetime.ThrowIfEnded();
            SampleSource? source = generated ? _binding.CreateSource(_input) : null;
            return new Cursor(_binding, _input.GetRowCursor(inputColumns), source);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            new[] { GetRowCursor(columnsNeeded, rand) };

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly OutputBinding _binding;
            private readonly DataViewRowCursor _input;
            private readonly SampleSource? _source;

            public Cursor(OutputBinding binding, DataViewRowCursor input, SampleSource? source)
            {
                _binding = binding;
                _input = input;
                _source = source;
            }

            public override DataViewSchema Schema => _binding.OutputSchema;
            public override long Position => _input.Position;
            public override long Batch => _input.Batch;
            public override bool MoveNext() => _input.MoveNext();
            public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();
            public override bool IsColumnActive(DataViewSchema.Column column) => _binding.IsColumnActive(_input, column, _source != null);
            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
                _binding.GetGetter<TValue>(this, _input, column, _source);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _source?.Dispose();
                    _input.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }
}
