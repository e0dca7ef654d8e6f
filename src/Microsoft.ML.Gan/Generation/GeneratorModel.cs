using System;
using System.Threading;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// Everything generation needs, in one place (and what persistence saves): the trained generator,
    /// the feature scaler, the latent size and the output type. Runs the generator in blocks of rows,
    /// in eval mode without gradients; safe to call from several cursors at once.
    /// </summary>
    internal sealed partial class GeneratorModel : IDisposable
    {
        /// <summary>
        /// Rows per noise block. Noise for row i comes from block i / NoiseBlockRows, drawn from a generator
        /// seeded by (seed, block), so a row's sample depends only on the seed and its position, never on
        /// which cursor asked or where it started. Part of the model's contract: changing it changes outputs.
        /// </summary>
        public const int NoiseBlockRows = 256;

        private readonly (Tensor Scale, Tensor Offset) _inverse;

        public GeneratorModel(Sequential network, FeatureScaler scaler, int latentDimension, int[] hiddenLayers, VectorDataViewType outputType)
        {
            Network = network;
            Scaler = scaler;
            LatentDimension = latentDimension;
            HiddenLayers = hiddenLayers;
            OutputType = outputType;
            Network.eval();
            _inverse = scaler.InverseTensors();
        }

        public Sequential Network { get; }
        public FeatureScaler Scaler { get; }
        public int LatentDimension { get; }
        public int[] HiddenLayers { get; }

        /// <summary>Type of the generated column: the features' own vector type, dimensions included.</summary>
        public VectorDataViewType OutputType { get; }

        public int OutputSize => OutputType.Size;

        /// <summary>Samples for rows [block * NoiseBlockRows, (block + 1) * NoiseBlockRows), row-major.</summary>
        public float[] GenerateNoiseBlock(int seed, long block)
        {
            using var scope = torch.NewDisposeScope();
            using var rng = new torch.Generator(BlockSeed(seed, block), torch.CPU);
            return Run(torch.randn(NoiseBlockRows, LatentDimension, generator: rng));
        }

        /// <summary>Samples for caller-given latent vectors (row-major, <paramref name="rows"/> x LatentDimension).</summary>
        public float[] GenerateFromLatent(float[] latent, int rows)
        {
            using var scope = torch.NewDisposeScope();
            // A full block is used as it is; only a short last block is trimmed.
            var values = latent.Length == rows * LatentDimension ? latent : latent[..(rows * LatentDimension)];
            return Run(torch.tensor(values, new long[] { rows, LatentDimension }));
        }

        /// <summary>Generator forward passes run so far (tests use it to prove generation is batched).</summary>
        internal long ForwardPasses => Interlocked.Read(ref _forwardPasses);
        private long _forwardPasses;

        private float[] Run(Tensor z)
        {
            Interlocked.Increment(ref _forwardPasses);
            using var noGrad = torch.no_grad();
            return FeatureScaler.Inverse(Network.forward(z), _inverse).data<float>().ToArray();
        }

        // SplitMix64 finaliser over (seed, block): neighbouring blocks and seeds get unrelated streams.
        internal static ulong BlockSeed(int seed, long block)
        {
            ulong x = unchecked(((ulong)(uint)seed << 32) ^ (ulong)block ^ 0x9E3779B97F4A7C15UL);
            x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
            x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
            return x ^ (x >> 31);
        }

        public void Dispose()
        {
            Network.Dispose();
            _inverse.Scale.Dispose();
            _inverse.Offset.Dispose();
        }
    }
}
