using System;
using System.Globalization;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// Where a row's generated values come from; one instance per cursor or row, not shared. Every use of the model
    /// holds a lease of the transformer's <see cref="ModelLifetime"/>. Positions are the caller's; the noise and
    /// sequential sources add the request's first row, so that a view of rows [a, a + n) of a seeded stream gives what
    /// one view of all of them gives there.
    /// </summary>
    internal abstract class SampleSource : IDisposable
    {
        /// <summary>The decoded block holding the row at <paramref name="position"/> (the caller's current row), and its index there.</summary>
        public abstract (DecodedRows Rows, int Index) Row(long position);

        public virtual void Dispose() { }
    }

    /// <summary>
    /// Noise mode: one generator pass per <see cref="GeneratorModel.BlocksPerPass"/> blocks (fewer at the end of an input
    /// of known length). A model whose decoder refuses rows (constraints) runs one block per pass, each row replaced in
    /// place by its block's next try until it is accepted.
    /// </summary>
    internal sealed class NoiseSampleSource : SampleSource
    {
        private readonly OutputBinding _binding;
        private readonly GeneratorModel _model;
        private readonly long? _rows;
        private readonly int _blocksPerPass;
        private readonly int _passRows;
        private readonly int[]? _fixedSlots;
        private long _start = -1;
        private DecodedRows? _block;

        /// <param name="binding">The model, its guard and the request (seed, fixed slot).</param>
        /// <param name="rows">The stream position after the input's last row when known (the request's first row plus the input's count): no pass generates blocks past it.</param>
        /// <param name="blocksPerPass">Blocks per generator pass: <see cref="GeneratorModel.BlocksPerPass"/> behind a cursor, 1 for single rows.</param>
        public NoiseSampleSource(OutputBinding binding, long? rows, int blocksPerPass)
        {
            _binding = binding;
            _model = binding.Model;
            _rows = rows;
            _blocksPerPass = _model.Decoder.Rejects(binding.Request.FixedSlot is not null) ? 1 : blocksPerPass;
            _passRows = _blocksPerPass * _model.BlockRows;
            if (binding.Request.FixedSlot is int s)
                _fixedSlots = Array.ConvertAll(new int[_passRows], _ => s);
        }

        public override (DecodedRows Rows, int Index) Row(long position)
        {
            position += _binding.Request.FirstRow;
            long start = position - position % _passRows;
            if (start != _start)
            {
                int blockRows = _model.BlockRows;
                long firstBlock = start / blockRows;
                int blocks = _rows is long n ? (int)Math.Clamp((n - start + blockRows - 1) / blockRows, 1, _blocksPerPass) : _blocksPerPass;
                using var lease = _binding.Lifetime.Enter();
                _block = _blocksPerPass == 1
                    ? _model.RunAccepted(_binding.Seed, firstBlock, _fixedSlots, blockRows)
                    : _model.Run(_binding.Seed, firstBlock, blocks, _fixedSlots?[..(blocks * blockRows)]);
                _start = start;
            }
            return (_block!, (int)(position - _start));
        }
    }

    /// <summary>
    /// Column-driven mode behind a cursor: a second cursor over the same input, with only the latent and/or label
    /// columns active, reads the next block of rows ahead of the caller, so the generator runs once per block. Without
    /// a latent column the block's noise is the noise mode's (seed, block) noise; without a label column a conditional
    /// model draws its slots. Cursors over an unshuffled input visit rows in the same order, so the two cursors agree.
    /// </summary>
    internal sealed class LookaheadSampleSource : SampleSource
    {
        private readonly OutputBinding _binding;
        private readonly GeneratorModel _model;
        private readonly DataViewRowCursor _ahead;
        private readonly RowInputs _inputs;
        private readonly float[]? _latentBlock;
        private readonly int[] _slotBlock;
        private long _blockStart = -1;
        private int _blockRows;
        private DecodedRows? _block;

        public LookaheadSampleSource(OutputBinding binding, IDataView input)
        {
            _binding = binding;
            _model = binding.Model;
            _ahead = input.GetRowCursor(binding.DrivingColumns());
            _inputs = new RowInputs(binding, _ahead);
            _slotBlock = new int[_model.BlockRows];
            if (binding.LatentColumn is not null)
                _latentBlock = new float[_model.BlockRows * _model.LatentDimension];
        }

        public override (DecodedRows Rows, int Index) Row(long position)
        {
            if (position < _blockStart)
                throw new InvalidOperationException("Column-driven generation reads rows in order; a row before the current block was requested.");
            if (position >= _blockStart + _blockRows || _blockStart < 0)
                ReadBlockAt(position - position % _model.BlockRows);
            return (_block!, (int)(position - _blockStart));
        }

        private void ReadBlockAt(long start)
        {
            using var lease = _binding.Lifetime.Enter();
            while (_ahead.Position < start - 1 && _ahead.MoveNext()) { }
            int d = _model.LatentDimension;
            int rows = 0;
            while (rows < _model.BlockRows && _ahead.MoveNext())
            {
                if (_latentBlock is not null)
                    _inputs.ReadLatent(_latentBlock.AsSpan(rows * d, d));
                if (_binding.LabelColumn is not null)
                    _slotBlock[rows] = _inputs.ReadSlot();
                rows++;
            }
            _blockStart = start;
            _blockRows = rows;
            long block = start / _model.BlockRows;
            int[]? given = _binding.LabelColumn is not null ? _slotBlock : null;
            if (_latentBlock is null)
            {
                _block = _model.RunAccepted(_binding.Seed, block, given, rows);
                return;
            }
            var slots = !_model.IsConditional ? null
                : given ?? (_binding.Request.FixedSlot is int c ? Array.ConvertAll(_slotBlock, _ => c) : _model.BlockSlots(_binding.Seed, block));
            _block = _model.RunLatent(_latentBlock, rows, slots);
        }

        public override void Dispose() => _ahead.Dispose();
    }

    /// <summary>
    /// Column-driven mode for single rows (prediction engines): the current row from its latent vector (or the noise
    /// mode's noise for its position) and its label (or a drawn slot). A generator whose output step draws noise
    /// (tables) runs the row's whole block, so that the row is the one a cursor gives at the same position.
    /// </summary>
    internal sealed class RowSampleSource : SampleSource
    {
        private readonly OutputBinding _binding;
        private readonly GeneratorModel _model;
        private readonly RowInputs _inputs;
        private readonly float[] _latent;
        private long _position = -1;
        private (DecodedRows Rows, int Index) _row;

        public RowSampleSource(OutputBinding binding, DataViewRow input)
        {
            _binding = binding;
            _model = binding.Model;
            _inputs = new RowInputs(binding, input);
            _latent = new float[_model.LatentDimension];
        }

        public override (DecodedRows Rows, int Index) Row(long position)
        {
            if (position == _position)
                return _row;
            using var lease = _binding.Lifetime.Enter();
            long block = position / _model.BlockRows;
            int offset = (int)(position % _model.BlockRows);
            int? slot = !_model.IsConditional ? null
                : _binding.LabelColumn is not null ? _inputs.ReadSlot()
                : _binding.Request.FixedSlot;
            if (_binding.LatentColumn is null && (_model.Spec.GenerationDrawsNoise || _model.Decoder.Rejects(slot is not null)))
            {
                int[]? slots = slot is int s ? Array.ConvertAll(new int[_model.BlockRows], _ => s) : null;
                _row = (_model.RunAccepted(_binding.Seed, block, slots, _model.BlockRows), offset);
            }
            else
            {
                if (_binding.LatentColumn is not null)
                    _inputs.ReadLatent(_latent);
                else
                    _model.NoiseRow(_binding.Seed, block, offset).CopyTo(_latent, 0);
                int? used = slot ?? (_model.IsConditional ? _model.BlockSlots(_binding.Seed, block)![offset] : null);
                _row = (_model.RunLatent(_latent, 1, used is int u ? new[] { u } : null), 0);
            }
            _position = position;
            return _row;
        }
    }

    /// <summary>
    /// Sequential mode (generation with conditions or rejecting constraints): blocks are generated one after another,
    /// each with the requested slot steering the generator, and only the rows the request's filter keeps are handed out,
    /// in order. Gives up with the measured rate when too few rows pass.
    /// </summary>
    internal sealed class SequentialSampleSource : SampleSource
    {
        /// <summary>Blocks generated before the acceptance rate is judged (a few rows may come from a rarer combination).</summary>
        private const int TrialBlocks = 10;

        private readonly OutputBinding _binding;
        private readonly GeneratorModel _model;
        private readonly RowFilter _filter;
        private readonly int[]? _slots;
        private long _nextBlock;
        private long _chunkStart;
        private long _kept;
        private DecodedRows? _chunk;

        public SequentialSampleSource(OutputBinding binding)
        {
            _binding = binding;
            _model = binding.Model;
            _filter = binding.Request.Filter!;
            if (binding.Request.FixedSlot is int s)
                _slots = Array.ConvertAll(new int[_model.BlockRows], _ => s);
        }

        public override (DecodedRows Rows, int Index) Row(long position)
        {
            // Rows before the first asked for are generated and passed over: with a filter, where a kept row falls in
            // the stream is known only by generating the rows before it.
            position += _binding.Request.FirstRow;
            if (position < _chunkStart)
                throw new InvalidOperationException("Generation with conditions reads rows in order; a row before the current block was requested.");
            while (_chunk is null || position >= _chunkStart + _chunk.Count)
                NextChunk(position);
            return (_chunk, (int)(position - _chunkStart));
        }

        private void NextChunk(long wanted)
        {
            long needed = wanted + 1;
            long neededBlocks = (needed + _model.BlockRows - 1) / _model.BlockRows;
            long maxBlocks = (long)Math.Ceiling(neededBlocks / GeneratorModel.MinAcceptance) + 1;
            using var lease = _binding.Lifetime.Enter();
            while (true)
            {
                long tried = _nextBlock * _model.BlockRows;
                if (_nextBlock >= maxBlocks || (_nextBlock >= TrialBlocks && _kept < GeneratorModel.MinAcceptance * tried))
                    throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                        "Generating rows with {0} is impractical: {1:N0} of {2:N0} generated rows ({3:P2}) satisfied them; on-demand generation needs at least {4:P0}. "
                        + "Loosen the conditions, or train longer so that the model generates such rows more often.",
                        _filter.Description, _kept, tried, (double)_kept / tried, GeneratorModel.MinAcceptance));
                var block = _model.Run(_binding.Seed, _nextBlock++, 1, _slots);
                var keep = _filter.Keep(block);
                var kept = new System.Collections.Generic.List<int>(block.Count);
                for (int r = 0; r < keep.Length; r++)
                {
                    if (keep[r])
                        kept.Add(r);
                }
                if (kept.Count == 0)
                    continue;
                _chunkStart = _chunk is null ? 0 : _chunkStart + _chunk.Count;
                _chunk = block.Select(kept.ToArray());
                _kept += kept.Count;
                return;
            }
        }
    }

    /// <summary>Getters of the input columns that drive generation: the latent vector and the label's slot.</summary>
    internal sealed class RowInputs
    {
        private readonly OutputBinding _binding;
        private readonly ValueGetter<VBuffer<float>>? _latent;
        private readonly Func<string?>? _label;
        private VBuffer<float> _row;

        public RowInputs(OutputBinding binding, DataViewRow row)
        {
            _binding = binding;
            if (binding.LatentColumn is { } latent)
                _latent = row.GetGetter<VBuffer<float>>(latent);
            if (binding.LabelColumn is { } label)
                _label = Data.LabelValues.Getter(row, label);
        }

        public void ReadLatent(Span<float> destination)
        {
            _latent!(ref _row);
            _row.CopyTo(destination);
        }

        public int ReadSlot() => _binding.SlotOf(_label!());
    }
}
