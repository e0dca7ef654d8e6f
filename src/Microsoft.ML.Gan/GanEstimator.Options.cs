using System;
using static Microsoft.ML.Gan.OptionChecks;

namespace Microsoft.ML.Gan
{
    public sealed partial class GanEstimator
    {
        /// <summary>Options of <see cref="GanEstimator"/>. Defaults follow DCGAN practice (Adam 2e-4, beta1 0.5).</summary>
        public sealed class Options
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
            /// An input column of latent vectors (known-size vector of float, size <see cref="LatentDimension"/>).
            /// When <see cref="GanTransformer.Transform"/> finds it, each row's sample is generated from it;
            /// otherwise noise is drawn from the seed and the row's position.
            /// </summary>
            public string LatentColumnName = "Latent";

            /// <summary>
            /// Size of the noise vector z fed to the generator. Null (the default) picks the feature size,
            /// clamped to [2, 128]: a latent space no larger than the data's own dimension. Measured on the
            /// 8-Gaussian ring, a 2-D latent space put 85% of samples on the modes where a 64-D one put 3%
            /// (docs/BENCHMARKS.md).
            /// </summary>
            public int? LatentDimension;

            /// <summary>Passes over the training data. One epoch runs one discriminator step per minibatch.</summary>
            public int Epochs = 100;

            /// <summary>Rows per minibatch; clamped (with a warning) to the number of rows when larger.</summary>
            public int BatchSize = 64;

            /// <summary>k in Goodfellow's Algorithm 1: discriminator steps per generator step.</summary>
            public int DiscriminatorSteps = 1;

            /// <summary>
            /// Unrolled GAN (Metz et al. 2017): before each generator step the discriminator takes this many extra
            /// steps, the generator's loss is taken against that look-ahead discriminator, and the discriminator is then
            /// restored (weights, batch-norm statistics, optimizer state). First-order form: the generator's gradient does
            /// not flow through the simulated updates. Costs about this many discriminator steps per generator step
            /// (0 = off; the paper uses 5 to 10). Needs a discriminator: not with <see cref="GanLoss.Mmd"/>. See docs/USER-GUIDE.md.
            /// </summary>
            public int UnrolledSteps;

            /// <summary>The adversarial objective.</summary>
            public GanLoss Loss = GanLoss.NonSaturating;

            /// <summary>Adam learning rate of the generator.</summary>
            public float GeneratorLearningRate = 2e-4f;

            /// <summary>Adam learning rate of the discriminator.</summary>
            public float DiscriminatorLearningRate = 2e-4f;

            /// <summary>Adam's first-moment decay; 0.5 (Radford et al. 2016) is steadier for GANs than 0.9.</summary>
            public float Beta1 = 0.5f;

            /// <summary>Adam's second-moment decay.</summary>
            public float Beta2 = 0.999f;

            /// <summary>Widths of the generator's hidden layers (ReLU).</summary>
            public int[] GeneratorHiddenLayers = { 256, 256 };

            /// <summary>Widths of the discriminator's hidden layers (LeakyReLU 0.2).</summary>
            public int[] DiscriminatorHiddenLayers = { 256, 256 };

            /// <summary>
            /// Weight of WGAN-GP's gradient penalty (<see cref="GanLoss.Wasserstein"/> only). The paper uses 10;
            /// on our standardised features 10 kept the critic from learning on the 8-Gaussian ring (0 of 8
            /// modes in 100 and 500 epochs) where 1 covered all 8 (docs/BENCHMARKS.md), so the default is 1.
            /// </summary>
            public float GradientPenaltyWeight = 1f;

            /// <summary>
            /// Weight γ of the R1 penalty (Mescheder et al. 2018), γ/2 · E‖∇D(x)‖² over real rows: it keeps the
            /// discriminator flat where the real data is, so training settles on the modes instead of circling them
            /// and dropping some. Applied on one discriminator step in sixteen, with sixteen times the weight. Null (the
            /// default): <see cref="DefaultR1PenaltyWeight"/> for the cross-entropy, least-squares and hinge losses, 0
            /// (off) for <see cref="GanLoss.Wasserstein"/> (which has its own gradient penalty) and
            /// <see cref="GanLoss.Mmd"/> (no discriminator). See docs/USER-GUIDE.md for what it costs and gains.
            /// </summary>
            public float? R1PenaltyWeight;

            /// <summary>The R1 weight used when <see cref="R1PenaltyWeight"/> is null and the loss has a classifying discriminator.</summary>
            public const float DefaultR1PenaltyWeight = 0.3f;

            /// <summary>The R1 weight training uses: the one set, or the default for <see cref="Loss"/>.</summary>
            internal float ResolveR1PenaltyWeight() =>
                R1PenaltyWeight ?? (Loss is GanLoss.Wasserstein or GanLoss.Mmd ? 0f : DefaultR1PenaltyWeight);

            /// <summary>PacGAN packing: the discriminator judges this many samples at once (1 = off).</summary>
            public int Packing = 1;

            /// <summary>Give the discriminator the minibatch standard deviation as an extra input.</summary>
            public bool MinibatchStdDev;

            /// <summary>One-sided label smoothing: the real target becomes 1 - s (0 = off; 0.1 is common).</summary>
            public float LabelSmoothing;

            /// <summary>
            /// Standard deviation of Gaussian instance noise added to everything the discriminator sees, in
            /// standardised feature units; decays linearly to 0 over the epochs (0 = off).
            /// </summary>
            public float InstanceNoise;

            /// <summary>
            /// Decay of the exponential moving average of the generator's weights; the average is the model
            /// used for generation (0 = off, use the last weights). On by default: on the 8-Gaussian ring it
            /// raised the share of samples within 3 std of a mode from 40% to 45% at equal cost (docs/BENCHMARKS.md).
            /// </summary>
            public float GeneratorEmaDecay = 0.999f;

            /// <summary>Clip each network's gradient to this L2 norm per step (0 = off).</summary>
            public float GradientClipNorm;

            /// <summary>Learning rates are multiplied by this after every epoch (1 = constant).</summary>
            public float LearningRateDecay = 1f;

            /// <summary>Kernel bandwidths of <see cref="GanLoss.Mmd"/>, in standardised feature units.</summary>
            public double[] MmdBandwidths = (double[])Training.MmdLoss.DefaultBandwidths.Clone();

            /// <summary>Called after every epoch with its metrics and a time-left estimate.</summary>
            public IProgress<GanProgress>? Progress;

            /// <summary>
            /// Stops training at the next minibatch with <see cref="OperationCanceledException"/>. Training also
            /// honours ML.NET's own <c>MLContext.CancelExecution()</c> (internal to ML.NET 5, used by its tools).
            /// </summary>
            public System.Threading.CancellationToken CancellationToken;

            /// <summary>
            /// Seed of weight initialisation, minibatch order and noise, and of <see cref="GanTransformer.Transform"/>'s
            /// noise. Null: drawn from the <see cref="MLContext"/>'s random source (repeatable when it has a seed).
            /// </summary>
            public int? Seed;

            /// <summary>
            /// When set, a checkpoint (both networks, both optimizers' state, random state, epoch, history) is
            /// written to this directory every <see cref="CheckpointInterval"/> epochs and after the last one,
            /// as <c>gan-epoch-NNNNNN.ckpt</c>. Files are written under a unique temporary name and then moved into place.
            /// </summary>
            public string? CheckpointDirectory;

            /// <summary>Epochs between checkpoints.</summary>
            public int CheckpointInterval = 10;

            /// <summary>
            /// How many checkpoints <see cref="CheckpointDirectory"/> keeps: after each write, all but the newest this
            /// many (by epoch number) are deleted. 0 (the default) keeps every checkpoint.
            /// </summary>
            public int KeepCheckpoints;

            /// <summary>
            /// A checkpoint file, or a directory whose newest intact checkpoint (by epoch number; a damaged newer one is
            /// skipped with a warning) is used, to continue training from.
            /// The run must have the same settings and data; it trains up to <see cref="Epochs"/> in total and
            /// ends with the same weights as an uninterrupted run on the same machine and thread count.
            /// </summary>
            public string? ResumeFromCheckpoint;

            /// <summary>
            /// What the data may take in memory during Fit: rows x (values x 4 + 8) bytes (+ 4 for a conditional GAN's
            /// class), one copy, scaled in place. Larger data is not held: training streams it from the
            /// <see cref="IDataView"/> cursor through a shuffle buffer of this size instead (MLP architecture,
            /// unconditional); DCGAN and conditional training keep it in memory with a warning. Default 1 GiB. A view
            /// that does not know its row count is read into memory until it passes the budget, then streamed.
            /// </summary>
            public long MemoryBudgetBytes = 1L << 30;

            /// <summary>
            /// libtorch's intra-op threads during training. Null keeps libtorch's default, one per core. The setting is
            /// process-wide: concurrent fits asking for the same count share it (the last to finish restores the previous
            /// value); a fit asking for another count while one trains is refused. The training thread itself reads the
            /// data, so ML.NET cursors do not compete with libtorch's threads. Tip: set OMP_WAIT_POLICY=PASSIVE in the
            /// environment on shared machines.
            /// </summary>
            public int? Threads;

            /// <summary>
            /// Where training runs: "cpu" (the default) or "cuda", which needs a CUDA build of TorchSharp in the
            /// application and is refused with a clear message when CUDA is unavailable. Not tested on a GPU; see docs/USER-GUIDE.md.
            /// </summary>
            public string Device = "cpu";

            /// <summary>The latent size used for data of <paramref name="featureSize"/> values per row.</summary>
            internal int ResolveLatentDimension(int featureSize) => LatentDimension ?? Math.Clamp(featureSize, 2, 128);

            /// <summary>
            /// A copy that shares nothing mutable with this one (arrays are copied): what an estimator keeps, so that
            /// changing the options object after the estimator is made changes nothing.
            /// </summary>
            internal Options Clone()
            {
                var copy = (Options)MemberwiseClone();
                copy.GeneratorHiddenLayers = (int[])GeneratorHiddenLayers?.Clone()!;
                copy.DiscriminatorHiddenLayers = (int[])DiscriminatorHiddenLayers?.Clone()!;
                copy.MmdBandwidths = (double[])MmdBandwidths?.Clone()!;
                return copy;
            }

            /// <summary>Checks every option, in the order they are declared above.</summary>
            internal void Validate()
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
                if (LatentDimension is int latent)
                    RequireRange(latent, 1, 1 << 16, nameof(LatentDimension));

                RequireRange(Epochs, 1, 1_000_000, nameof(Epochs));
                RequireRange(BatchSize, 1, 1 << 20, nameof(BatchSize));
                RequireRange(DiscriminatorSteps, 1, 100, nameof(DiscriminatorSteps));
                RequireRange(UnrolledSteps, 0, 100, nameof(UnrolledSteps));
                if (!Enum.IsDefined(Loss))
                    throw new ArgumentOutOfRangeException(nameof(Loss), Loss, $"{nameof(Loss)} must be one of {string.Join(", ", Enum.GetNames<GanLoss>())}; it was {(int)Loss}.");
                if (UnrolledSteps > 0 && Loss == GanLoss.Mmd)
                    throw new ArgumentException($"{nameof(UnrolledSteps)} ({UnrolledSteps}) unrolls the discriminator, and {nameof(Loss)} = {nameof(GanLoss.Mmd)} has none; set it to 0.", nameof(UnrolledSteps));
                RequireRangeExcludingMin(GeneratorLearningRate, 0, 10, nameof(GeneratorLearningRate));
                RequireRangeExcludingMin(DiscriminatorLearningRate, 0, 10, nameof(DiscriminatorLearningRate));
                RequireRange(Beta1, 0, 1, nameof(Beta1), upperOpen: true);
                RequireRange(Beta2, 0, 1, nameof(Beta2), upperOpen: true);
                RequireLayers(GeneratorHiddenLayers, nameof(GeneratorHiddenLayers));
                RequireLayers(DiscriminatorHiddenLayers, nameof(DiscriminatorHiddenLayers));

                RequireRange(GradientPenaltyWeight, 0, 1e6f, nameof(GradientPenaltyWeight), upperOpen: false);
                if (R1PenaltyWeight is float r1)
                    RequireRange(r1, 0, 1e6f, nameof(R1PenaltyWeight), upperOpen: false);
                if (R1PenaltyWeight > 0 && Loss == GanLoss.Mmd)
                    throw new ArgumentException($"{nameof(R1PenaltyWeight)} ({R1PenaltyWeight}) penalises the discriminator, and {nameof(Loss)} = {nameof(GanLoss.Mmd)} has none; set it to 0.", nameof(R1PenaltyWeight));
                RequireRange(Packing, 1, 64, nameof(Packing));
                if (BatchSize < Packing)
                    throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"{nameof(BatchSize)} must be at least {nameof(Packing)} ({Packing}); it was {BatchSize}.");
                RequireRange(LabelSmoothing, 0, 0.5f, nameof(LabelSmoothing), upperOpen: true);
                RequireRange(InstanceNoise, 0, 100, nameof(InstanceNoise), upperOpen: false);
                RequireRange(GeneratorEmaDecay, 0, 1, nameof(GeneratorEmaDecay), upperOpen: true);
                RequireRange(GradientClipNorm, 0, 1e6f, nameof(GradientClipNorm), upperOpen: false);
                RequireRangeExcludingMin(LearningRateDecay, 0, 1, nameof(LearningRateDecay));
                if (MmdBandwidths is null || MmdBandwidths.Length == 0 || Array.Exists(MmdBandwidths, h => !(h > 0) || double.IsInfinity(h)))
                    throw new ArgumentException($"{nameof(MmdBandwidths)} must list at least one positive, finite bandwidth.", nameof(MmdBandwidths));

                RequireCheckpoints(CheckpointDirectory, CheckpointInterval, KeepCheckpoints, ResumeFromCheckpoint);
                RequireMemoryBudget(MemoryBudgetBytes);
                if (Threads is int threads)
                    RequireRange(threads, 1, 1024, nameof(Threads));
                if (Device is not ("cpu" or "cuda"))
                    throw new ArgumentException($"{nameof(Device)} must be \"cpu\" or \"cuda\"; it was \"{Device}\".", nameof(Device));
            }
        }
    }
}
