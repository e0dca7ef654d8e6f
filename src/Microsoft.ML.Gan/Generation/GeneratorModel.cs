using System;
using System.Threading;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// Everything generation needs, in one place (and what persistence saves): the trained generator and
    /// its shape, the feature scaler, the output type and, for a conditional GAN, the classes. Runs the
    /// generator in blocks of rows, in eval mode without gradients; safe to call from several cursors at once.
    /// </summary>
    internal sealed partial class GeneratorModel : IDisposable
    {
        /// <summary>
        /// Rows per noise block: noise for row i comes from block i / NoiseBlockRows (<see cref="RowBlocks"/>).
        /// Part of the model's contract: changing it changes outputs.
        /// </summary>
        public const int NoiseBlockRows = RowBlocks.Gan;

        private readonly (Tensor Scale, Tensor Offset) _inverse;
        private readonly Tensor? _classFrequencies;

        public GeneratorModel(Sequential network, NetworkSpec spec, FeatureScaler scaler, VectorDataViewType outputType, ClassLabels? classes)
        {
            if ((classes?.Count ?? 0) != spec.ConditionSize)
                throw new ArgumentException($"The generator takes {spec.ConditionSize} condition values but {classes?.Count ?? 0} classes were given.");
            Network = network;
            Spec = spec;
            Scaler = scaler;
            OutputType = outputType;
            Classes = classes;
            Network.eval();
            _inverse = scaler.InverseTensors();
            if (classes is not null)
                _classFrequencies = torch.tensor(classes.Frequencies);
        }

        public Sequential Network { get; }
        public NetworkSpec Spec { get; }
        public FeatureScaler Scaler { get; }
        public int LatentDimension => Spec.LatentDimension;

        /// <summary>The classes of a conditional GAN; null when unconditional.</summary>
        public ClassLabels? Classes { get; }

        /// <summary>Type of the generated column: the features' own vector type, dimensions included.</summary>
        public VectorDataViewType OutputType { get; }

        public int OutputSize => OutputType.Size;

        /// <summary>
        /// Noise blocks that noise mode runs through the generator in one pass: every block keeps its own noise (the
        /// contract above), and the pass's fixed cost (module calls, unscaling) is paid once for all of them.
        /// </summary>
        public const int BlocksPerPass = 4;

        /// <summary>
        /// Samples for rows [block * NoiseBlockRows, (block + 1) * NoiseBlockRows), row-major, and their classes.
        /// <paramref name="classes"/> gives each row's class (conditional models); null draws classes with the
        /// training frequencies, from the same block generator after the noise.
        /// </summary>
        public (float[] Samples, int[]? Classes) GenerateNoiseBlock(int seed, long block, int[]? classes = null) =>
            GenerateNoiseBlocks(seed, block, 1, classes);

        /// <summary>
        /// Samples for <paramref name="blockCount"/> consecutive blocks from <paramref name="firstBlock"/> in one
        /// generator pass: the same rows as the blocks one at a time. <paramref name="classes"/> as for one block,
        /// over all the blocks' rows.
        /// </summary>
        public (float[] Samples, int[]? Classes) GenerateNoiseBlocks(int seed, long firstBlock, int blockCount, int[]? classes = null)
        {
            using var scope = torch.NewDisposeScope();
            var noise = new Tensor[blockCount];
            var drawn = new Tensor?[blockCount];
            for (int b = 0; b < blockCount; b++)
                (noise[b], drawn[b]) = BlockDraws(seed, firstBlock + b, drawClasses: classes is null);
            var z = blockCount == 1 ? noise[0] : torch.cat(noise, 0);
            if (_classFrequencies is null)
                return (Run(z, null), null);
            var used = classes is null
                ? (blockCount == 1 ? drawn[0]! : torch.cat(Array.ConvertAll(drawn, d => d!), 0))
                : torch.tensor(Pad(classes, blockCount * NoiseBlockRows)).to_type(ScalarType.Int64);
            return (Run(z, used), classes ?? ToInts(used));
        }

        /// <summary>The classes noise mode draws for a block, without running the generator (conditional models; null otherwise).</summary>
        public int[]? BlockClasses(int seed, long block)
        {
            using var scope = torch.NewDisposeScope();
            var (_, drawn) = BlockDraws(seed, block, drawClasses: true);
            return drawn is null ? null : ToInts(drawn);
        }

        /// <summary>The latent vector noise mode uses for one row of a block.</summary>
        public float[] BlockNoiseRow(int seed, long block, int offset)
        {
            using var scope = torch.NewDisposeScope();
            return BlockDraws(seed, block, drawClasses: false).Z[offset].data<float>().ToArray();
        }

        // One generator per (seed, block): the block's noise first, then its classes, so every path that needs
        // either sees the same values.
        private (Tensor Z, Tensor? Classes) BlockDraws(int seed, long block, bool drawClasses)
        {
            using var rng = RowBlocks.Generator(seed, block);
            var z = torch.randn(NoiseBlockRows, LatentDimension, generator: rng);
            var classes = drawClasses && _classFrequencies is not null
                ? torch.multinomial(_classFrequencies, NoiseBlockRows, replacement: true, generator: rng)
                : null;
            return (z, classes);
        }

        private static int[] ToInts(Tensor classes) => Array.ConvertAll(classes.data<long>().ToArray(), c => (int)c);

        /// <summary>Samples for caller-given latent vectors (row-major, <paramref name="rows"/> x LatentDimension) and classes.</summary>
        public float[] GenerateFromLatent(float[] latent, int rows, int[]? classes = null)
        {
            using var scope = torch.NewDisposeScope();
            // A full block is used as it is; only a short last block is trimmed.
            var values = latent.Length == rows * LatentDimension ? latent : latent[..(rows * LatentDimension)];
            var z = torch.tensor(values, new long[] { rows, LatentDimension });
            return Run(z, ClassTensor(classes, rows));
        }

        /// <summary>Generator forward passes run so far (tests use it to prove generation is batched).</summary>
        internal long ForwardPasses => Interlocked.Read(ref _forwardPasses);
        private long _forwardPasses;

        private Tensor? ClassTensor(int[]? classes, int rows)
        {
            if (Classes is null)
                return null;
            if (classes is null || classes.Length < rows)
                throw new ArgumentException($"A conditional generator needs a class for each of the {rows} rows.");
            return torch.tensor(classes.Length == rows ? classes : classes[..rows]).to_type(ScalarType.Int64);
        }

        private float[] Run(Tensor z, Tensor? classes)
        {
            Interlocked.Increment(ref _forwardPasses);
            using var noGrad = torch.no_grad();
            var input = classes is null ? z
                : torch.cat(new[] { z, torch.nn.functional.one_hot(classes, Classes!.Count).to_type(ScalarType.Float32) }, 1);
            return FeatureScaler.Inverse(Network.forward(input), _inverse).data<float>().ToArray();
        }

        private static int[] Pad(int[] values, int length) =>
            values.Length == length ? values : values.Length > length ? values[..length] : [.. values, .. new int[length - values.Length]];

        public void Dispose()
        {
            Network.Dispose();
            _inverse.Scale.Dispose();
            _inverse.Offset.Dispose();
            _classFrequencies?.Dispose();
        }
    }
}
