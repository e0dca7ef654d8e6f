using System;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Training;
using static Microsoft.ML.Gan.OptionChecks;

namespace Microsoft.ML.Gan
{
    public sealed partial class TabularGanEstimator
    {
        /// <summary>
        /// Options of <see cref="TabularGanEstimator"/>. Defaults follow CTGAN (Xu et al. 2019): 300 epochs, batch 500,
        /// packing 10, Adam 2e-4 with betas (0.5, 0.9), Wasserstein loss with gradient penalty 10, residual
        /// generator [256, 256], critic [256, 256] with dropout 0.5, Gumbel-softmax temperature 0.2, 10 modes.
        /// </summary>
        public sealed class Options
        {
            /// <summary>Columns to learn, in this order; null or empty learns every visible column.</summary>
            public string[]? Columns;

            /// <summary>
            /// A categorical column the fitted model's <see cref="TabularGanTransformer.Transform"/> conditions on: when the
            /// input has it, each generated row takes the input row's value there (the generator is steered to it, and rows
            /// that miss it are generated again). Null (the default): Transform generates rows by the training frequencies.
            /// </summary>
            public string? LabelColumnName;

            /// <summary>Numeric columns to treat as categorical (text, Boolean and key columns always are).</summary>
            public string[]? CategoricalColumns;

            /// <summary>
            /// Rules every generated row honours, e.g. <c>Constraints = { TableConstraint.LessOrEqual("Start", "End") }</c>:
            /// an order between two continuous columns, a fixed range, categorical combinations seen in training. The
            /// training table must honour them (an error names the rows that do not). See <see cref="TableConstraint"/>.
            /// </summary>
            public System.Collections.Generic.List<TableConstraint> Constraints = new();

            /// <summary>Most Gaussian modes per continuous column (mode-specific normalisation); unused modes are pruned.</summary>
            public int MaxModes = TableEncoding.DefaultMaxModes;

            /// <summary>Size of the generator's noise vector (CTGAN's embedding dimension).</summary>
            public int LatentDimension = 128;

            /// <summary>Passes over the table; an epoch is rows / BatchSize minibatches.</summary>
            public int Epochs = 300;

            /// <summary>
            /// Rows per minibatch; the table must have at least this many rows. Rounded down to a multiple of <see cref="Packing"/>.
            /// Null (the default): CTGAN's 500 for tables of 10,000 rows or more; for smaller tables rows / 20 (at
            /// least 100, at most the rows), so that every epoch has about 20 generator steps.
            /// </summary>
            public int? BatchSize;

            /// <summary>Discriminator steps per generator step.</summary>
            public int DiscriminatorSteps = 1;

            /// <summary>PacGAN packing: the critic judges this many rows at once (1 = off).</summary>
            public int Packing = 10;

            /// <summary>The adversarial objective; CTGAN's is <see cref="GanLoss.Wasserstein"/> with a gradient penalty.</summary>
            public GanLoss Loss = GanLoss.Wasserstein;

            public float GeneratorLearningRate = 2e-4f;

            public float DiscriminatorLearningRate = 2e-4f;

            public float Beta1 = 0.5f;

            public float Beta2 = 0.9f;

            /// <summary>Weight of WGAN-GP's gradient penalty (Wasserstein loss only).</summary>
            public float GradientPenaltyWeight = 10f;

            /// <summary>Widths of the generator's residual blocks.</summary>
            public int[] GeneratorHiddenLayers = { 256, 256 };

            /// <summary>Widths of the critic's hidden layers (LeakyReLU 0.2).</summary>
            public int[] DiscriminatorHiddenLayers = { 256, 256 };

            /// <summary>Dropout after each critic hidden layer (CTGAN: 0.5; 0 = off). Masks are drawn from a seeded generator.</summary>
            public float DiscriminatorDropout = 0.5f;

            /// <summary>Gumbel-softmax temperature of the generator's categorical outputs during training.</summary>
            public float GumbelTemperature = 0.2f;

            /// <summary>Decay of the moving average of the generator's weights used for generation (0 = last weights), as in <see cref="GanEstimator.Options.GeneratorEmaDecay"/>.</summary>
            public float GeneratorEmaDecay = 0.999f;

            /// <summary>Seed of the mode fits, weights, sampling and noise, and the default generation seed. Null: drawn from the MLContext.</summary>
            public int? Seed;

            /// <summary>Called after every epoch with its metrics and a time-left estimate.</summary>
            public IProgress<GanProgress>? Progress;

            /// <summary>Stops training at the next minibatch with <see cref="OperationCanceledException"/>.</summary>
            public System.Threading.CancellationToken CancellationToken;

            /// <summary>Directory for checkpoints every <see cref="CheckpointInterval"/> epochs (see <see cref="GanEstimator.Options.CheckpointDirectory"/>).</summary>
            public string? CheckpointDirectory;

            public int CheckpointInterval = 10;

            /// <summary>How many checkpoints to keep, newest first (see <see cref="GanEstimator.Options.KeepCheckpoints"/>); 0 keeps all.</summary>
            public int KeepCheckpoints;

            /// <summary>
            /// A checkpoint file or directory (its newest intact checkpoint) to continue from. The networks, optimizers and
            /// every random generator (the trainer's, the Gumbel noise's and the dropout's) are restored, so a resumed run
            /// ends bit-identical with an uninterrupted one on the same machine and thread count.
            /// </summary>
            public string? ResumeFromCheckpoint;

            /// <summary>
            /// The most bytes the table may take in memory, as read and as encoded for training (rows x encoded width x 4,
            /// plus the columns as read). A larger table is refused with its size before training starts: sample rows
            /// first, or raise the budget. Default 1 GiB.
            /// </summary>
            public long MemoryBudgetBytes = 1L << 30;

            /// <summary>A copy that shares nothing mutable with this one: what an estimator keeps.</summary>
            internal Options Clone()
            {
                var copy = (Options)MemberwiseClone();
                copy.Columns = (string[]?)Columns?.Clone();
                copy.CategoricalColumns = (string[]?)CategoricalColumns?.Clone();
                copy.GeneratorHiddenLayers = (int[])GeneratorHiddenLayers?.Clone()!;
                copy.DiscriminatorHiddenLayers = (int[])DiscriminatorHiddenLayers?.Clone()!;
                return copy;
            }

            /// <summary>
            /// Share of the training rows held out to keep the best epoch's generator (0 = off: the last epoch's is kept).
            /// Every <see cref="ValidationInterval"/> epochs the generator (its moving average when
            /// <see cref="GeneratorEmaDecay"/> is on) generates as many rows as were held out and is scored against them
            /// with the overall table quality score (<see cref="TableMetrics.Quality"/>: the mean of column shapes and
            /// column pair trends); the best-scoring one is kept. At most 0.5; the rest must still fill a minibatch.
            /// </summary>
            public double ValidationFraction;

            /// <summary>Epochs between validation scores (the last epoch is always scored).</summary>
            public int ValidationInterval = 10;

            /// <summary>Validation scores in a row without a new best before training stops early; 0 trains all <see cref="Epochs"/>.</summary>
            public int EarlyStoppingPatience = 5;

            /// <summary>False: score the held-out rows but keep the last epoch's generator (to measure what the selection gains).</summary>
            internal bool KeepBestEpoch = true;

            /// <summary>Checks every option, in the order they are declared above.</summary>
            internal void Validate()
            {
                RequireRange(MaxModes, 1, 100, nameof(MaxModes));
                RequireRange(LatentDimension, 1, 1 << 16, nameof(LatentDimension));
                RequireRange(Epochs, 1, 1_000_000, nameof(Epochs));
                if (BatchSize is int batchSize)
                    RequireRange(batchSize, 1, 1 << 20, nameof(BatchSize));
                RequireRange(DiscriminatorSteps, 1, 100, nameof(DiscriminatorSteps));
                RequireRange(Packing, 1, 64, nameof(Packing));
                if (BatchSize < Packing)
                    throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"{nameof(BatchSize)} must be at least {nameof(Packing)} ({Packing}); it was {BatchSize}.");
                if (!Enum.IsDefined(Loss))
                    throw new ArgumentOutOfRangeException(nameof(Loss), Loss, $"{nameof(Loss)} must be one of {string.Join(", ", Enum.GetNames<GanLoss>())}; it was {(int)Loss}.");
                if (Loss == GanLoss.Mmd)
                    throw new ArgumentOutOfRangeException(nameof(Loss), Loss, "A tabular GAN needs a critic; use Wasserstein, NonSaturating or Hinge.");
                RequireRangeExcludingMin(GeneratorLearningRate, 0, 10, nameof(GeneratorLearningRate));
                RequireRangeExcludingMin(DiscriminatorLearningRate, 0, 10, nameof(DiscriminatorLearningRate));
                RequireRange(Beta1, 0, 1, nameof(Beta1), upperOpen: true);
                RequireRange(Beta2, 0, 1, nameof(Beta2), upperOpen: true);
                RequireRange(GradientPenaltyWeight, 0, 1e6f, nameof(GradientPenaltyWeight), upperOpen: false);
                RequireLayers(GeneratorHiddenLayers, nameof(GeneratorHiddenLayers));
                RequireLayers(DiscriminatorHiddenLayers, nameof(DiscriminatorHiddenLayers));
                RequireRange(DiscriminatorDropout, 0, 1, nameof(DiscriminatorDropout), upperOpen: true);
                if (!(GumbelTemperature > 0) || !float.IsFinite(GumbelTemperature))
                    throw new ArgumentOutOfRangeException(nameof(GumbelTemperature), GumbelTemperature, $"{nameof(GumbelTemperature)} must be positive and finite; it was {GumbelTemperature}.");
                RequireRange(GeneratorEmaDecay, 0, 1, nameof(GeneratorEmaDecay), upperOpen: true);
                RequireCheckpoints(CheckpointDirectory, CheckpointInterval, KeepCheckpoints, ResumeFromCheckpoint);
                RequireMemoryBudget(MemoryBudgetBytes);
                if (!(ValidationFraction >= 0 && ValidationFraction <= 0.5))
                    throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, $"{nameof(ValidationFraction)} must be in [0, 0.5] (0 = off); it was {ValidationFraction}.");
                RequireRange(ValidationInterval, 1, int.MaxValue, nameof(ValidationInterval));
                RequireRange(EarlyStoppingPatience, 0, int.MaxValue, nameof(EarlyStoppingPatience));
            }

            /// <summary>
            /// The trainer's settings for these (validated) options. The remedies a table GAN does not offer are off, and
            /// the MMD bandwidths (unused: a table GAN has a critic) are the defaults, as checkpoints have always recorded them.
            /// </summary>
            internal TrainerSettings ToTrainerSettings(int batchSize) => new()
            {
                Loss = Loss,
                Epochs = Epochs,
                BatchSize = batchSize,
                DiscriminatorSteps = DiscriminatorSteps,
                GeneratorHiddenLayers = (int[])GeneratorHiddenLayers.Clone(),
                DiscriminatorHiddenLayers = (int[])DiscriminatorHiddenLayers.Clone(),
                Optimizer = new(GeneratorLearningRate, DiscriminatorLearningRate, Beta1, Beta2, LearningRateDecay: 1, GradientClipNorm: 0),
                Remedies = new(GradientPenaltyWeight, Packing, MinibatchStdDev: false, LabelSmoothing: 0, InstanceNoise: 0, GeneratorEmaDecay,
                    (double[])MmdLoss.DefaultBandwidths.Clone()),
                Checkpoints = new(CheckpointDirectory, CheckpointInterval, KeepCheckpoints),
                Progress = Progress,
                CancellationToken = CancellationToken,
            };
        }
    }
}
