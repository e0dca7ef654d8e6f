using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>What the long format's generated columns are called: the ids and the step index; the values' names and types are the encoding's columns.</summary>
    internal sealed record LongFormat(string SequenceIdColumn, string StepColumn)
    {
        /// <summary>The generated columns, in order: sequence id (Int64), step (Int32), the features, then the attributes, each in its own type.</summary>
        public IEnumerable<(string Name, DataViewType Type)> Columns(SequenceEncoding encoding)
        {
            yield return (SequenceIdColumn, NumberDataViewType.Int64);
            yield return (StepColumn, NumberDataViewType.Int32);
            foreach (var column in encoding.Steps.Columns.Concat(encoding.Attributes.Columns))
                yield return (column.Name, column.Type);
        }
    }

    /// <summary>
    /// Generated sequences as rows of the long format: the rows of sequence 0 (one per step, its length for whole
    /// sequences), then sequence 1's, and so on, each with its own sequence id (its position in the seeded stream), step
    /// index, features and its attributes repeated on every row, decoded to the data's units and types. Row p of the
    /// view is row p of that stream; the input's own columns pass through (Transform), or the view ends after a given
    /// number of sequences (Generate). The sequences come from one cursor of the core's generated view (blocks seeded by
    /// (seed, block), streamed), read forward as the rows advance.
    /// </summary>
    internal sealed class LongFormatView : IDataView
    {
        private readonly IDataView _input;
        private readonly IDataView _sequences;
        private readonly LongFormat _format;
        private readonly SequenceEncoding _encoding;
        private readonly long _firstSequence;
        private readonly long? _sequenceCount;

        /// <param name="input">The rows the generated columns are appended to; for Generate, rows without columns, at least as many as the sequences have.</param>
        /// <param name="sequences">The core's generated rows, sequence 0 first.</param>
        /// <param name="format">The generated columns' names.</param>
        /// <param name="encoding">How a generated row is decoded.</param>
        /// <param name="firstSequence">The sequence id of sequence 0 (its position in the seeded stream).</param>
        /// <param name="sequenceCount">Generate: the view ends after this many sequences. Null: it has the input's rows.</param>
        public LongFormatView(IDataView input, IDataView sequences, LongFormat format, SequenceEncoding encoding, long firstSequence, long? sequenceCount)
        {
            _input = input;
            _sequences = sequences;
            _format = format;
            _encoding = encoding;
            _firstSequence = firstSequence;
            _sequenceCount = sequenceCount;
            var builder = new DataViewSchema.Builder();
            builder.AddColumns(input.Schema);
            foreach (var (name, type) in format.Columns(encoding))
                builder.AddColumn(name, type);
            Schema = builder.ToSchema();
        }

        public DataViewSchema Schema { get; }

        private int InputCount => _input.Schema.Count;

        // Rows are tied to positions; ML.NET shuffles downstream.
        public bool CanShuffle => false;

        public long? GetRowCount() => _sequenceCount is long n ? (_encoding.VariableLength ? null : n * _encoding.Length) : _input.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var needed = columnsNeeded.ToArray();
            var inputColumns = needed.Where(c => c.Index < InputCount).Select(c => _input.Schema[c.Index]).ToArray();
            bool generated = needed.Any(c => c.Index >= InputCount);
            // Fixed-length ids and steps follow from the position alone; values, and whole sequences' ids and steps, need the sequences.
            bool read = needed.Any(c => c.Index >= InputCount + 2) || generated && _encoding.VariableLength || _sequenceCount is not null && _encoding.VariableLength;
            var sequences = read ? _sequences.GetRowCursor(_sequences.Schema.Where(c => c.Name == SequenceDecoder.WindowColumnName)) : null;
            return new Cursor(this, _input.GetRowCursor(inputColumns), sequences, generated);
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            new[] { GetRowCursor(columnsNeeded, rand) };

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly LongFormatView _view;
            private readonly DataViewRowCursor _input;
            private readonly DataViewRowCursor? _sequences;
            private readonly ValueGetter<VBuffer<float>>? _row;
            private readonly bool _generated;
            private VBuffer<float> _current;
            private float[] _values = Array.Empty<float>();
            private float[] _attributes = Array.Empty<float>();
            private long _loaded = -1;
            private long _sequence;
            private int _step = -1;
            private int _length;

            public Cursor(LongFormatView view, DataViewRowCursor input, DataViewRowCursor? sequences, bool generated)
            {
                _view = view;
                _input = input;
                _sequences = sequences;
                _generated = generated;
                if (sequences is not null)
                    _row = sequences.GetGetter<VBuffer<float>>(sequences.Schema[SequenceDecoder.WindowColumnName]);
            }

            public override DataViewSchema Schema => _view.Schema;
            public override long Position => _input.Position;
            public override long Batch => _input.Batch;
            public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

            public override bool MoveNext()
            {
                var encoding = _view._encoding;
                if (!encoding.VariableLength || _sequences is null)
                {
                    if (_view._sequenceCount is long n && _input.Position + 1 >= n * encoding.Length)
                        return false;
                    if (!_input.MoveNext())
                        return false;
                    _sequence = Position / encoding.Length;
                    _step = (int)(Position % encoding.Length);
                    return true;
                }
                // Whole sequences: the next step of this sequence, or the first of the next one.
                if (_step < 0 || _step + 1 >= _length)
                {
                    long next = _step < 0 ? 0 : _sequence + 1;
                    if (_view._sequenceCount is long count && next >= count)
                        return false;
                    if (!_input.MoveNext())
                        return false;
                    Load(next);
                    _step = 0;
                    return true;
                }
                if (!_input.MoveNext())
                    return false;
                _step++;
                return true;
            }

            public override bool IsColumnActive(DataViewSchema.Column column) =>
                column.Index >= _view.InputCount ? (column.Index < _view.InputCount + 2 ? _generated : _sequences is not null)
                : _input.IsColumnActive(_view._input.Schema[column.Index]);

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                int inputCount = _view.InputCount;
                if (column.Index < inputCount)
                    return _input.GetGetter<TValue>(_view._input.Schema[column.Index]);
                if (!IsColumnActive(column))
                    throw new InvalidOperationException($"Column '{column.Name}' was not requested as active for this cursor.");
                int c = column.Index - inputCount;
                var encoding = _view._encoding;
                int features = encoding.Steps.Columns.Length;
                Delegate getter = c switch
                {
                    0 => (ValueGetter<long>)((ref long v) => v = _view._firstSequence + _sequence),
                    1 => (ValueGetter<int>)((ref int v) => v = _step),
                    _ when c - 2 < features => ValueGetter(encoding.Steps, c - 2, () => encoding.Step(Current(), _step)),
                    _ => ValueGetter(encoding.Attributes, c - 2 - features, () => Attributes()),
                };
                return getter as ValueGetter<TValue>
                    ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type.RawType.Name}; a getter of {typeof(TValue).Name} was requested.");
            }

            private delegate ReadOnlySpan<float> BlockOf();

            private static Delegate ValueGetter(BlockCoding block, int column, BlockOf values)
            {
                var coding = block.Columns[column];
                if (coding.Type is TextDataViewType)
                    return (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (block.Category(values(), column) ?? "").AsMemory());
                if (coding.Type is BooleanDataViewType)
                    return (ValueGetter<bool>)((ref bool v) => v = block.Category(values(), column) == "True");
                if (coding.Type == NumberDataViewType.Double)
                    return (ValueGetter<double>)((ref double v) => v = block.Number(values(), column));
                return (ValueGetter<float>)((ref float v) => v = (float)block.Number(values(), column));
            }

            private ReadOnlySpan<float> Current()
            {
                Load(_sequence);
                return _values;
            }

            private ReadOnlySpan<float> Attributes()
            {
                Load(_sequence);
                return _attributes;
            }

            // The sequence holding the current row, read forward from the core's cursor when the rows move into the next one.
            private void Load(long sequence)
            {
                if (sequence == _loaded)
                    return;
                if (sequence < _loaded)
                    throw new InvalidOperationException("Generated sequences are read in order; a row before the current sequence was requested.");
                while (_sequences!.Position < sequence)
                {
                    if (!_sequences.MoveNext())
                        throw new InvalidOperationException($"The generated sequences ended before sequence {sequence}.");
                }
                _row!(ref _current);
                _loaded = sequence;
                _sequence = sequence;
                var encoding = _view._encoding;
                if (_values.Length != _current.Length)
                    _values = new float[_current.Length];
                _current.GetValues().CopyTo(_values);
                encoding.Unmask(_values);
                _length = encoding.SequenceLength(_values);
                _attributes = encoding.AttributeBlock(_values);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _sequences?.Dispose();
                    _input.Dispose();
                }
                base.Dispose(disposing);
            }
        }
    }
}
