using System;
using System.Linq;
using System.Threading;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Everything table generation needs (and what a saved model holds): the trained generator, its shape, the
    /// table encoding (columns, types, mode normalisers, category sets) and the condition frequencies. Runs the
    /// generator in eval mode without gradients, a block of rows at a time, and its output activation on the logits;
    /// every block draws from a generator of its own, so generations may run at once.
    /// </summary>
    internal sealed partial class TableModel : IDisposable
    {
        /// <summary>
        /// Rows per block: block b draws its noise, conditions and Gumbel noise from its own generator
        /// (<see cref="RowBlocks"/>). Part of the model's contract.
        /// </summary>
        public const int BlockRows = RowBlocks.Table;

        /// <summary>
        /// Below this share of generated rows satisfying the conditions and constraints, generation on demand gives
        /// up (it would take more than 50 blocks per block of rows asked for).
        /// </summary>
        public const double MinAcceptance = 0.02;

        /// <summary>Blocks generated before the acceptance rate is judged (a few rows may come from a rarer combination).</summary>
        private const int TrialBlocks = 10;

        private readonly OutputActivation _activation;
        private long _forwardPasses;

        public TableModel(Sequential network, int latentDimension, int[] generatorHidden, double temperature,
            TableEncoding encoding, GenerationConditions conditions, ConstraintPlan? constraints = null)
        {
            Network = network;
            LatentDimension = latentDimension;
            GeneratorHidden = generatorHidden;
            Temperature = temperature;
            Encoding = encoding;
            Conditions = conditions;
            Constraints = constraints ?? ConstraintPlan.None(encoding.Columns.Select(c => c.Column.Name).ToArray());
            _activation = new OutputActivation(encoding.Spans, temperature);
            Network.eval();
        }

        public Sequential Network { get; }
        public int LatentDimension { get; }
        public int[] GeneratorHidden { get; }
        public double Temperature { get; }
        public TableEncoding Encoding { get; }
        public GenerationConditions Conditions { get; }

        /// <summary>The constraints every generated row honours.</summary>
        public ConstraintPlan Constraints { get; }

        /// <summary>Generator forward passes so far (tests use it to prove generation is batched).</summary>
        public long ForwardPasses => Interlocked.Read(ref _forwardPasses);

        /// <summary>
        /// <paramref name="count"/> generated rows as a table. Without conditions, conditions follow the training
        /// frequencies. With some, blocks are generated for the steered category and only rows that satisfy every
        /// condition are kept; rows that break a rejecting constraint are dropped the same way.
        /// </summary>
        public TableData Generate(int count, int seed, RowConditions? conditions = null)
        {
            conditions ??= RowConditions.None;
            int width = Encoding.Width;
            var values = new float[(long)count * width];
            if (conditions.IsEmpty && !Constraints.Rejects)
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
                GenerateFiltered(conditions, count, seed, values);
            return Constraints.ToOutput(Encoding.Decode(values, count));
        }

        // Whole blocks through the generator, decoded and checked together; the encoded rows that pass are kept.
        private void GenerateFiltered(RowConditions conditions, int count, int seed, float[] values)
        {
            int width = Encoding.Width;
            long neededBlocks = (count + BlockRows - 1L) / BlockRows;
            long maxBlocks = (long)Math.Ceiling(neededBlocks / MinAcceptance) + 1;
            var keep = new bool[BlockRows];
            long done = 0;
            for (long block = 0; done < count; block++)
            {
                long tried = block * BlockRows;
                if (block >= maxBlocks || (block >= TrialBlocks && done < MinAcceptance * tried))
                    throw new InvalidOperationException(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                        "Generating rows with {0} is impractical: {1:N0} of {2:N0} generated rows ({3:P2}) satisfied {4}; on-demand generation needs at least {5:P0}. "
                        + "Loosen the conditions, or train longer so that the model generates such rows more often.",
                        Describe(conditions), done, tried, (double)done / tried, conditions.IsEmpty ? "the constraints" : "them", MinAcceptance));
                var rows = RunBlock(seed, block, conditions.SteerSlot);
                var decoded = Constraints.ToOutput(Encoding.Decode(rows, BlockRows));
                Array.Fill(keep, true);
                conditions.Filter(decoded, keep);
                Constraints.Filter(decoded, keep);
                for (int r = 0; r < BlockRows && done < count; r++)
                {
                    if (!keep[r])
                        continue;
                    Array.Copy(rows, (long)r * width, values, done * width, width);
                    done++;
                }
            }
        }

        private string Describe(RowConditions conditions)
        {
            var constraints = Constraints.Rejects ? $"the constraints {string.Join(", ", Constraints.Describe())}" : "";
            return conditions.IsEmpty ? constraints
                : constraints.Length == 0 ? conditions.Description : $"{conditions.Description} and {constraints}";
        }

        private float[] RunBlock(int seed, long block, int? slot)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var rng = RowBlocks.Generator(seed, block);
            var input = torch.randn(BlockRows, LatentDimension, generator: rng);
            if (Conditions.Width > 0)
            {
                var condition = slot is int s ? Conditions.Fixed(BlockRows, s) : Conditions.SampleByFrequency(BlockRows, rng);
                input = torch.cat(new[] { input, condition }, 1);
            }
            Interlocked.Increment(ref _forwardPasses);
            // The one-hot spans are argmax(logits + Gumbel noise): exact draws from the softmax, after the block's noise and conditions.
            return _activation.Sample(Network.forward(input), rng).contiguous().data<float>().ToArray();
        }

        public void Dispose()
        {
            Network.Dispose();
            Conditions.Dispose();
        }
    }
}
