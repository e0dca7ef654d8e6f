using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// A table too large for memory as the trainer's minibatch source: each epoch one cursor over the view feeds a
    /// shuffle buffer of raw rows (<see cref="TableRowBuffer"/>), and minibatches are drawn from the buffer by
    /// training-by-sampling, then encoded a minibatch at a time (constraints' learned form, then the encoder), so that
    /// memory is the buffer however many rows the table has.
    /// <para>
    /// An epoch first fills the buffer, then each step draws its minibatch from the buffer and reads as many new rows,
    /// each taking the place of a uniformly chosen buffered row (the swap-style buffer of
    /// <see cref="StreamingMinibatches"/>). A row therefore stays in the buffer a geometric number of steps with mean
    /// capacity / batch, which is also how many steps an epoch goes on after the stream ends (its rows / batch steps
    /// less those that read it): every row, the first as the last, is in the buffer for the same number of steps on
    /// average, and a sorted table's rows are drawn in the same shares over the epoch as a shuffled one's.
    /// </para>
    /// <para>
    /// Training-by-sampling as in <see cref="ConditionalSampler"/>: a categorical column uniformly, one of its categories
    /// with probability ∝ log(1 + count) over the whole table's counts, and a buffered row having it. When no buffered
    /// row has the drawn category, it is drawn again from the same column's categories that the buffer holds, by the same
    /// weights. Every draw of an epoch comes from one managed generator seeded by one draw from the trainer's, so a seed
    /// gives the same minibatches in any process; the conditions of generator steps come from the trainer's generator
    /// through the same weights.
    /// </para>
    /// </summary>
    internal sealed class TableStreamMinibatches : MinibatchSource
    {
        private readonly IDataView _data;
        private readonly IReadOnlyList<TableColumn> _columns;
        private readonly CategorySet[] _sets;
        private readonly int[] _continuous;   // table positions of the continuous columns
        private readonly int[] _categorical;  // table positions of the categorical columns
        private readonly ConstraintPlan _constraints;
        private readonly TableEncoding _encoding;
        private readonly GenerationConditions _conditions;
        private readonly double[][] _cumulative;  // per categorical column: cumulative log(1 + count) weights
        private readonly double[][] _weights;     // per categorical column: log(1 + count)
        private readonly Tensor? _logFrequency;
        private readonly int _bufferRows;
        private readonly long _rows;
        private readonly int _minimumSteps;
        private readonly HeldOutRows _heldOut;
        private readonly int _seed;
        private readonly FitCancellation _cancel;
        private float[]? _monitoring;

        /// <param name="data">The table; read once per epoch by a cursor on <paramref name="columns"/>.</param>
        /// <param name="columns">The columns learned, in table order.</param>
        /// <param name="categories">The categorical columns' categories as the model learns them (from the statistics pass; a grouped
        /// column's slots, <see cref="CategorySet.Grouping"/>, whose rows are read by every category and kept as their slots), in table order.</param>
        /// <param name="constraints">Whose learned form is applied to every minibatch before it is encoded.</param>
        /// <param name="encoding">The encoder fitted on the sample.</param>
        /// <param name="conditions">The condition layout with the whole table's category counts.</param>
        /// <param name="bufferRows">Rows the shuffle buffer holds (its memory: <see cref="TableRowBuffer.BytesPerRow"/> each).</param>
        /// <param name="rows">Training rows (from the statistics pass).</param>
        /// <param name="minimumSteps">The fewest steps an epoch has (the automatic batch's floor).</param>
        /// <param name="heldOut">Rows left out (held out for validation).</param>
        /// <param name="seed">Seeds the encoding of the monitoring rows.</param>
        /// <param name="cancel">Checked while rows are read.</param>
        public TableStreamMinibatches(IDataView data, IReadOnlyList<TableColumn> columns, IReadOnlyList<CategorySet> categories,
            ConstraintPlan constraints, TableEncoding encoding, GenerationConditions conditions, int bufferRows, long rows,
            int minimumSteps, HeldOutRows heldOut, int seed, FitCancellation cancel = default)
        {
            ArgumentNullException.ThrowIfNull(data);
            if (bufferRows < 1)
                throw new ArgumentOutOfRangeException(nameof(bufferRows), bufferRows, "The shuffle buffer needs at least one row.");
            _data = data;
            _columns = columns;
            _sets = categories.ToArray();
            _continuous = Enumerable.Range(0, columns.Count).Where(i => columns[i].Kind == ColumnKind.Continuous).ToArray();
            _categorical = Enumerable.Range(0, columns.Count).Where(i => columns[i].Kind != ColumnKind.Continuous).ToArray();
            if (_sets.Length != _categorical.Length || conditions.Width != _sets.Sum(s => s.Count))
                throw new ArgumentException($"{_categorical.Length} categorical columns, {_sets.Length} category sets, {conditions.Width} condition values.", nameof(categories));
            _constraints = constraints;
            _encoding = encoding;
            _conditions = conditions;
            _weights = conditions.Counts.Select(c => c.Select(n => Math.Log(1 + n)).ToArray()).ToArray();
            _cumulative = _weights.Select(Cumulative).ToArray();
            if (conditions.Width > 0)
                _logFrequency = conditions.WeightTable(n => (float)Math.Log(1 + n));
            _rows = rows;
            _bufferRows = (int)Math.Min(bufferRows, Math.Max(rows, 1));
            _minimumSteps = Math.Max(1, minimumSteps);
            _heldOut = heldOut;
            _seed = seed;
            _cancel = cancel;
        }

        public override long? Rows => _rows;

        /// <summary>Rows the shuffle buffer holds.</summary>
        public int BufferRows => _bufferRows;

        public override string Order => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a table streamed through a shuffle buffer of {_bufferRows} rows");

        public override MinibatchEpoch StartEpoch(int batchSize, torch.Generator rng)
        {
            if (batchSize < 1)
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "At least one row per minibatch.");
            return new Epoch(this, batchSize, Math.Max(_minimumSteps, _rows / batchSize), EpochRandom(rng));
        }

        public override Tensor? SampleConditions(long rows, torch.Generator rng) =>
            _logFrequency is null ? null : _conditions.OneHot(_conditions.DrawSlots(_logFrequency, rows, rng));

        /// <summary>The first training rows, encoded; read and encoded once.</summary>
        public override Tensor MonitoringRows(int rows)
        {
            if (_monitoring is null || _monitoring.Length < (long)rows * _encoding.Width)
            {
                using var epoch = new Epoch(this, 1, 0, new Random(_seed), capacity: (int)Math.Max(1, Math.Min(rows, _rows)));
                var positions = epoch.FillFirst(rows);
                _monitoring = Encode(epoch.Buffer, positions, new Random(_seed));
            }
            int n = Math.Min(rows, _monitoring.Length / Math.Max(1, _encoding.Width));
            return NativeTensor.From<float>(_monitoring.AsSpan(0, n * _encoding.Width), ScalarType.Float32, n, _encoding.Width);
        }

        /// <summary>The buffered rows at <paramref name="positions"/> as encoded rows, row-major.</summary>
        private float[] Encode(TableRowBuffer buffer, int[] positions, Random rng)
        {
            var block = new Block(positions.Length, _continuous.Length, _categorical.Length, _encoding.Width);
            Encode(buffer, positions, rng, block);
            return block.Encoded;
        }

        /// <summary>
        /// The buffered rows at <paramref name="positions"/> gathered into <paramref name="block"/>'s columns and encoded
        /// into its array. An epoch reuses one block: a minibatch's encoded rows often pass 85 kB, and a new large object
        /// every step would bring a full collection every few steps; the rest is kept for the same reason.
        /// </summary>
        private void Encode(TableRowBuffer buffer, int[] positions, Random rng, Block block)
        {
            int n = positions.Length;
            var data = new TableColumnData[_columns.Count];
            for (int j = 0; j < _continuous.Length; j++)
            {
                var v = block.Values[j];
                for (int r = 0; r < n; r++)
                    v[r] = buffer.Values(positions[r])[j];
                data[_continuous[j]] = new ContinuousColumnData(_columns[_continuous[j]], v);
            }
            for (int j = 0; j < _categorical.Length; j++)
            {
                var c = block.Codes[j];
                for (int r = 0; r < n; r++)
                    c[r] = buffer.Codes(positions[r])[j];
                data[_categorical[j]] = new CategoricalColumnData(_columns[_categorical[j]], c, _sets[j]);
            }
            _encoding.Encode(_constraints.ToLearned(new TableData(n, data)), rng, block.Encoded);
        }

        /// <summary>The arrays one minibatch is gathered and encoded in.</summary>
        private sealed class Block(int rows, int continuous, int categorical, int width)
        {
            public double[][] Values { get; } = Enumerable.Range(0, continuous).Select(_ => new double[rows]).ToArray();
            public int[][] Codes { get; } = Enumerable.Range(0, categorical).Select(_ => new int[rows]).ToArray();
            public float[] Encoded { get; } = new float[rows * width];
            public int[] Positions { get; } = new int[rows];
            public long[] Slots { get; } = new long[rows];
        }

        private static double[] Cumulative(double[] weights)
        {
            var sum = new double[weights.Length];
            double total = 0;
            for (int k = 0; k < weights.Length; k++)
                sum[k] = total += weights[k];
            return sum;
        }

        public override void Dispose() => _logFrequency?.Dispose();

        /// <summary>One pass: a cursor feeding the buffer, the steps drawn from it.</summary>
        private sealed class Epoch : MinibatchEpoch
        {
            private readonly TableStreamMinibatches _source;
            private readonly int _batch;
            private readonly long _steps;
            private readonly Random _random;
            private readonly DataViewRowCursor _cursor;
            private readonly TableReader.ColumnReader[] _readers;
            private readonly double[] _values;
            private readonly int[] _codes;
            private long _position;   // rows the cursor has passed, held-out ones included
            private long _step;
            private bool _streamEnded;
            private Block? _block;  // the minibatch's arrays, reused

            public Epoch(TableStreamMinibatches source, int batch, long steps, Random random, int? capacity = null)
            {
                _source = source;
                _batch = batch;
                _steps = steps;
                _random = random;
                var data = source._data;
                _cursor = data.GetRowCursor(source._columns.Select(c => data.Schema[c.Index]));
                _readers = TableReader.Readers(_cursor, source._columns);
                for (int j = 0; j < source._categorical.Length; j++)
                    _readers[source._categorical[j]].Fix(source._sets[j].All);
                _values = new double[source._continuous.Length];
                _codes = new int[source._categorical.Length];
                Buffer = new TableRowBuffer(capacity ?? source._bufferRows, source._continuous.Length, source._sets.Select(s => s.Count).ToArray());
            }

            public TableRowBuffer Buffer { get; }

            /// <summary>Fills the buffer with up to <paramref name="rows"/> first rows; their positions in order.</summary>
            public int[] FillFirst(int rows)
            {
                while (Buffer.Count < Math.Min(rows, Buffer.Capacity) && ReadRow())
                    Buffer.Add(_values, _codes);
                return Enumerable.Range(0, Buffer.Count).ToArray();
            }

            public override bool TryNext(out Minibatch batch)
            {
                if (_step == 0)
                    FillFirst(Buffer.Capacity);
                if (_step >= _steps || Buffer.Count == 0)
                {
                    batch = default;
                    return false;
                }
                _step++;
                _block ??= new Block(_batch, _source._continuous.Length, _source._categorical.Length, _source._encoding.Width);
                var positions = _block.Positions;
                Tensor? condition = null;
                if (_source._categorical.Length == 0)
                {
                    for (int i = 0; i < _batch; i++)
                        positions[i] = _random.Next(Buffer.Count);
                }
                else
                {
                    var slots = _block.Slots;
                    for (int i = 0; i < _batch; i++)
                        (slots[i], positions[i]) = DrawConditioned();
                    condition = _source._conditions.OneHot(NativeTensor.From<long>(slots, ScalarType.Int64, _batch));
                }
                _source.Encode(Buffer, positions, _random, _block);
                batch = new Minibatch(NativeTensor.From<float>(_block.Encoded, ScalarType.Float32, _batch, _source._encoding.Width), condition);
                Advance();
                return true;
            }

            // A column uniformly, a category by log-frequency (again among the buffered ones when none is buffered), a row of it.
            private (long Slot, int Position) DrawConditioned()
            {
                int d = _random.Next(_source._categorical.Length);
                int offset = _source._conditions.Offsets[d];
                var cumulative = _source._cumulative[d];
                int k = FirstAbove(cumulative, _random.NextDouble() * cumulative[^1]);
                if (Buffer.CountOf(offset + k) == 0)
                    k = DrawBuffered(d, offset);
                int slot = offset + k;
                return (slot, Buffer.MemberOf(slot, _random.Next(Buffer.CountOf(slot))));
            }

            // The first k with cumulative[k] > u (u below the total): a category of positive weight.
            private static int FirstAbove(double[] cumulative, double u)
            {
                int lo = 0, hi = cumulative.Length - 1;
                while (lo < hi)
                {
                    int mid = (lo + hi) >> 1;
                    if (cumulative[mid] > u)
                        hi = mid;
                    else
                        lo = mid + 1;
                }
                return lo;
            }

            // A category of column d that the buffer holds, by the same weights (uniformly if they are all zero).
            private int DrawBuffered(int d, int offset)
            {
                var weights = _source._weights[d];
                double total = 0;
                int held = 0;
                for (int k = 0; k < weights.Length; k++)
                {
                    if (Buffer.CountOf(offset + k) > 0)
                    {
                        total += weights[k];
                        held++;
                    }
                }
                double u = _random.NextDouble() * (total > 0 ? total : held);
                int last = -1;
                for (int k = 0; k < weights.Length; k++)
                {
                    if (Buffer.CountOf(offset + k) == 0)
                        continue;
                    last = k;
                    u -= total > 0 ? weights[k] : 1;
                    if (u < 0)
                        return k;
                }
                return last;
            }

            // A minibatch's worth of new rows, each in place of a uniformly chosen buffered row.
            private void Advance()
            {
                for (int i = 0; i < _batch && !_streamEnded; i++)
                {
                    if (ReadRow())
                        Buffer.Replace(_random.Next(Buffer.Count), _values, _codes);
                }
            }

            // The next training row into _values and _codes; false at the end of the stream.
            private bool ReadRow()
            {
                while (!_streamEnded && _cursor.MoveNext())
                {
                    long position = _position++;
                    if (position % 4096 == 0)
                        _source._cancel.ThrowIfCancelled();
                    if (_source._heldOut.Contains(position))
                        continue;
                    for (int j = 0; j < _values.Length; j++)
                        _values[j] = _readers[_source._continuous[j]].ReadValue();
                    for (int j = 0; j < _codes.Length; j++)
                        _codes[j] = _source._sets[j].SlotOf(_readers[_source._categorical[j]].ReadCode());
                    return true;
                }
                _streamEnded = true;
                return false;
            }

            public override void Dispose() => _cursor.Dispose();
        }
    }
}
