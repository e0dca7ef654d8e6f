using System;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Minibatches read from an <see cref="IDataView"/> cursor each epoch instead of from one tensor: memory is the
    /// shuffle buffer (<c>bufferRows</c> x features floats), however many rows the data has. The buffer is filled
    /// from the stream, then each new row takes the place of a randomly chosen buffered row, which is emitted;
    /// at the end of the stream the rest of the buffer is emitted in random order. With a buffer at least as large
    /// as the data, an epoch is a uniform random permutation; with a smaller one, each emitted row is a uniform draw
    /// from the buffer. Rows are standardised (x - offset) / scale on the minibatch tensor, not row by row.
    /// </summary>
    internal sealed class StreamingMinibatches : MinibatchSource
    {
        private readonly IDataView _data;
        private readonly DataViewSchema.Column _column;
        private readonly int _features;
        private readonly int _bufferRows;
        private readonly long? _rows;
        private readonly (Tensor Offset, Tensor Divisor) _standardise;
        private float[] _monitoring = Array.Empty<float>();
        private int _monitoringRows;
        private bool _monitoringComplete;

        /// <param name="data">The training data; read once per epoch by a single cursor on <paramref name="columnName"/>.</param>
        /// <param name="columnName">A known-size vector of float with <paramref name="scaler"/>'s size (checked before training).</param>
        /// <param name="scaler">Standardises each minibatch (<see cref="FeatureScaler.TransformTensors"/>).</param>
        /// <param name="bufferRows">Rows held in the shuffle buffer (its memory is bufferRows x features x 4 bytes).</param>
        /// <param name="rows">Row count when known (from the statistics pass); null asks the view, which may not know.</param>
        public StreamingMinibatches(IDataView data, string columnName, FeatureScaler scaler, int bufferRows, long? rows = null)
        {
            ArgumentNullException.ThrowIfNull(data);
            if (bufferRows < 1)
                throw new ArgumentOutOfRangeException(nameof(bufferRows), bufferRows, "The shuffle buffer needs at least one row.");
            _data = data;
            _column = data.Schema[columnName];
            _features = scaler.Size;
            _bufferRows = bufferRows;
            _rows = rows ?? data.GetRowCount();
            // Made once and kept out of every dispose scope: used by each minibatch's standardisation.
            _standardise = scaler.TransformTensors();
            _standardise.Offset.DetachFromDisposeScope();
            _standardise.Divisor.DetachFromDisposeScope();
        }

        public override long? Rows => _rows;

        /// <summary>Rows the shuffle buffer holds.</summary>
        public int BufferRows => _bufferRows;

        public override string Order => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"streamed through a shuffle buffer of {_bufferRows} rows");

        public override MinibatchEpoch StartEpoch(int batchSize, torch.Generator rng)
        {
            if (batchSize < 1)
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Minibatch size must be at least 1.");
            return new Epoch(this, batchSize, EpochRandom(rng));
        }

        /// <summary>The first rows of the data, standardised; read once and cached (re-read only for a larger request).</summary>
        public override Tensor MonitoringRows(int rows)
        {
            if (rows > _monitoringRows && !_monitoringComplete)
            {
                _monitoring = new float[(long)rows * _features];
                using var cursor = _data.GetRowCursor(new[] { _column });
                var reader = new RowReader(cursor, _column, _features);
                _monitoringRows = reader.Read(_monitoring, rows);
                _monitoringComplete = _monitoringRows < rows;
            }
            int n = Math.Min(rows, _monitoringRows);
            return Standardise(torch.tensor(_monitoring.AsSpan(0, n * _features).ToArray(), new long[] { n, _features }));
        }

        private Tensor Standardise(Tensor raw) => FeatureScaler.TransformInPlace(raw, _standardise);

        public override void Dispose()
        {
            _standardise.Offset.Dispose();
            _standardise.Divisor.Dispose();
        }

        /// <summary>One pass: a cursor feeding the shuffle buffer, a staging array for the next minibatch.</summary>
        private sealed class Epoch : MinibatchEpoch
        {
            private readonly StreamingMinibatches _source;
            private readonly int _batch;
            private readonly int _features;
            private readonly Random _random;
            private readonly DataViewRowCursor _cursor;
            private readonly RowReader _reader;
            private readonly float[] _buffer;   // _filled rows of raw values, contiguous
            private readonly float[] _staging;  // the minibatch being assembled
            private int _filled;
            private bool _streamEnded;
            private int _drainNext;             // after the stream ends: next buffered row to emit (the buffer is shuffled once)

            public Epoch(StreamingMinibatches source, int batch, Random random)
            {
                _source = source;
                _batch = batch;
                _features = source._features;
                _random = random;
                _cursor = source._data.GetRowCursor(new[] { source._column });
                _reader = new RowReader(_cursor, source._column, _features);
                // A buffer larger than the data would never fill: size it to the data when the count is known.
                long capacity = source._rows is long r ? Math.Min(source._bufferRows, Math.Max(r, 1)) : source._bufferRows;
                _buffer = new float[capacity * _features];
                _staging = new float[(long)batch * _features];
            }

            private int Capacity => _buffer.Length / _features;

            public override bool TryNext(out Minibatch batch)
            {
                for (int i = 0; i < _batch; i++)
                {
                    if (!NextRow(_staging.AsSpan(i * _features, _features)))
                    {
                        batch = default;  // fewer than a full minibatch left: the epoch ends
                        return false;
                    }
                }
                // Copied into libtorch's memory (the staging buffer is reused for the next minibatch).
                var real = NativeTensor.From<float>(_staging, ScalarType.Float32, _batch, _features);
                batch = new Minibatch(_source.Standardise(real), null);
                return true;
            }

            /// <summary>Writes the next row of the shuffled stream into <paramref name="row"/>; false when none is left.</summary>
            private bool NextRow(Span<float> row)
            {
                if (!_streamEnded)
                {
                    while (_filled < Capacity)
                    {
                        if (!_reader.TryRead(_buffer.AsSpan(_filled * _features, _features)))
                            break;
                        _filled++;
                    }
                    if (_filled == Capacity && _reader.TryRead(row))
                    {
                        // Swap the new row with a random buffered one: the buffered row is emitted.
                        int slot = _random.Next(_filled);
                        Swap(_buffer.AsSpan(slot * _features, _features), row);
                        return true;
                    }
                    _streamEnded = true;
                    ShuffleBuffer();
                }
                if (_drainNext >= _filled)
                    return false;
                _buffer.AsSpan(_drainNext * _features, _features).CopyTo(row);
                _drainNext++;
                return true;
            }

            // Exchanges two rows through a small row-sized scratch array (memcpy-speed span copies, no per-value loop).
            private void Swap(Span<float> a, Span<float> b)
            {
                _scratch ??= new float[_features];
                a.CopyTo(_scratch);
                b.CopyTo(a);
                _scratch.CopyTo(b);
            }

            private float[]? _scratch;

            // Fisher-Yates over the buffered rows, once per epoch when the stream ends.
            private void ShuffleBuffer()
            {
                for (int i = _filled - 1; i > 0; i--)
                {
                    int j = _random.Next(i + 1);
                    if (j != i)
                        Swap(_buffer.AsSpan(i * _features, _features), _buffer.AsSpan(j * _features, _features));
                }
            }

            public override void Dispose() => _cursor.Dispose();
        }
    }
}
