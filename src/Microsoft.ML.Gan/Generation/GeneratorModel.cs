using System;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// A trained generator as a model, for every kind of data: the network and its spec (with the output step), the
    /// condition layout and the decoder to output columns. Rows are generated in blocks: block b of a generation seed
    /// draws its noise, then its condition slots (unless given), then any output-step noise, from its own generator
    /// (<see cref="RowBlocks"/>), so a row depends only on the seed, its position and its condition. Runs in eval
    /// mode without gradients; safe to call from several cursors at once.
    /// </summary>
    internal sealed class GeneratorModel : IDisposable
    {
        /// <summary>Blocks a cursor runs through the generator in one pass: each keeps its own draws, the pass's fixed cost is paid once.</summary>
        public const int BlocksPerPass = 4;

        /// <summary>
        /// Below this share of generated rows that may be handed out (conditions met, constraints honoured), generation
        /// gives up: it would take more than 50 tries per row.
        /// </summary>
        public const double MinAcceptance = 0.02;

        private static readonly int MaxTries = (int)Math.Round(1 / MinAcceptance);

        public GeneratorModel(Sequential network, NetworkSpec spec, ConditionLayout conditions, RowDecoder decoder, int blockRows)
        {
            if (conditions.Width != spec.ConditionSize)
                throw new ArgumentException($"The generator takes {spec.ConditionSize} condition values but the layout has {conditions.Width}.");
            Network = network;
            Spec = spec;
            Conditions = conditions;
            Decoder = decoder;
            BlockRows = blockRows;
            Network.eval();
        }

        public Sequential Network { get; }

        public NetworkSpec Spec { get; }

        public ConditionLayout Conditions { get; }

        public RowDecoder Decoder { get; }

        /// <summary>Rows per block (<see cref="RowBlocks"/>): part of the model's contract.</summary>
        public int BlockRows { get; }

        public int LatentDimension => Spec.LatentDimension;

        public bool IsConditional => Conditions.Width > 0;

        /// <summary>
        /// Rows of <paramref name="blockCount"/> consecutive blocks from <paramref name="firstBlock"/> in one generator
        /// pass: the same rows as the blocks one at a time. <paramref name="slots"/> gives each row's condition slot (over
        /// all the blocks' rows; conditional models); null draws slots with the training frequencies.
        /// </summary>
        public DecodedRows Run(int seed, long firstBlock, int blockCount, int[]? slots = null) =>
            Run(block => RowBlocks.Generator(seed, firstBlock + block), blockCount, slots);

        /// <summary>
        /// One block's rows, each one a row the model may hand out: a row the decoder refuses (a rejecting constraint
        /// broken, or, when <paramref name="slots"/> are given, another category than its slot asked for) is replaced
        /// by the same position of the block's next try (its own generator), up to 50 tries. Only the first
        /// <paramref name="validRows"/> rows must be accepted (a short last block pads its slots).
        /// </summary>
        public DecodedRows RunAccepted(int seed, long block, int[]? slots, int validRows)
        {
            if (slots is not null && slots.Length < BlockRows)
                slots = [.. slots, .. Enumerable.Repeat(slots.Length == 0 ? 0 : slots[^1], BlockRows - slots.Length)];
            var rows = Run(seed, block, 1, slots);
            bool requests = slots is not null;
            if (!Decoder.Rejects(requests))
                return rows;
            var accepted = Decoder.Accepted(rows, requests);
            for (int r = validRows; r < accepted.Length; r++)
                accepted[r] = true;
            for (int tryNumber = 1; Array.IndexOf(accepted, false) >= 0; tryNumber++)
            {
                if (tryNumber >= MaxTries)
                    throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                        "Generating rows is impractical: the row at position {0} met its conditions and constraints in none of {1} tries (on-demand generation needs at least {2:P0} of rows to). "
                        + "Loosen the conditions or constraints, or train longer so that the model generates such rows more often.",
                        block * BlockRows + Array.IndexOf(accepted, false), MaxTries, MinAcceptance));
                var retry = Run(_ => RowBlocks.Retry(seed, block, tryNumber), 1, slots);
                var retryAccepted = Decoder.Accepted(retry, requests);
                for (int r = 0; r < accepted.Length; r++)
                {
                    if (!accepted[r] && retryAccepted[r])
                    {
                        rows.CopyRow(r, retry, r);
                        accepted[r] = true;
                    }
                }
            }
            return rows;
        }

        /// <summary>Rows for caller-given latent vectors (row-major, <paramref name="rows"/> x LatentDimension) and slots; no output-step noise.</summary>
        public DecodedRows RunLatent(float[] latent, int rows, int[]? slots)
        {
            using var scope = torch.NewDisposeScope();
            var values = latent.Length == rows * LatentDimension ? latent : latent[..(rows * LatentDimension)];
            var z = torch.tensor(values, new long[] { rows, LatentDimension });
            var used = slots is null ? null : slots.Length == rows ? slots : slots[..rows];
            if (IsConditional && used is null)
                throw new ArgumentException($"A conditional generator needs a condition for each of the {rows} rows.");
            var output = Forward(z, used is null ? null : torch.tensor(Array.ConvertAll(used, s => (long)s)), null);
            return Decoder.Decode(output, rows, used, null);
        }

        /// <summary>The latent vector block <paramref name="block"/> draws for its row <paramref name="offset"/>.</summary>
        public float[] NoiseRow(int seed, long block, int offset)
        {
            using var scope = torch.NewDisposeScope();
            using var rng = RowBlocks.Generator(seed, block);
            return torch.randn(BlockRows, LatentDimension, generator: rng)[offset].data<float>().ToArray();
        }

        /// <summary>The condition slots block <paramref name="block"/> draws (after its noise) when none are given; null when unconditional.</summary>
        public int[]? BlockSlots(int seed, long block)
        {
            if (!IsConditional)
                return null;
            using var scope = torch.NewDisposeScope();
            using var rng = RowBlocks.Generator(seed, block);
            torch.randn(BlockRows, LatentDimension, generator: rng);
            return ToInts(Conditions.DrawSlots(BlockRows, rng));
        }

        private DecodedRows Run(Func<int, torch.Generator> generator, int blockCount, int[]? slots)
        {
            using var scope = torch.NewDisposeScope();
            var rngs = new torch.Generator[blockCount];
            try
            {
                var noise = new Tensor[blockCount];
                var drawn = new Tensor[blockCount];
                for (int b = 0; b < blockCount; b++)
                {
                    rngs[b] = generator(b);
                    noise[b] = torch.randn(BlockRows, LatentDimension, generator: rngs[b]);
                    if (IsConditional && slots is null)
                        drawn[b] = Conditions.DrawSlots(BlockRows, rngs[b]);
                }
                int rows = blockCount * BlockRows;
                var z = blockCount == 1 ? noise[0] : torch.cat(noise, 0);
                Tensor? slotTensor = null;
                if (IsConditional)
                    slotTensor = slots is null
                        ? (blockCount == 1 ? drawn[0] : torch.cat(drawn, 0))
                        : torch.tensor(Array.ConvertAll(Pad(slots, rows), s => (long)s));
                var output = Forward(z, slotTensor, rngs);
                return Decoder.Decode(output, rows, slotTensor is null ? null : ToInts(slotTensor), DecoderDraws(rngs));
            }
            finally
            {
                foreach (var rng in rngs)
                    rng?.Dispose();
            }
        }

        // The network, then its output step (each block's rows with their own block's draws), then the decoder's device work.
        private float[] Forward(Tensor z, Tensor? slots, torch.Generator[]? rngs)
        {
            using var noGrad = torch.no_grad();
            var input = slots is null ? z : torch.cat(new[] { z, Conditions.OneHot(slots) }, 1);
            var output = Network.call(input);
            if (rngs is null || !Spec.GenerationDrawsNoise)
                output = Spec.ToGeneratedRows(output, null);
            else if (rngs.Length == 1)
                output = Spec.ToGeneratedRows(output, rngs[0]);
            else
            {
                var parts = new Tensor[rngs.Length];
                for (int b = 0; b < rngs.Length; b++)
                    parts[b] = Spec.ToGeneratedRows(output.narrow(0, (long)b * BlockRows, BlockRows), rngs[b]);
                output = torch.cat(parts, 0);
            }
            return Decoder.OnDevice(output).contiguous().data<float>().ToArray();
        }

        // The decoder's draws for each block's rows, from the block's generator after its output step; null when it takes none.
        private double[]? DecoderDraws(torch.Generator[] rngs)
        {
            int perRow = Decoder.DrawsPerRow;
            if (perRow == 0)
                return null;
            var parts = Array.ConvertAll(rngs, rng => torch.rand(BlockRows, perRow, dtype: ScalarType.Float64, generator: rng));
            return (parts.Length == 1 ? parts[0] : torch.cat(parts, 0)).contiguous().data<double>().ToArray();
        }

        private static int[] ToInts(Tensor slots) => Array.ConvertAll(slots.data<long>().ToArray(), s => (int)s);

        private static int[] Pad(int[] values, int length) =>
            values.Length == length ? values : values.Length > length ? values[..length] : [.. values, .. new int[length - values.Length]];

        public void Dispose()
        {
            Network.Dispose();
            Conditions.Dispose();
            Decoder.Dispose();
        }
    }
}
