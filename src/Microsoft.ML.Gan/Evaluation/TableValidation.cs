using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// A held-out slice of the training table and how a generator under training is scored against it: the
    /// generation network generates as many rows as the slice holds, in eval mode with its batch-norm statistics
    /// recomputed and its logits sampled by the output activation (as the final model generates), and the table
    /// quality score (<see cref="TableQuality"/>) compares them with the slice.
    /// Its noise comes from streams of its own, so scoring does not change the training run; it is drawn on the CPU and
    /// moved to the training device, where the network is, and the generated rows come back to the CPU to be decoded.
    /// </summary>
    internal sealed class TableValidation
    {
        // Stream indices of the held-out draw and of the scoring noise, apart from the other streams of a seed.
        private const long SplitStream = long.MinValue / 2 - 1;
        private const long ScoreStream = long.MinValue / 2 - 2;

        private readonly TableData _heldOut;
        private readonly TableEncoding _encoding;
        private readonly GenerationConditions _conditions;
        private readonly int _latentDimension;
        private readonly OutputActivation _activation;
        private readonly int _seed;
        private readonly torch.Device _device;

        // device: the training device, where the generation network being scored lives.
        public TableValidation(TableData heldOut, TableEncoding encoding, GenerationConditions conditions, int latentDimension,
            OutputActivation activation, int seed, torch.Device device)
        {
            _heldOut = heldOut;
            _encoding = encoding;
            _conditions = conditions;
            _latentDimension = latentDimension;
            _activation = activation;
            _seed = seed;
            _device = device;
        }

        /// <summary>
        /// The table split into rows to train on and a held-out share (at least one row each), drawn from the seed.
        /// Categorical columns keep all their categories on both sides.
        /// </summary>
        public static (TableData Train, TableData HeldOut) Split(TableData table, double fraction, int seed)
        {
            if (!(fraction > 0 && fraction < 1))
                throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The held-out share must be between 0 and 1.");
            int heldOut = Math.Clamp((int)Math.Round(table.Rows * fraction), 1, table.Rows - 1);
            var order = Enumerable.Range(0, table.Rows).ToArray();
            SeedStreams.Random(seed, SplitStream).Shuffle(order);
            var held = order[..heldOut];
            var train = order[heldOut..];
            Array.Sort(held);
            Array.Sort(train);
            return (Subset(table, train), Subset(table, held));
        }

        public int Rows => _heldOut.Rows;

        /// <summary>The quality score (higher is better) of what <paramref name="generation"/> generates against the held-out rows.</summary>
        public double Score(Sequential generation, MinibatchSource data)
        {
            bool training = generation.training;
            using var rng = new torch.Generator(SeedStreams.Derive(_seed, ScoreStream), torch.CPU);
            try
            {
                BatchNormStatistics.Recompute(generation, _latentDimension, data.SampleConditions, _seed, _device);
                generation.eval();
                float[] values;
                using (var scope = torch.NewDisposeScope())
                using (torch.no_grad())
                {
                    var input = torch.randn(Rows, _latentDimension, generator: rng);
                    if (_conditions.Columns.Count > 0)
                        input = torch.cat(new[] { input, _conditions.SampleByFrequency(Rows, rng) }, 1);
                    values = _activation.Sample(generation.forward(input.On(_device)), rng).cpu().contiguous().data<float>().ToArray();
                }
                return TableSimilarity.Compare(_heldOut, _encoding.Decode(values, Rows)).Quality.Overall;
            }
            finally
            {
                if (training)
                    generation.train();
            }
        }

        private static TableData Subset(TableData table, int[] rows) =>
            new(rows.Length, table.Columns.Select(c => Subset(c, rows)).ToList());

        private static TableColumnData Subset(TableColumnData column, int[] rows) => column switch
        {
            ContinuousColumnData c => new ContinuousColumnData(c.Column, Array.ConvertAll(rows, r => c.Values[r])),
            CategoricalColumnData c => new CategoricalColumnData(c.Column, Array.ConvertAll(rows, r => c.Codes[r]), c.Categories),
            _ => throw new ArgumentException($"Column '{column.Column.Name}' is of an unknown kind.", nameof(column)),
        };
    }
}
