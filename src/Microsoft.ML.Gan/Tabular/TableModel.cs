using System;
using System.Linq;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Everything table generation needs (and what a saved model holds): the trained generator, its shape, the
    /// table encoding (columns, types, mode normalisers, category sets) and the condition frequencies. Runs the
    /// generator in eval mode without gradients, a block of rows at a time; one generation at a time (the output
    /// activation's noise generator is set per block).
    /// </summary>
    internal sealed partial class TableModel : IDisposable
    {
        /// <summary>
        /// Rows per block. Block b draws its noise, conditions and Gumbel noise from a generator seeded by (seed, b),
        /// so the rows depend only on the seed and their position. Part of the model's contract.
        /// </summary>
        public const int BlockRows = 500;

        /// <summary>Blocks tried per block of rows asked for before conditional generation gives up.</summary>
        private const int MaxBlocksPerBlock = 50;

        private readonly object _gate = new();
        private readonly OutputActivation _activation;

        public TableModel(Sequential network, int latentDimension, int[] generatorHidden, double temperature,
            TableEncoding encoding, GenerationConditions conditions)
        {
            Network = network;
            LatentDimension = latentDimension;
            GeneratorHidden = generatorHidden;
            Temperature = temperature;
            Encoding = encoding;
            Conditions = conditions;
            _activation = network.modules().OfType<OutputActivation>().Single();
            // Training's noise generator belongs to the training run; generation sets its own per block.
            _activation.Noise = null;
            Network.eval();
        }

        public Sequential Network { get; }
        public int LatentDimension { get; }
        public int[] GeneratorHidden { get; }
        public double Temperature { get; }
        public TableEncoding Encoding { get; }
        public GenerationConditions Conditions { get; }

        /// <summary>Generator forward passes so far (tests use it to prove generation is batched).</summary>
        public long ForwardPasses { get; private set; }

        /// <summary>
        /// <paramref name="count"/> generated rows as a table. Without a condition, conditions follow the training
        /// frequencies. With one, blocks are generated for that category and only rows that carry it are kept
        /// (the conditional loss makes nearly all of them do), so every returned row has the asked value.
        /// </summary>
        public TableData Generate(int count, int seed, (int Column, int Category)? condition = null)
        {
            int width = Encoding.Width;
            var values = new float[(long)count * width];
            lock (_gate)
            {
                if (condition is not { } c)
                {
                    for (long block = 0, done = 0; done < count; block++)
                    {
                        var rows = RunBlock(seed, block, null);
                        int take = (int)Math.Min(BlockRows, count - done);
                        Array.Copy(rows, 0, values, done * width, (long)take * width);
                        done += take;
                    }
                }
                else
                    GenerateWith(c, count, seed, values);
            }
            return Encoding.Decode(values, count);
        }

        private void GenerateWith((int Column, int Category) condition, int count, int seed, float[] values)
        {
            int width = Encoding.Width;
            var span = Encoding.DiscreteSpans[condition.Column];
            int slot = Conditions.Slot(condition.Column, condition.Category);
            long maxBlocks = MaxBlocksPerBlock * ((count + BlockRows - 1L) / BlockRows) + 1;
            long done = 0;
            for (long block = 0; done < count; block++)
            {
                if (block >= maxBlocks)
                {
                    var set = Conditions.Columns[condition.Column];
                    throw new InvalidOperationException(
                        $"After {block * BlockRows} generated rows only {done} had {set.Column} = '{set.Labels[condition.Category]}'; " +
                        "the generator has not learned that category well enough to generate it on demand (train longer).");
                }
                var rows = RunBlock(seed, block, slot);
                for (int r = 0; r < BlockRows && done < count; r++)
                {
                    var row = rows.AsSpan(r * width, width);
                    if (ModeNormalizer.ArgMax(row.Slice(span.Start, span.Length)) != condition.Category)
                        continue;
                    row.CopyTo(values.AsSpan((int)(done * width), width));
                    done++;
                }
            }
        }

        private float[] RunBlock(int seed, long block, int? slot)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var rng = new torch.Generator(SeedStreams.Derive(seed, block), torch.CPU);
            var input = torch.randn(BlockRows, LatentDimension, generator: rng);
            if (Conditions.Width > 0)
            {
                var condition = slot is int s ? Conditions.Fixed(BlockRows, s) : Conditions.SampleByFrequency(BlockRows, rng);
                input = torch.cat(new[] { input, condition }, 1);
            }
            // In eval mode the one-hot spans are argmax(logits + Gumbel noise): exact draws from the softmax.
            _activation.Noise = rng;
            try
            {
                ForwardPasses++;
                return Network.forward(input).contiguous().data<float>().ToArray();
            }
            finally
            {
                _activation.Noise = null;
            }
        }

        public void Dispose()
        {
            Network.Dispose();
            Conditions.Dispose();
        }
    }
}
