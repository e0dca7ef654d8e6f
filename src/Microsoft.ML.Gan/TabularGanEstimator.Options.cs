using System;
using System.Collections.Generic;
using Microsoft.ML.Gan.Tabular;
using static Microsoft.ML.Gan.OptionChecks;

namespace Microsoft.ML.Gan
{
    public sealed partial class TabularGanEstimator
    {
        /// <summary>
        /// Options of <see cref="TabularGanEstimator"/>: its columns, encoding, networks and best-epoch selection here, the
        /// training options in <see cref="GanOptionsBase"/>. Defaults follow CTGAN (Xu et al. 2019): 300 epochs, batch 500,
        /// packing 10, Adam 2e-4 with betas (0.5, 0.9), Wasserstein loss with gradient penalty 10, residual
        /// generator [256, 256], critic [256, 256] with dropout 0.5, Gumbel-softmax temperature 0.2, 10 modes.
        /// The remedies CTGAN does not use (R1 penalty, label smoothing, instance noise, unrolling, clipping,
        /// learning-rate decay, minibatch standard deviation) are off by default.
        /// </summary>
        public sealed class Options : GanOptionsBase
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
            /// benchmarks use and keeps a column's encoding within 4 KB a row. The <see cref="LabelColumnName"/> column is never grouped.
            /// </summary>
            public int? MaxCategories = CategoryGrouping.DefaultMaxCategories;

            /// <summary>Dropout after each critic hidden layer (CTGAN: 0.5; 0 = off). Masks are drawn from a seeded generator.</summary>
            public float DiscriminatorDropout = 0.5f;

            /// <summary>Gumbel-softmax temperature of the generator's categorical outputs during training.</summary>
            public float GumbelTemperature = 0.2f;

            /// <summary>
            /// Share of the training rows held out to keep the best epoch's generator (0 = off: the last epoch's is kept).
            /// Every <see cref="ValidationInterval"/> epochs the generator (its moving average when
            /// <see cref="GanOptionsBase.GeneratorEmaDecay"/> is on) generates as many rows as were held out and is scored against them
            /// with the overall table quality score (<see cref="TableMetrics.Quality"/>: the mean of column shapes and
            /// column pair trends); the best-scoring one is kept. At most 0.5; the rest must still fill a minibatch. A table
            /// streamed because it is larger than <see cref="GanOptionsBase.MemoryBudgetBytes"/> holds out each row with
            /// this probability by a seeded hash of its position, and scores against a sample of them.
            /// </summary>
            public double ValidationFraction;

            /// <summary>Epochs between validation scores (the last epoch is always scored).</summary>
            public int ValidationInterval = 10;

            /// <summary>Validation scores in a row without a new best before training stops early; 0 trains all <see cref="GanOptionsBase.Epochs"/>.</summary>
            public int EarlyStoppingPatience = 5;

            /// <summary>False: score the held-out rows but keep the last epoch's generator (to measure what the selection gains).</summary>
            internal bool KeepBestEpoch = true;

            /// <summary>CTGAN's defaults where they differ from the image GAN's (see <see cref="GanOptionsBase"/>).</summary>
            public Options()
            {
                LatentDimension = 128;
                Epochs = 300;
                BatchSize = null;
                Loss = GanLoss.Wasserstein;
                Beta2 = 0.9f;
                GradientPenaltyWeight = 10f;
                R1PenaltyWeight = 0f;
                Packing = null;
            }

            /// <summary>A copy that shares nothing mutable with this one (see <see cref="GanOptionsBase"/>): the constraint list too.</summary>
            internal new Options Clone() => (Options)base.Clone();

            private protected override void CopyOwnMutableFields()
            {
                Columns = (string[]?)Columns?.Clone();
                CategoricalColumns = (string[]?)CategoricalColumns?.Clone();
                // A list of its own: the caller adding a constraint after the estimator is made changes nothing.
                Constraints = Constraints is null ? null! : new List<TableConstraint>(Constraints);
            }

            private protected override void ValidateDataOptions()
            {
                if (LabelColumnName is not null)
                    RequireName(LabelColumnName, nameof(LabelColumnName));
                if (!Enum.IsDefined(NumericEncoding))
                    throw new ArgumentOutOfRangeException(nameof(NumericEncoding), NumericEncoding, $"{nameof(NumericEncoding)} must be one of {string.Join(", ", Enum.GetNames<NumericEncoding>())}; it was {NumericEncoding}.");
                RequireRange(MaxModes, 1, 100, nameof(MaxModes));
                if (MaxCategories is int maxCategories)
                    RequireRange(maxCategories, 2, 1 << 24, nameof(MaxCategories));
            }

            /// <summary>A table GAN needs a critic: the generator's conditional loss and the encoding are trained against one.</summary>
            private protected override void ValidateLoss()
            {
                if (Loss == GanLoss.Mmd)
                    throw new ArgumentOutOfRangeException(nameof(Loss), Loss, "A tabular GAN needs a critic; use Wasserstein, NonSaturating or Hinge.");
            }

            private protected override void ValidateTrainingOptions()
            {
                RequireRange(DiscriminatorDropout, 0, 1, nameof(DiscriminatorDropout), upperOpen: true);
                if (!(GumbelTemperature > 0) || !float.IsFinite(GumbelTemperature))
                    throw new ArgumentOutOfRangeException(nameof(GumbelTemperature), GumbelTemperature, $"{nameof(GumbelTemperature)} must be positive and finite; it was {GumbelTemperature}.");
                if (!(ValidationFraction >= 0 && ValidationFraction <= 0.5))
                    throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, $"{nameof(ValidationFraction)} must be in [0, 0.5] (0 = off); it was {ValidationFraction}.");
                RequireRange(ValidationInterval, 1, int.MaxValue, nameof(ValidationInterval));
                if (Privacy is not null && Constraints is { Count: > 0 })
                    throw new ArgumentException($"{nameof(Privacy)} is set: {nameof(Constraints)} are fitted and checked on the rows themselves (ranges, combinations seen), outside the privacy accountant; remove them.", nameof(Constraints));
                if (Privacy is not null && ValidationFraction > 0)
                    throw new ArgumentException($"{nameof(Privacy)} is set: {nameof(ValidationFraction)} ({ValidationFraction}) would pick the generator by a score on held-out training rows, which is not private; set it to 0.", nameof(ValidationFraction));
                RequireRange(EarlyStoppingPatience, 0, int.MaxValue, nameof(EarlyStoppingPatience));
            }
        }
    }
}
