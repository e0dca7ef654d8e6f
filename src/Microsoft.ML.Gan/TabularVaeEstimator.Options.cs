using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.ML.Gan.Tabular;
using static Microsoft.ML.Gan.OptionChecks;

namespace Microsoft.ML.Gan
{
    public sealed partial class TabularVaeEstimator
    {
        /// <summary>
        /// Options of <see cref="TabularVaeEstimator"/>. Defaults follow TVAE (Xu et al. 2019; CTGAN's reference code):
        /// encoder and decoder hidden layers [128, 128], latent size 128, 300 epochs, batch 500, Adam 1e-3 with weight
        /// decay 1e-5, reconstruction weight 2. The column, encoding, constraint and resource options mean what they mean
        /// for <see cref="TabularGanEstimator.Options"/>; a VAE has no adversarial game, so the GAN's training options
        /// (<see cref="GanOptionsBase"/>) do not apply.
        /// </summary>
        public sealed class Options
        {
            /// <summary>Columns to learn, in this order; null or empty learns every visible column.</summary>
            public string[]? Columns;

            /// <summary>Numeric columns to treat as categorical (text, Boolean and key columns always are).</summary>
            public string[]? CategoricalColumns;

            /// <summary>
            /// Rules every generated row honours, as for <see cref="TabularGanEstimator.Options.Constraints"/>: an order
            /// between two continuous columns, a fixed range, categorical combinations seen in training. The training table
            /// must honour them. See <see cref="TableConstraint"/>.
            /// </summary>
            public List<TableConstraint> Constraints = new();

            /// <summary>How continuous columns are presented to the networks: normal scores through each column's quantiles (the default) or CTGAN's modes.</summary>
            public NumericEncoding NumericEncoding = NumericEncoding.NormalScores;

            /// <summary>Most Gaussian modes per continuous column with <see cref="NumericEncoding.ModeSpecific"/>; unused modes are pruned.</summary>
            public int MaxModes = TableEncoding.DefaultMaxModes;

            /// <summary>
            /// Most categories a categorical column is learned with one by one (at least 2; null learns every category, however
            /// many). A column with more keeps its MaxCategories − 1 most frequent categories (among equal counts the one that
            /// sorts first) and learns the others as one "other" category, so that its encoding, condition vector and sampler
            /// are MaxCategories wide instead of as wide as its categories; a generated "other" becomes one of those categories,
            /// drawn by their training frequencies with the row's own seeded draw, and a condition on one of them
            /// (<see cref="TableCondition.Equal"/>) gives rows with exactly that value. Training logs each grouped column with
            /// the categories kept and grouped and the share of rows grouped. The default, 1,000, groups none of the tables the
            /// benchmarks use and keeps a column's encoding within 4 KB a row.
            /// </summary>
            public int? MaxCategories = CategoryGrouping.DefaultMaxCategories;

            /// <summary>Size of the latent vector z (TVAE's embedding dimension).</summary>
            public int LatentDimension = 128;

            /// <summary>Widths of the encoder's hidden layers (ReLU).</summary>
            public int[] EncoderHiddenLayers = { 128, 128 };

            /// <summary>Widths of the decoder's hidden layers (ReLU); the decoder is the model's generator.</summary>
            public int[] DecoderHiddenLayers = { 128, 128 };

            /// <summary>Epochs: one pass over the table each, or as many passes as make 20 steps with the automatic <see cref="BatchSize"/>.</summary>
            public int Epochs = 300;

            /// <summary>
            /// Rows per minibatch; a smaller table is one minibatch. Every row is visited once an epoch (the last minibatch may
            /// be smaller). Null (the default) chooses it as TabularGan does: TVAE's 500 for tables of 10,000 rows or more,
            /// rows / 20 (at least 100) below, and an epoch of at least 20 steps (more than one pass over a small table).
            /// </summary>
            public int? BatchSize;

            /// <summary>Adam's learning rate (betas 0.9 and 0.999, as TVAE).</summary>
            public float LearningRate = 1e-3f;

            /// <summary>Adam's L2 weight decay over both networks (TVAE's l2scale).</summary>
            public float WeightDecay = 1e-5f;

            /// <summary>
            /// Weight of the reconstruction term against the KL term in the loss (TVAE's loss_factor): above 1 favours rows
            /// that look like the training rows over a latent space that looks like the prior.
            /// </summary>
            public float ReconstructionWeight = 2f;

            /// <summary>Called after every epoch with its loss terms.</summary>
            public IProgress<VaeEpochMetrics>? Progress;

            /// <summary>
            /// Stops training at the next minibatch with <see cref="OperationCanceledException"/>. Training also honours
            /// ML.NET's own <c>MLContext.CancelExecution()</c>.
            /// </summary>
            public CancellationToken CancellationToken;

            /// <summary>
            /// Seed of everything training draws (mode fits, weights, row order, latent noise) and the default seed of
            /// generation. Null: drawn from the <see cref="MLContext"/>'s random source (repeatable when it has a seed).
            /// </summary>
            public int? Seed;

            /// <summary>
            /// What the table may take in memory during Fit (as read, plus rows x encoded width x 4 bytes); a larger table is
            /// refused with its size (a tabular VAE holds its table; TabularGan streams a table this large).
            /// </summary>
            public long MemoryBudgetBytes = 1L << 30;

            /// <summary>libtorch's intra-op threads during training, as <see cref="GanOptionsBase.Threads"/>; null: one thread, or libtorch's setting when OMP_NUM_THREADS is set.</summary>
            public int? Threads;

            /// <summary>Where training runs: "cpu" (the default) or "cuda", as <see cref="GanOptionsBase.Device"/>.</summary>
            public string Device = "cpu";

            /// <summary>A copy that shares nothing mutable with this one (arrays and the constraint list are copied).</summary>
            internal Options Clone()
            {
                var copy = (Options)MemberwiseClone();
                copy.Columns = (string[]?)Columns?.Clone();
                copy.CategoricalColumns = (string[]?)CategoricalColumns?.Clone();
                copy.Constraints = Constraints is null ? null! : new List<TableConstraint>(Constraints);
                copy.EncoderHiddenLayers = (int[])EncoderHiddenLayers?.Clone()!;
                copy.DecoderHiddenLayers = (int[])DecoderHiddenLayers?.Clone()!;
                return copy;
            }

            /// <summary>Checks every option, each with its name, allowed range and value.</summary>
            internal void Validate()
            {
                if (!Enum.IsDefined(NumericEncoding))
                    throw new ArgumentOutOfRangeException(nameof(NumericEncoding), NumericEncoding, $"{nameof(NumericEncoding)} must be one of {string.Join(", ", Enum.GetNames<NumericEncoding>())}; it was {NumericEncoding}.");
                RequireRange(MaxModes, 1, 100, nameof(MaxModes));
                if (MaxCategories is int maxCategories)
                    RequireRange(maxCategories, 2, 1 << 24, nameof(MaxCategories));
                RequireRange(LatentDimension, 1, 1 << 16, nameof(LatentDimension));
                RequireLayers(EncoderHiddenLayers, nameof(EncoderHiddenLayers));
                RequireLayers(DecoderHiddenLayers, nameof(DecoderHiddenLayers));
                RequireRange(Epochs, 1, 1_000_000, nameof(Epochs));
                if (BatchSize is int batch)
                    RequireRange(batch, 1, 1 << 20, nameof(BatchSize));
                RequireRangeExcludingMin(LearningRate, 0, 10, nameof(LearningRate));
                RequireRange(WeightDecay, 0, 1, nameof(WeightDecay), upperOpen: false);
                RequireRangeExcludingMin(ReconstructionWeight, 0, 1e6f, nameof(ReconstructionWeight));
                RequireMemoryBudget(MemoryBudgetBytes);
                if (Threads is int threads)
                    RequireRange(threads, 1, 1024, nameof(Threads));
                RequireDevice(Device);
            }

            /// <summary>The trainer's settings for these (validated) options.</summary>
            /// <summary>The trainer's settings for a table of <paramref name="rows"/> rows: the batch and the steps an epoch resolved.</summary>
            internal TvaeSettings ToSettings(int rows)
            {
                // A VAE has no critic to pack for: one row a pack.
                var (batch, _, minimumSteps) = TableBatchSize.Plan(rows, BatchSize, packing: 1);
                return new(Epochs, Math.Min(batch, rows), minimumSteps, LearningRate, WeightDecay, ReconstructionWeight, Progress);
            }
        }
    }
}
