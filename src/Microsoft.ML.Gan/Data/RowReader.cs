using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>Reads a float vector column row by row into spans (dense copy; sparse vectors are expanded).</summary>
    internal sealed class RowReader
    {
        private readonly DataViewRowCursor _cursor;
        private readonly ValueGetter<VBuffer<float>> _getter;
        private readonly int _features;
        private VBuffer<float> _value;

        public RowReader(DataViewRowCursor cursor, DataViewSchema.Column column, int features)
        {
            _cursor = cursor;
            _getter = cursor.GetGetter<VBuffer<float>>(column);
            _features = features;
        }

        /// <summary>Copies the next row into <paramref name="row"/>; false at the end of the data.</summary>
        public bool TryRead(Span<float> row)
        {
            if (!_cursor.MoveNext())
                return false;
            _getter(ref _value);
            if (_value.Length != _features)
                throw new InvalidOperationException($"Row {_cursor.Position} has {_value.Length} values; the column declares {_features}.");
            _value.CopyTo(row);
            return true;
        }

        /// <summary>Reads up to <paramref name="rows"/> rows into <paramref name="destination"/>; returns how many.</summary>
        public int Read(float[] destination, int rows)
        {
            int n = 0;
            while (n < rows && TryRead(destination.AsSpan(n * _features, _features)))
                n++;
            return n;
        }
    }
}
