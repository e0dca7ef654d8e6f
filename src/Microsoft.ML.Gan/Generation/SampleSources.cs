using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// Where a row's generated sample (and class) comes from; one instance per cursor or row, not shared. Every use
    /// of the model holds a lease of the transformer's <see cref="ModelLifetime"/>.
    /// </summary>
    internal abstract class SampleSource : IDisposable
    {
        /// <summary>The sample of the row at <paramref name="position"/> (the current row of the caller's cursor).</summary>
        public abstract ReadOnlySpan<float> Sample(long position);

        /// <summary>The class (0-based) the row's sample was generated for; conditional models only.</summary>
        public abstract int Class(long position);

        public virtual void Dispose() { }
    }

    /// <summary>
    /// Noise mode: one generator pass per <see cref="GeneratorModel.BlocksPerPass"/> blocks of
    /// <see cref="GeneratorModel.NoiseBlockRows"/> rows (fewer at the end of an input of known length).
    /// </summary>
    internal sealed class NoiseSampleSource : SampleSource
    {
        private readonly GeneratorModel _model;
        private readonly ModelLifetime _lifetime;
        private readonly int _seed;
        private readonly long? _rows;
        private readonly int _blocksPerPass;
        private readonly int _passRows;
        private readonly int[]? _fixedClasses;
        private long _start = -1;
        private float[] _samples = Array.Empty<float>();
        private int[]? _classes;

        /// <param name="model">The generator.</param>
        /// <param name="lifetime">The transformer's guard, held while the generator runs.</param>
        /// <param name="seed">The generation seed: row i's noise comes from block i / NoiseBlockRows of it.</param>
        /// <param name="rows">The input's row count when known: no pass generates blocks past it.</param>
        /// <param name="blocksPerPass">Blocks per generator pass: <see cref="GeneratorModel.BlocksPerPass"/> behind a cursor, 1 for single rows.</param>
        /// <param name="fixedClass">Generate every row for this class; null draws classes with the training frequencies.</param>
        public NoiseSampleSource(GeneratorModel model, ModelLifetime lifetime, int seed, long? rows, int blocksPerPass, int? fixedClass = null)
        {
            _model = model;
            _lifetime = lifetime;
            _seed = seed;
            _rows = rows;
            _blocksPerPass = blocksPerPass;
            _passRows = blocksPerPass * GeneratorModel.NoiseBlockRows;
            if (fixedClass is int c)
                _fixedClasses = Array.ConvertAll(new int[_passRows], _ => c);
        }

        public override ReadOnlySpan<float> Sample(long position)
        {
            Load(position);
            int size = _model.OutputSize;
            return _samples.AsSpan((int)(position - _start) * size, size);
        }

        public override int Class(long position)
        {
            Load(position);
            return _classes![position - _start];
        }

        private void Load(long position)
        {
            long start = position - position % _passRows;
            if (start == _start)
                return;
            const int blockRows = GeneratorModel.NoiseBlockRows;
            long firstBlock = start / blockRows;
            int blocks = _rows is long n
                ? (int)Math.Clamp((n - start + blockRows - 1) / blockRows, 1, _blocksPerPass)
                : _blocksPerPass;
            using var lease = _lifetime.Enter();
            (_samples, _classes) = _model.GenerateNoiseBlocks(_seed, firstBlock, blocks,
                _fixedClasses is null ? null : _fixedClasses[..(blocks * blockRows)]);
            _start = start;
        }
    }

    /// <summary>
    /// Column-driven mode behind a cursor: a second cursor over the same input, with only the latent and/or
    /// label columns active, reads the next block of rows ahead of the caller, so the generator runs once per
    /// block. Without a latent column the block's noise is the noise mode's (seed, block) noise; without a
    /// label column a conditional model draws classes. Cursors over an unshuffled input visit rows in the
    /// same order, so the two cursors agree.
    /// </summary>
    internal sealed class LookaheadSampleSource : SampleSource
    {
        private const int BlockRows = GeneratorModel.NoiseBlockRows;
        private readonly OutputBinding _binding;
        private readonly GeneratorModel _model;
        private readonly DataViewRowCursor _ahead;
        private readonly RowInputs _inputs;
        private readonly float[]? _latentBlock;
        private readonly int[] _classBlock = new int[BlockRows];
        private long _blockStart = -1;
        private int _blockRows;
        private float[] _samples = Array.Empty<float>();
        private int[]? _classes;

        public LookaheadSampleSource(OutputBinding binding, IDataView input)
        {
            _binding = binding;
            _model = binding.Model;
            _ahead = input.GetRowCursor(binding.DrivingColumns());
            _inputs = new RowInputs(binding, _ahead);
            if (binding.LatentColumn is not null)
                _latentBlock = new float[BlockRows * _model.LatentDimension];
        }

        public override ReadOnlySpan<float> Sample(long position)
        {
            Load(position);
            int size = _model.OutputSize;
            return _samples.AsSpan((int)(position - _blockStart) * size, size);
        }

        public override int Class(long position)
        {
            Load(position);
            return _classes![position - _blockStart];
        }

        private void Load(long position)
        {
            if (position < _blockStart)
                throw new InvalidOperationException("Column-driven generation reads rows in order; a row before the current block was requested.");
            if (position >= _blockStart + _blockRows || _blockStart < 0)
                ReadBlockAt(position - position % BlockRows);
        }

        private void ReadBlockAt(long start)
        {
            using var lease = _binding.Lifetime.Enter();
            while (_ahead.Position < start - 1 && _ahead.MoveNext()) { }
            int d = _model.LatentDimension;
            int rows = 0;
            while (rows < BlockRows && _ahead.MoveNext())
            {
                if (_latentBlock is not null)
                    _inputs.ReadLatent(_latentBlock.AsSpan(rows * d, d));
                if (_binding.LabelColumn is not null)
                    _classBlock[rows] = _inputs.ReadClass();
                rows++;
            }
            _blockStart = start;
            _blockRows = rows;
            long block = start / BlockRows;
            int[]? given = _binding.LabelColumn is not null ? _classBlock : null;
            if (_latentBlock is null)
            {
                (_samples, _classes) = _model.GenerateNoiseBlock(_binding.Seed, block, given);
                return;
            }
            _classes = _model.Classes is null ? null
                : given ?? (_binding.FixedClass is int c ? Array.ConvertAll(_classBlock, _ => c) : _model.BlockClasses(_binding.Seed, block));
            _samples = _model.GenerateFromLatent(_latentBlock, rows, _classes);
        }

        public override void Dispose() => _ahead.Dispose();
    }

    /// <summary>
    /// Column-driven mode for single rows (prediction engines): one generator pass for the current row, from
    /// its latent vector (or the noise mode's noise for its position) and its label (or a drawn class).
    /// </summary>
    internal sealed class RowSampleSource : SampleSource
    {
        private readonly OutputBinding _binding;
        private readonly GeneratorModel _model;
        private readonly RowInputs _inputs;
        private readonly float[] _latent;
        private long _position = -1;
        private float[] _sample = Array.Empty<float>();
        private int _class;

        public RowSampleSource(OutputBinding binding, DataViewRow input)
        {
            _binding = binding;
            _model = binding.Model;
            _inputs = new RowInputs(binding, input);
            _latent = new float[_model.LatentDimension];
        }

        public override ReadOnlySpan<float> Sample(long position)
        {
            Load(position);
            return _sample;
        }

        public override int Class(long position)
        {
            Load(position);
            return _class;
        }

        private void Load(long position)
        {
            if (position == _position)
                return;
            using var lease = _binding.Lifetime.Enter();
            long block = position / GeneratorModel.NoiseBlockRows;
            int offset = (int)(position % GeneratorModel.NoiseBlockRows);
            if (_binding.LatentColumn is not null)
                _inputs.ReadLatent(_latent);
            else
                _model.BlockNoiseRow(_binding.Seed, block, offset).CopyTo(_latent, 0);
            if (_model.Classes is not null)
                _class = _binding.LabelColumn is not null ? _inputs.ReadClass()
                    : _binding.FixedClass ?? _model.BlockClasses(_binding.Seed, block)![offset];
            _sample = _model.GenerateFromLatent(_latent, 1, _model.Classes is null ? null : new[] { _class });
            _position = position;
        }
    }

    /// <summary>Getters of the input columns that drive generation: the latent vector and the label's class.</summary>
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

        public int ReadClass()
        {
            string name = _binding.LabelColumn!.Value.Name;
            string value = _label!() ?? throw new InvalidOperationException(
                $"Label column '{name}' has a missing value; conditional generation needs a label on every row.");
            return _binding.Model.Classes!.ClassOf(value, name);
        }
    }
}
