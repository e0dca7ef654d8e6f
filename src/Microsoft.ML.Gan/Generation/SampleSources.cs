using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>Where a row's generated sample comes from; one instance per cursor or row, not shared.</summary>
    internal abstract class SampleSource : IDisposable
    {
        /// <summary>The sample of the row at <paramref name="position"/> (the current row of the caller's cursor).</summary>
        public abstract ReadOnlySpan<float> Sample(long position);

        public virtual void Dispose() { }
    }

    /// <summary>Noise mode: one generator pass per block of <see cref="GeneratorModel.NoiseBlockRows"/> rows.</summary>
    internal sealed class NoiseSampleSource : SampleSource
    {
        private readonly GeneratorModel _model;
        private readonly int _seed;
        private long _block = -1;
        private float[] _samples = Array.Empty<float>();

        public NoiseSampleSource(GeneratorModel model, int seed)
        {
            _model = model;
            _seed = seed;
        }

        public override ReadOnlySpan<float> Sample(long position)
        {
            long block = position / GeneratorModel.NoiseBlockRows;
            if (block != _block)
            {
                _samples = _model.GenerateNoiseBlock(_seed, block);
                _block = block;
            }
            int size = _model.OutputSize;
            return _samples.AsSpan((int)(position % GeneratorModel.NoiseBlockRows) * size, size);
        }
    }

    /// <summary>
    /// Latent-column mode behind a cursor: a second cursor over the same input, with only the latent
    /// column active, reads the next block of latent vectors ahead of the caller, so the generator runs
    /// once per block. Cursors over an unshuffled input visit rows in the same order, so the two agree.
    /// </summary>
    internal sealed class LookaheadLatentSampleSource : SampleSource
    {
        private const int BlockRows = GeneratorModel.NoiseBlockRows;
        private readonly GeneratorModel _model;
        private readonly DataViewRowCursor _ahead;
        private readonly ValueGetter<VBuffer<float>> _latent;
        private readonly float[] _latentBlock;
        private VBuffer<float> _row;
        private long _blockStart = -1;
        private int _blockRows;
        private float[] _samples = Array.Empty<float>();

        public LookaheadLatentSampleSource(GeneratorModel model, IDataView input, DataViewSchema.Column latentColumn)
        {
            _model = model;
            _ahead = input.GetRowCursor(new[] { latentColumn });
            _latent = _ahead.GetGetter<VBuffer<float>>(latentColumn);
            _latentBlock = new float[BlockRows * model.LatentDimension];
        }

        public override ReadOnlySpan<float> Sample(long position)
        {
            if (position < _blockStart)
                throw new InvalidOperationException("Latent-column generation reads rows in order; a row before the current block was requested.");
            if (position >= _blockStart + _blockRows || _blockStart < 0)
                ReadBlockAt(position - position % BlockRows);
            int size = _model.OutputSize;
            return _samples.AsSpan((int)(position - _blockStart) * size, size);
        }

        private void ReadBlockAt(long start)
        {
            while (_ahead.Position < start - 1 && _ahead.MoveNext()) { }
            int d = _model.LatentDimension;
            int rows = 0;
            while (rows < BlockRows && _ahead.MoveNext())
            {
                _latent(ref _row);
                _row.CopyTo(_latentBlock.AsSpan(rows * d, d));
                rows++;
            }
            _blockStart = start;
            _blockRows = rows;
            _samples = _model.GenerateFromLatent(_latentBlock, rows);
        }

        public override void Dispose() => _ahead.Dispose();
    }

    /// <summary>Latent-column mode for single rows (prediction engines): one pass for the current row.</summary>
    internal sealed class RowLatentSampleSource : SampleSource
    {
        private readonly GeneratorModel _model;
        private readonly ValueGetter<VBuffer<float>> _latent;
        private readonly float[] _buffer;
        private VBuffer<float> _row;

        public RowLatentSampleSource(GeneratorModel model, DataViewRow input, DataViewSchema.Column latentColumn)
        {
            _model = model;
            _latent = input.GetGetter<VBuffer<float>>(latentColumn);
            _buffer = new float[model.LatentDimension];
        }

        public override ReadOnlySpan<float> Sample(long position)
        {
            _latent(ref _row);
            _row.CopyTo(_buffer);
            return _model.GenerateFromLatent(_buffer, 1);
        }
    }
}
