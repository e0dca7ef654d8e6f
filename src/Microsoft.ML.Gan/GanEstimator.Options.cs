using System;
using Microsoft.ML.Gan.Training;
using static Microsoft.ML.Gan.OptionChecks;

namespace Microsoft.ML.Gan
{
    public sealed partial class GanEstimator
    {
        /// <summary>
        /// Options of <see cref="GanEstimator"/>: its columns and networks here, the training options in
        /// <see cref="GanOptionsBase"/>. Defaults follow DCGAN practice (Adam 2e-4, beta1 0.5).
        /// </summary>
        public sealed class Options : GanOptionsBase
        {
            /// <summary>The training data: a known-size vector of <see cref="float"/>.</summary>
            public string FeatureColumnName = "Features";

            /// <summary>The generated column, same size and units as the features.</summary>
            public string OutputColumnName = "Generated";

            /// <summary>
            /// When set, the GAN is conditional on this column (key, text, Boolean or number; class values are kept):
            /// the generator makes samples of a requested class and the discriminator judges (sample, class) pairs.
            /// </summary>
            public string? LabelColumnName;

            /// <summary>
            /// The networks: <see cref="GanArchitecture.Auto"/> (the default) picks DCGAN when the features have an
            /// image shape (the column's dimensions, such as ExtractPixels' Vector&lt;Single, C, H, W&gt;, or
            /// <see cref="ImageHeight"/> and <see cref="ImageWidth"/>), MLPs otherwise.
            /// </summary>
            public GanArchitecture Architecture = GanArchitecture.Auto;

            /// <summary>Image height, for feature vectors without dimensions; must agree with the column's dimensions when it has them.</summary>
            public int? ImageHeight;

            /// <summary>Image width, for feature vectors without dimensions; must agree with the column's dimensions when it has them.</summary>
            public int? ImageWidth;

            /// <summary>Image channels (1 gray, 3 colour); with height and width given and this null, the vector size decides.</summary>
            public int? ImageChannels;

            /// <summary>DCGAN width: feature maps of the generator's last hidden layer (each earlier layer doubles it). Radford et al. use 64 or 128.</summary>
            public int GeneratorFeatureMaps = 64;

            /// <summary>DCGAN width: feature maps of the discriminator's first layer (each later layer doubles it).</summary>
            public int DiscriminatorFeatureMaps = 64;

            /// <summary>
            /// An input column of latent vectors (known-size vector of float, size <see cref="GanOptionsBase.LatentDimension"/>).
            /// When <see cref="GanTransformer.Transform"/> finds it, each row's sample is generated from it;
            /// otherwise noise is drawn from the seed and the row's position.
            /// </summary>
            public string LatentColumnName = "Latent";

            /// <summary>Kernel bandwidths of <see cref="GanLoss.Mmd"/>, in standardised feature units.</summary>
            public double[] MmdBandwidths = (double[])MmdLoss.DefaultBandwidths.Clone();

            /// <summary>The GAN's defaults where they differ from a table GAN's (see <see cref="GanOptionsBase"/>).</summary>
            public Options()
            {
                Epochs = 100;
                BatchSize = AutomaticBatchSize;
                Loss = GanLoss.NonSaturating;
                Beta2 = 0.999f;
                GradientPenaltyWeight = 1f;
                Packing = 1;
            }

            /// <summary>The minibatch size when <see cref="GanOptionsBase.BatchSize"/> is null, and its default: DCGAN practice.</summary>
            internal const int AutomaticBatchSize = 64;

            /// <summary>A copy that shares nothing mutable with this one (see <see cref="GanOptionsBase"/>).</summary>
            internal new Options Clone() => (Options)base.Clone();

            private protected override void CopyOwnMutableFields() => MmdBandwidths = (double[])MmdBandwidths?.Clone()!;

            /// <summary>The columns, the architecture, the image shape and the latent column, in the order they are declared above.</summary>
            private protected override void ValidateDataOptions()
            {
                RequireName(FeatureColumnName, nameof(FeatureColumnName));
                RequireName(OutputColumnName, nameof(OutputColumnName));
                if (LabelColumnName is not null)
                    RequireName(LabelColumnName, nameof(LabelColumnName));
                if (LabelColumnName is not null && (LabelColumnName == FeatureColumnName || LabelColumnName == OutputColumnName || LabelColumnName == LatentColumnName))
                    throw new ArgumentException($"{nameof(LabelColumnName)} '{LabelColumnName}' must differ from the feature, output and latent column names.", nameof(LabelColumnName));
                if (!Enum.IsDefined(Architecture))
                    throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, $"{nameof(Architecture)} must be one of {string.Join(", ", Enum.GetNames<GanArchitecture>())}; it was {(int)Architecture}.");
                if (ImageHeight is int h)
                    RequireRange(h, 1, 1 << 14, nameof(ImageHeight));
                if (ImageWidth is int w)
                    RequireRange(w, 1, 1 << 14, nameof(ImageWidth));
                if (ImageChannels is int c)
                    RequireRange(c, 1, 64, nameof(ImageChannels));
                if ((ImageHeight is null) != (ImageWidth is null) || (ImageChannels is not null && ImageHeight is null))
                    throw new ArgumentException($"{nameof(ImageHeight)} and {nameof(ImageWidth)} go together (and {nameof(ImageChannels)} needs both); " +
                        $"they were {ImageHeight?.ToString() ?? "null"}, {ImageWidth?.ToString() ?? "null"} and {ImageChannels?.ToString() ?? "null"}.", nameof(ImageHeight));
                RequireRange(GeneratorFeatureMaps, 1, 4096, nameof(GeneratorFeatureMaps));
                RequireRange(DiscriminatorFeatureMaps, 1, 4096, nameof(DiscriminatorFeatureMaps));
                RequireName(LatentColumnName, nameof(LatentColumnName));
                if (LatentColumnName == FeatureColumnName)
                    throw new ArgumentException(
                        $"{nameof(LatentColumnName)} must differ from {nameof(FeatureColumnName)}; both are '{FeatureColumnName}'.",
                        nameof(LatentColumnName));
                if (LatentColumnName == OutputColumnName)
                    throw new ArgumentException(
                        $"{nameof(LatentColumnName)} must differ from {nameof(OutputColumnName)}; both are '{OutputColumnName}'.",
                        nameof(LatentColumnName));
            }

            private protected override void ValidateTrainingOptions()
            {
                if (Privacy is not null && Architecture == GanArchitecture.Dcgan)
                    throw new ArgumentException($"{nameof(Privacy)} is set: the DCGAN critic's batch norm mixes the rows of a minibatch, so one row's gradient is not its own; use {nameof(GanArchitecture)}.{nameof(GanArchitecture.Mlp)}.", nameof(Architecture));
                if (MmdBandwidths is null || MmdBandwidths.Length == 0 || Array.Exists(MmdBandwidths, h => !(h > 0) || double.IsInfinity(h)))
                    throw new ArgumentException($"{nameof(MmdBandwidths)} must list at least one positive, finite bandwidth.", nameof(MmdBandwidths));
            }

            private protected override System.Collections.Generic.IReadOnlyList<double> TrainingMmdBandwidths => MmdBandwidths;
        }
    }
}
