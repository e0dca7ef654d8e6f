using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks.Sequence;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// Sequences generated for given attributes (conditional generation): sequence k has the attributes of the k-th
    /// encoded row and the noise that unconditional generation draws for sequence k with the same seed (blocks of
    /// <see cref="GeneratorModel.BlockRows"/> seeded by (seed, block)); the generator makes its steps with those
    /// attributes in place of the ones it would have generated. A view with the core's window column, so that
    /// <see cref="LongFormatView"/> reads it as it reads unconditional sequences; a block at a time, in eval mode, without gradients.
    /// </summary>
    internal sealed class ConditionedSequences : IDataView
    {
        private readonly GeneratorModel _model;
        private readonly ModelLifetime _lifetime;
        private readonly float[] _attributes;
        private readonly int _seed;

        /// <param name="model">The sequence GAN's generator model.</param>
        /// <param name="lifetime">The model's lifetime, entered for each block.</param>
        /// <param name="attributes">Each sequence's encoded attributes (unweighted), one after another.</param>
        /// <param name="seed">The generation seed.</param>
        public ConditionedSequences(GeneratorModel model, ModelLifetime lifetime, float[] attributes, int seed)
        {
            _model = model;
            _lifetime = lifetime;
            _attributes = attributes;
            _seed = seed;
            var spec = (SequenceNetworkSpec)model.Spec;
            var builder = new DataViewSchema.Builder();
            builder.AddColumn(SequenceDecoder.WindowColumnName, new VectorDataViewType(NumberDataViewType.Single, spec.FeatureSize));
            Schema = builder.ToSchema();
        }

        public DataViewSchema Schema { get; }

        private SequenceNetworkSpec Spec => (SequenceNetworkSpec)_model.Spec;

        private long Count => _attributes.Length / Spec.Attributes.Width;

        public bool CanShuffle => false;

        public long? GetRowCount() => Count;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            new[] { GetRowCursor(columnsNeeded, rand) };

        /// <summary>Block <paramref name="block"/>'s rows (the block's sequences, the last block possibly short), row-major.</summary>
        private float[] Block(long block)
        {
            using var lease = _lifetime.Enter();
            var spec = Spec;
            int rows = _model.BlockRows, width = spec.Attributes.Width;
            long first = block * rows;
            int valid = (int)Math.Min(rows, Count - first);
            var given = new float[rows * width];
            _attributes.AsSpan((int)(first * width), valid * width).CopyTo(given);
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var rng = RowBlocks.Generator(_seed, block);
            var noise = torch.randn(rows, spec.LatentDimension, generator: rng);
            var output = Generator(_model.Network).Generate(noise, torch.tensor(given, new long[] { rows, width }));
            return output.narrow(0, 0, valid).contiguous().data<float>().ToArray();
        }

        private static RecurrentGenerator Generator(Sequential network) =>
            network.children().OfType<RecurrentGenerator>().Single();

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly ConditionedSequences _view;
            private long _position = -1;
            private long _block = -1;
            private float[] _rows = Array.Empty<float>();

            public Cursor(ConditionedSequences view) => _view = view;

            public override DataViewSchema Schema => _view.Schema;
            public override long Position => _position;
            public override long Batch => 0;

            public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

            public override bool IsColumnActive(DataViewSchema.Column column) => true;

            public override bool MoveNext()
            {
                if (_position + 1 >= _view.Count)
                    return false;
                _position++;
                return true;
            }

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
                {
                    int rows = _view._model.BlockRows, width = _view.Spec.FeatureSize;
                    long block = _position / rows;
                    if (block != _block)
                    {
                        _rows = _view.Block(block);
                        _block = block;
                    }
                    var editor = VBufferEditor.Create(ref value, width);
                    _rows.AsSpan((int)(_position % rows) * width, width).CopyTo(editor.Values);
                    value = editor.Commit();
                };
                return getter as ValueGetter<TValue> ?? throw new InvalidOperationException($"Column '{column.Name}' holds a vector of Single.");
            }
        }
    }
}
