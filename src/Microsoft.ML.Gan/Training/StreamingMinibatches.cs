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
        private readonly Tensor _offset;
        private readonly Tensor _divisor;
        private float[] _monitoring = Array.Empty<float>();
        private int _monitoringRows;
        private bool _monitoringComplete;

        /// <param name="data">The training data; read once per epoch by a single cursor on <paramref name="columnName"/>.</param>
        /// <param name="columnName">A known-size vector of float.</param>
        /// <param name="offset">Subtracted from each slot (the scaler's offset).</param>
        /// <param name="scale">Divides each slot after the offset; 0 marks a constant slot, divided by 1.</param>
        /// <param name="bufferRows">Rows held in the shuffle buffer (its memory is bufferRows x features x 4 bytes).</param>
        /// <param name="rows">Row count when known (from <see cref="StreamingStatistics"/>); null asks the view, which may not know.</param>
        public StreamingMinibatches(IDataView data, string columnName, float[] offset, float[] scale, int bufferRows, long? rows = null)
        {
            ArgumentNullException.ThrowIfNull(data);
            _data = data;
            _column = VectorColumn(data, columnName, out _features);
            if (offset.Length != _features || scale.Length != _features)
                throw new ArgumentException($"Scaler has {offset.Length} offsets and {scale.Length} scales for {_features} slots of '{columnName}'.");
            if (bufferRows < 1)
                throw new ArgumentOutOfRangeException(nameof(bufferRows), bufferRows, "The shuffle buffer needs at least one row.");
            _bufferRows = bufferRows;
            _rows = rows ?? data.GetRowCount();
            // Made once and kept out of every dispose scope: used by each minibatch's standardisation.
            var divisor = new float[scale.Length];
            for (int j = 0; j < scale.Length; j++)
                divisor[j] = scale[j] == 0f ? 1f : scale[j];
            _offset = torch.tensor(offset).DetachFromDisposeScope();
            _divisor = torch.tensor(divisor).DetachFromDisposeScope();
        }

        public override int FeatureSize => _features;

        public override long? Rows => _rows;

        /// <summary>Rows the shuffle buffer holds.</summary>
        public int BufferRows => _bufferRows;

        public override MinibatchEpoch StartEpoch(int batchSize, torch.Generator rng)
        {
            if (batchSize < 1)
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Minibatch size must be at least 1.");
            // One draw from the torch generator per epoch seeds the managed one: deterministic for a seed,
            // different every epoch, and no tensor per row.
            int seed;
            using (var draw = torch.randint(int.MaxValue, new long[] { 1 }, dtype: ScalarType.Int64, generator: rng))
                seed = (int)draw.item<long>();
            return new Epoch(this, batchSize, new Random(seed));
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

        private Tensor Standardise(Tensor raw) => raw.sub_(_offset).div_(_divisor);

        public override void Dispose()
        {
            _offset.Dispose();
            _divisor.Dispose();
        }

        /// <summary>
        /// The scaler's offset and scale (<see cref="SlotMoments.Standardiser"/>) and the row count, in one streaming pass
        /// of <paramref name="chunkRows"/> rows at a time. Throws on an empty column or a non-finite value, naming its row.
        /// </summary>
        public static StreamingStatistics ComputeStatistics(IDataView data, string columnName, int chunkRows = 4096, FitCancellation cancel = default)
        {
            var column = VectorColumn(data, columnName, out int size);
            var moments = new SlotMoments(size);
            var chunk = new float[(long)chunkRows * size];
            using var cursor = data.GetRowCursor(new[] { column });
            var reader = new RowReader(cursor, column, size);
            int n;
            while ((n = reader.Read(chunk, chunkRows)) > 0)
            {
                cancel.ThrowIfCancelled();
                for (int i = 0; i < n; i++)
                    ColumnChecks.CheckFinite(chunk.AsSpan(i * size, size), moments.Rows + i, columnName, "the training data", "GAN training");
                moments.Add(chunk, n);
            }
            if (moments.Rows == 0)
                throw new ArgumentException($"Column '{columnName}' has no rows.", nameof(data));
            var scaler = moments.Standardiser();
            return new StreamingStatistics(scaler.Offset, scaler.Scale, moments.Rows);
        }

        /// <summary>The column's schema entry; throws unless it is a known-size vector of float.</summary>
        internal static DataViewSchema.Column VectorColumn(IDataView data, string columnName, out int size)
        {
            var found = data.Schema.GetColumnOrNull(columnName)
                ?? throw new ArgumentException($"Column '{columnName}' not found in the data.", nameof(columnName));
            if (found.Type is not VectorDataViewType { ItemType: NumberDataViewType n, IsKnownSize: true } vector || n != NumberDataViewType.Single)
                throw new ArgumentException($"Column '{columnName}' must be a known-size vector of Single; it is {found.Type}.", nameof(columnName));
            size = vector.Size;
            return found;
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
                // torch.tensor copies the array (the staging buffer is reused for the next minibatch).
                var real = torch.tensor(_staging, new long[] { _batch, _features });
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

    /// <summary>The scaler's offset and scale (as <see cref="Data.FeatureScaler"/> takes them) and the row count, from one pass.</summary>
    internal sealed record StreamingStatistics(float[] Offset, float[] Scale, long Rows);

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
