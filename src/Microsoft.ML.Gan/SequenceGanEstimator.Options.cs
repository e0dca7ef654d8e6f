using System;
using System.Linq;
using Microsoft.ML.Gan.Networks.Sequence;
using static Microsoft.ML.Gan.OptionChecks;

namespace Microsoft.ML.Gan
{
    public sealed partial class SequenceGanEstimator
    {
        /// <summary>
        /// Options of <see cref="SequenceGanEstimator"/>: the long-format columns and the windows here, the training options
        /// in <see cref="GanOptionsBase"/> (with defaults for recurrent networks; each is named below). The hidden layer
        /// widths are the widths of stacked GRU layers; <see cref="GanOptionsBase.LatentDimension"/> is the noise per step.
        /// </summary>
        public sealed class Options : GanOptionsBase
        {
            /// <summary>
            /// The columns of one step, generated in the same types; at least one. A number (scalar Single or Double) is
            /// min-max scaled, and when it has missing values (NaN) they are learnt with a missing flag beside it, so that
            /// whether a value is missing keeps its relation to the rest; a category (text or Boolean) is learnt as one of
            /// the values seen in training, empty text (missing) among them.
            /// </summary>
            public string[] FeatureColumnNames = Array.Empty<string>();

            /// <summary>
            /// Static attributes: columns with one value per sequence (numbers or categories, as features; checked to be
            /// the same on every row of a sequence). The model generates them first and makes each sequence's steps with
            /// its attributes, so <see cref="SequenceGanTransformer.Generate(IDataView, int?)"/> can generate sequences for
            /// given attributes; every generated row carries its sequence's. Needs <see cref="SequenceIdColumnName"/>.
            /// </summary>
            public string[] AttributeColumnNames = Array.Empty<string>();

            /// <summary>
            /// The column telling sequences apart (key, text, Boolean or number); a sequence is its rows in view order, and
            /// sequences may interleave. Null: the whole view is one series.
            /// </summary>
            public string? SequenceIdColumnName;

            /// <summary>
            /// The column giving each step's place (a scalar number or DateTime), which must increase strictly within each
            /// sequence (the data is checked, not sorted). Null: row order.
            /// </summary>
            public string? OrderColumnName;

            /// <summary>
            /// Steps per training window: sliding windows of this length at stride 1 are cut from every sequence and trained
            /// on as samples in random order (the protocol of TimeGAN and the papers after it, which use 24). Every sequence
            /// must have at least this many rows; generated sequences have exactly this many.
            /// </summary>
            public int WindowLength = 24;

            /// <summary>
            /// False (the default): windows of <see cref="WindowLength"/> steps are the samples, the literature's protocol.
            /// True: each whole sequence is one sample, of any length from 1 to <see cref="MaxSequenceLength"/> (DoppelGANger's
            /// approach): shorter ones are padded, and the generator learns where a sequence ends with a present flag per
            /// step, so generated sequences vary in length as the real ones do. <see cref="WindowLength"/> is then unused.
            /// </summary>
            public bool WholeSequences;

            /// <summary>With <see cref="WholeSequences"/>: the most steps a sequence may have (a longer one is an error naming it); null: the longest in the training data.</summary>
            public int? MaxSequenceLength;

            /// <summary>The generated sequence-id column (Int64): a new id per generated sequence, its position in the seeded stream.</summary>
            public string OutputSequenceIdColumnName = "SequenceId";

            /// <summary>The generated step column (Int32): 0, 1, … within each sequence.</summary>
            public string OutputStepColumnName = "Step";

            /// <summary>
            /// The sequence GAN's defaults where they differ from the base's: 200 epochs, batches of 128 windows, the
            /// <see cref="GanLoss.Mmd"/> loss (see the remarks), Adam at 5e-4 with betas 0.5 and 0.999, GRU layers of 64 and
            /// 64 units in both networks (the critic's are used only with an adversarial loss), no R1 penalty, and
            /// WGAN-GP's weight 10 (the paper's) should <see cref="GanLoss.Wasserstein"/> be chosen.
            /// </summary>
            /// <remarks>
            /// The loss: the generator is trained to match whole windows (flattened, step by step) to real ones in maximum
            /// mean discrepancy, with no critic. On the literature's benchmarks this scores far better than the GRU critic
            /// with the cross-entropy (TimeGAN's adversarial loss), at a third of the time per epoch (docs/BENCHMARKS.md,
            /// "Sequences: the default loss").
            /// The adversarial losses stay available; the gradient penalties (WGAN-GP, R1) differentiate the recurrent
            /// critic's gradient again, a second backward pass through the recurrence that costs about as much as the step
            /// itself and that cuDNN's fused GRU does not provide on a GPU.
            /// </remarks>
            public Options()
            {
                Epochs = 200;
                BatchSize = AutomaticBatchSize;
                Loss = GanLoss.Mmd;
                GeneratorLearningRate = 5e-4f;
                DiscriminatorLearningRate = 5e-4f;
                Beta2 = 0.999f;
                GradientPenaltyWeight = 10f;
                R1PenaltyWeight = 0f;
                Packing = 1;
                GeneratorHiddenLayers = new[] { 64, 64 };
                DiscriminatorHiddenLayers = new[] { 64, 64 };
            }

            /// <summary>Windows per minibatch when <see cref="GanOptionsBase.BatchSize"/> is null, and its default (TimeGAN's).</summary>
            internal const int AutomaticBatchSize = 128;

            /// <summary>A copy that shares nothing mutable with this one (see <see cref="GanOptionsBase"/>).</summary>
            internal new Options Clone() => (Options)base.Clone();

            private protected override void CopyOwnMutableFields()
            {
                FeatureColumnNames = (string[])FeatureColumnNames?.Clone()!;
                AttributeColumnNames = (string[])AttributeColumnNames?.Clone()!;
            }

            /// <summary>Noise values per step for <paramref name="features"/> values per step: the option, or the features clamped to [2, 128].</summary>
            internal int ResolveNoisePerStep(int features) => ResolveLatentDimension(features);

            private protected override void ValidateDataOptions()
            {
                if (FeatureColumnNames is null || FeatureColumnNames.Length == 0)
                    throw new ArgumentException($"{nameof(FeatureColumnNames)} must name at least one column.", nameof(FeatureColumnNames));
                if (AttributeColumnNames is null)
                    throw new ArgumentNullException(nameof(AttributeColumnNames), $"{nameof(AttributeColumnNames)} must not be null; leave it empty for none.");
                foreach (string name in AttributeColumnNames)
                    RequireName(name, nameof(AttributeColumnNames));
                var values = FeatureColumnNames.Concat(AttributeColumnNames).ToArray();
                if (values.Distinct(StringComparer.Ordinal).Count() != values.Length)
                    throw new ArgumentException($"{nameof(FeatureColumnNames)} and {nameof(AttributeColumnNames)} name a column twice: {string.Join(", ", values)}.", nameof(AttributeColumnNames));
                if (AttributeColumnNames.Length > 0 && SequenceIdColumnName is null)
                    throw new ArgumentException($"{nameof(AttributeColumnNames)} needs {nameof(SequenceIdColumnName)}: attributes have one value per sequence, " +
                        "and without a sequence id the whole view is one sequence.", nameof(AttributeColumnNames));
                RequireRange(AttributeColumnNames.Length, 0, SequenceNetworkSpec.MaxStepFeatures, nameof(AttributeColumnNames) + ".Length");
                foreach (string name in FeatureColumnNames)
                    RequireName(name, nameof(FeatureColumnNames));
                if (FeatureColumnNames.Distinct(StringComparer.Ordinal).Count() != FeatureColumnNames.Length)
                    throw new ArgumentException($"{nameof(FeatureColumnNames)} names a column twice: {string.Join(", ", FeatureColumnNames)}.", nameof(FeatureColumnNames));
                RequireRange(FeatureColumnNames.Length, 1, SequenceNetworkSpec.MaxStepFeatures, nameof(FeatureColumnNames) + ".Length");
                if (SequenceIdColumnName is not null)
                    RequireName(SequenceIdColumnName, nameof(SequenceIdColumnName));
                if (OrderColumnName is not null)
                    RequireName(OrderColumnName, nameof(OrderColumnName));
                foreach (var (name, option) in new[] { (SequenceIdColumnName, nameof(SequenceIdColumnName)), (OrderColumnName, nameof(OrderColumnName)) })
                {
                    if (name is not null && FeatureColumnNames.Contains(name))
                        throw new ArgumentException($"{option} '{name}' is also one of the {nameof(FeatureColumnNames)}.", option);
                    if (name is not null && AttributeColumnNames.Contains(name))
                        throw new ArgumentException($"{option} '{name}' is also one of the {nameof(AttributeColumnNames)}.", option);
                }
                if (SequenceIdColumnName is not null && SequenceIdColumnName == OrderColumnName)
                    throw new ArgumentException($"{nameof(SequenceIdColumnName)} and {nameof(OrderColumnName)} are both '{OrderColumnName}'.", nameof(OrderColumnName));
                RequireRange(WindowLength, 2, SequenceNetworkSpec.MaxLength, nameof(WindowLength));
                if (MaxSequenceLength is int most)
                {
                    if (!WholeSequences)
                        throw new ArgumentException($"{nameof(MaxSequenceLength)} applies to {nameof(WholeSequences)}; windows have {nameof(WindowLength)} steps.", nameof(MaxSequenceLength));
                    RequireRange(most, 1, SequenceNetworkSpec.MaxLength, nameof(MaxSequenceLength));
                }
                RequireName(OutputSequenceIdColumnName, nameof(OutputSequenceIdColumnName));
                RequireName(OutputStepColumnName, nameof(OutputStepColumnName));
                var outputs = new[] { OutputSequenceIdColumnName, OutputStepColumnName }.Concat(values).ToArray();
                if (outputs.Distinct(StringComparer.Ordinal).Count() != outputs.Length)
                    throw new ArgumentException(
                        $"{nameof(OutputSequenceIdColumnName)} '{OutputSequenceIdColumnName}' and {nameof(OutputStepColumnName)} '{OutputStepColumnName}' " +
                        "must differ from each other and from the feature and attribute columns, which the output also has.", nameof(OutputSequenceIdColumnName));
            }

            private protected override void ValidateTrainingOptions()
            {
                // A row of a series is in up to WindowLength overlapping windows, so it is not one example of DP-SGD, and
                // per-example clipping covers linear critics only (docs/ARCHITECTURE.md, "Per-example clipping").
                if (Privacy is not null)
                    throw new ArgumentException($"{nameof(Privacy)} is not supported for sequences yet: each row is in up to {nameof(WindowLength)} " +
                        "overlapping windows, so a row's influence is not one clipped example, and the recurrent critic has no per-example clipping.", nameof(Privacy));
                if (LatentDimension is int noise)
                    RequireRange(noise, 1, SequenceNetworkSpec.MaxNoisePerStep, nameof(LatentDimension));
                if (!WholeSequences || MaxSequenceLength is not null)
                    CheckLatent(WholeSequences ? MaxSequenceLength!.Value : WindowLength);
            }

            /// <summary>The noise per row for samples of <paramref name="length"/> steps must stay within the networks' limit (whole sequences check it again once the longest is known).</summary>
            internal void CheckLatent(int length)
            {
                long latent = (long)(length + 1 + (AttributeColumnNames.Length > 0 ? 1 : 0)) * ResolveNoisePerStep(FeatureColumnNames.Length);
                if (latent > 1 << 16)
                    throw new ArgumentOutOfRangeException(nameof(LatentDimension), LatentDimension,
                        $"{nameof(LatentDimension)} (noise per step) times the steps + {(AttributeColumnNames.Length > 0 ? 2 : 1)} must be at most {1 << 16}; " +
                        $"it is {latent} for {length} steps.");
            }
        }
    }
}
