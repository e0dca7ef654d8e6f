using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>What the long format's generated columns are called and hold: the ids, the step index and each feature with its type.</summary>
    internal sealed record LongFormat(string SequenceIdColumn, string StepColumn, string[] Features, bool[] FeatureIsDouble)
    {
        /// <summary>The generated columns, in order: sequence id (Int64), step (Int32), then the features (Single or Double).</summary>
        public IEnumerable<(string Name, DataViewType Type)> Columns()
        {
            yield return (SequenceIdColumn, NumberDataViewType.Int64);
            yield return (StepColumn, NumberDataViewType.Int32);
            for (int f = 0; f < Features.Length; f++)
                yield return (Features[f], FeatureIsDouble[f] ? NumberDataViewType.Double : NumberDataViewType.Single);
        }
    }

    /// <summary>
    /// Generated windows as rows of the long format: row p of the view is step p mod length of window p / length of the
    /// core's generated stream, so that each window becomes <c>length</c> consecutive rows with its own sequence id
    /// (the window's position in the seeded stream) and step index, its features unscaled to the data's units and types.
    /// The windows come from one cursor of the core's generated view (blocks seeded by (seed, block), streamed), read
    /// forward as the rows advance; the input's own columns pass through.
    /// </summary>
    internal sealed class LongFormatView : IDataView
    {
        private readonly IDataView _input;
        private readonly IDataView _windows;
        private readonly LongFormat _format;
        private readonly MinMaxScaling _scaling;
        private readonly int _length;
        private readonly long _firstSequence;

        /// <param name="input">The rows the generated columns are appended to (empty rows for Generate).</param>
        /// <param name="windows">The core's generated windows, window 0 first; at least one per <paramref name="length"/> input rows.</param>
        /// <param name="length">Steps per window.</param>
        /// <param name="format">The generated columns.</param>
        /// <param name="scaling">Each feature's min-max scaling.</param>
        /// <param name="firstSequence">The sequence id of window 0 (its position in the seeded stream).</param>
        public LongFormatView(IDataView input, IDataView windows, int length, LongFormat format, MinMaxScaling scaling, long firstSequence)
        {
            _input = input;
            _windows = windows;
            _length = length;
            _format = format;
            _scaling = scaling;
            _firstSequence = firstSequence;
            var builder = new DataViewSchema.Builder();
            builder.AddColumns(input.Schema);
            foreach (var (name, type) in format.Columns())
                builder.AddColumn(name, type);
            Schema = builder.ToSchema();
        }

        public DataViewSchema Schema { get; }

        private int InputCount => _input.Schema.Count;

        // Rows are tied to positions; ML.NET shuffles downstream.
        public bool CanShuffle => false;

        public long? GetRowCount() => _input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var needed = columnsNeeded.ToArray();
            var inputColumns = needed.Where(c => c.Index < InputCount).Select(c => _input.Schema[c.Index]).ToArray();
            bool features = needed.Any(c => c.Index >= InputCount + 2);
            var windows = features ? _windows.GetRowCursor(_windows.Schema.Where(c => c.Name == SequenceDecoder.WindowColumnName)) : null;
            return new Cursor(this, _input.GetRowCursor(inputColumns), windows, needed.Any(c => c.Index >= InputCount));
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            new[] { GetRowCursor(columnsNeeded, rand) };

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly LongFormatView _view;
            private readonly DataViewRowCursor _input;
            private readonly DataViewRowCursor? _windows;
            private readonly ValueGetter<VBuffer<float>>? _window;
            private readonly bool _generated;
            private VBuffer<float> _current;
            private long _loaded = -1;

            public Cursor(LongFormatView view, DataViewRowCursor input, DataViewRowCursor? windows, bool generated)
            {
                _view = view;
                _input = input;
                _windows = windows;
                _generated = generated;
                if (windows is not null)
                    _window = windows.GetGetter<VBuffer<float>>(windows.Schema[SequenceDecoder.WindowColumnName]);
            }

            public override DataViewSchema Schema => _view.Schema;
            public override long Position => _input.Position;
            public override long Batch => _input.Batch;
            public override bool MoveNext() => _input.MoveNext();
            public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column) =>
                column.Index >= _view.InputCount ? (column.Index < _view.InputCount + 2 ? _generated : _windows is not null)
                : _input.IsColumnActive(_view._input.Schema[column.Index]);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                int inputCount = _view.InputCount;
                if (column.Index < inputCount)
                    return _input.GetGetter<TValue>(_view._input.Schema[column.Index]);
                if (!IsColumnActive(column))
                    throw new InvalidOperationException($"Column '{column.Name}' was not requested as active for this cursor.");
                int length = _view._length;
                Delegate getter = (column.Index - inputCount) switch
                {
                    0 => (ValueGetter<long>)((ref long v) => v = _view._firstSequence + Position / length),
                    1 => (ValueGetter<int>)((ref int v) => v = (int)(Position % length)),
                    int c => FeatureGetter(c - 2),
                };
                return getter as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type.RawType.Name}; a getter of {typeof(TValue).Name} was requested.");
            }

            private Delegate FeatureGetter(int feature)
            {
                int features = _view._format.Features.Length;
                var scaling = _view._scaling;
                if (_view._format.FeatureIsDouble[feature])
                    return (ValueGetter<double>)((ref double v) => v = scaling.Unscale(Scaled(feature, features), feature));
                return (ValueGetter<float>)((ref float v) => v = (float)scaling.Unscale(Scaled(feature, features), feature));
            }

            // The window holding the current row, read forward from the core's cursor when the row moves into the next one.
            private float Scaled(int feature, int features)
            {
                long window = Position / _view._length;
                if (window != _loaded)
                {
                    if (window < _loaded)
                        throw new InvalidOperationException("Generated sequences are read in order; a row before the current window was requested.");
                    while (_windows!.Position < window)
                    {
                        if (!_windows.MoveNext())
                            throw new InvalidOperationException($"The generated windows ended before window {window}.");
                    }
                    _window!(ref _current);
                    _loaded = window;
                }
                return _current.GetValues()[(int)(Position % _view._length) * features + feature];
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _windows?.Dispose();
                    _input.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }
}
