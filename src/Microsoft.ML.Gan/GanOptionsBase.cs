using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML.Gan.Training;
using static Microsoft.ML.Gan.OptionChecks;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// The training options <see cref="GanEstimator.Options"/> and <see cref="TabularGanEstimator.Options"/> share:
    /// the adversarial game, the optimizer, the remedies for unstable training, checkpoints and where training runs.
    /// Each estimator sets its own defaults where they differ (each option says both); the derived options add what only
    /// one estimator has, such as the columns to learn.
    /// </summary>
    public abstract class GanOptionsBase
    {
        /// <summary>Only this assembly's estimators derive their options from this class.</summary>
        private protected GanOptionsBase()
        {
        }

        /// <summary>
        /// Size of the noise vector z fed to the generator. Null picks the size of the training rows (the feature size,
        /// or a table's encoded width), clamped to [2, 128]. Default: null for <see cref="GanEstimator"/> (on the
        /// 8-Gaussian ring a 2-D latent space put 85% of samples on the modes where a 64-D one put 3%,
        /// docs/BENCHMARKS.md); 128 for <see cref="TabularGanEstimator"/> (CTGAN's embedding dimension).
        /// </summary>
        public int? LatentDimension;

        /// <summary>Passes over the training data. Default: 100 for <see cref="GanEstimator"/>, 300 (CTGAN's) for <see cref="TabularGanEstimator"/>.</summary>
        public int Epochs;

        /// <summary>
        /// Rows per minibatch; at least <see cref="Packing"/>. Null picks the estimator's automatic size: 64 for
        /// <see cref="GanEstimator"/> (its default; a larger batch than the data is clamped with a warning); for
        /// <see cref="TabularGanEstimator"/> (its default) CTGAN's 500 for tables of 10,000 rows or more, rows / 20 (at
        /// least 100, at most the rows) below that, rounded down to a multiple of <see cref="Packing"/>. A table needs at
        /// least as many rows as a batch set here.
        /// </summary>
        public int? BatchSize;

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

        /// <summary>
        /// The adversarial objective. Default: <see cref="GanLoss.NonSaturating"/> for <see cref="GanEstimator"/>;
        /// CTGAN's <see cref="GanLoss.Wasserstein"/> with a gradient penalty for <see cref="TabularGanEstimator"/>,
        /// which needs a critic and so refuses <see cref="GanLoss.Mmd"/>.
        /// </summary>
        public GanLoss Loss;

        /// <summary>Adam learning rate of the generator.</summary>
        public float GeneratorLearningRate = 2e-4f;

        /// <summary>Adam learning rate of the discriminator.</summary>
        public float DiscriminatorLearningRate = 2e-4f;

        /// <summary>Adam's first-moment decay; 0.5 (Radford et al. 2016) is steadier for GANs than 0.9.</summary>
        public float Beta1 = 0.5f;

        /// <summary>Adam's second-moment decay. Default: 0.999 for <see cref="GanEstimator"/>, CTGAN's 0.9 for <see cref="TabularGanEstimator"/>.</summary>
        public float Beta2;

        /// <summary>Widths of the generator's hidden layers (ReLU; a table generator's residual blocks).</summary>
        public int[] GeneratorHiddenLayers = { 256, 256 };

        /// <summary>Widths of the discriminator's hidden layers (LeakyReLU 0.2).</summary>
        public int[] DiscriminatorHiddenLayers = { 256, 256 };

        /// <summary>
        /// Weight of WGAN-GP's gradient penalty (<see cref="GanLoss.Wasserstein"/> only). Default: 1 for
        /// <see cref="GanEstimator"/> (on its standardised features the paper's 10 kept the critic from learning on the
        /// 8-Gaussian ring, 0 of 8 modes, where 1 covered all 8: docs/BENCHMARKS.md); CTGAN's 10 for <see cref="TabularGanEstimator"/>.
        /// </summary>
        public float GradientPenaltyWeight;

        /// <summary>
        /// Weight γ of the R1 penalty (Mescheder et al. 2018), γ/2 · E‖∇D(x)‖² over real rows: it keeps the
        /// discriminator flat where the real data is, so training settles on the modes instead of circling them
        /// and dropping some. Applied on one discriminator step in sixteen, with sixteen times the weight. Null:
        /// <see cref="DefaultR1PenaltyWeight"/> for the cross-entropy, least-squares and hinge losses, 0 (off) for
        /// <see cref="GanLoss.Wasserstein"/> (which has its own gradient penalty) and <see cref="GanLoss.Mmd"/> (no
        /// discriminator). Default: null for <see cref="GanEstimator"/>; 0 (off, as CTGAN) for
        /// <see cref="TabularGanEstimator"/>. See docs/USER-GUIDE.md for what it costs and gains.
        /// </summary>
        public float? R1PenaltyWeight;

        /// <summary>The R1 weight used when <see cref="R1PenaltyWeight"/> is null and the loss has a classifying discriminator.</summary>
        public const float DefaultR1PenaltyWeight = 0.3f;

        /// <summary>
        /// PacGAN packing: the discriminator judges this many samples at once (1 = off). Default: 1 for
        /// <see cref="GanEstimator"/>; null (automatic) for <see cref="TabularGanEstimator"/>: CTGAN's 10 at its batch of
        /// 500, fewer for the smaller automatic batches of smaller tables, so that the critic judges 50 packs a step.
        /// </summary>
        public int? Packing;

        /// <summary>Give the discriminator the minibatch standard deviation as an extra input.</summary>
        public bool MinibatchStdDev;

        /// <summary>One-sided label smoothing: the real target becomes 1 - s (0 = off; 0.1 is common).</summary>
        public float LabelSmoothing;

        /// <summary>
        /// Standard deviation of Gaussian instance noise added to everything the discriminator sees, in
        /// standardised feature units (a table's encoded values); decays linearly to 0 over the epochs (0 = off).
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

        /// <summary>
        /// Differentially private training of the critic (DP-SGD with Poisson sampling and an RDP accountant; see
        /// <see cref="DifferentialPrivacyOptions"/>); null (the default) trains without. It needs a critic whose examples do
        /// not mix and a loss that touches real rows only through per-example terms: an MLP critic, no
        /// <see cref="MinibatchStdDev"/>, <see cref="Packing"/> 1, no <see cref="UnrolledSteps"/>, no
        /// <see cref="GanLoss.Mmd"/>, no R1 penalty and, with <see cref="GanLoss.Wasserstein"/>, no
        /// <see cref="GradientPenaltyWeight"/>: their gradients through real rows are not clipped per example, so they
        /// are refused rather than silently dropped (a null <see cref="R1PenaltyWeight"/> resolves to 0). The generator's
        /// moving average is post-processing and stays. Real-data figures in the training history
        /// (losses, scores, gradient norms, diversity) are reported as NaN, since they are not private.
        /// </summary>
        public DifferentialPrivacyOptions? Privacy;

        /// <summary>Learning rates are multiplied by this after every epoch (1 = constant).</summary>
        public float LearningRateDecay = 1f;

        /// <summary>Called after every epoch with its metrics and a time-left estimate.</summary>
        public IProgress<GanProgress>? Progress;

        /// <summary>
        /// Stops training at the next minibatch with <see cref="OperationCanceledException"/>. Training also
        /// honours ML.NET's own <c>MLContext.CancelExecution()</c> (internal to ML.NET 5, used by its tools).
        /// </summary>
        public CancellationToken CancellationToken;

        /// <summary>
        /// Seed of everything training draws (weight initialisation, minibatch order, noise; for tables also the mode
        /// fits, condition sampling, Gumbel noise and dropout masks) and the default seed of generation. Null: drawn from
        /// the <see cref="MLContext"/>'s random source (repeatable when it has a seed); a resumed run without a seed
        /// continues with its checkpoint's.
        /// </summary>
        public int? Seed;

        /// <summary>
        /// When set, a checkpoint (both networks, both optimizers' state, every random generator's state, epoch, history)
        /// is written to this directory every <see cref="CheckpointInterval"/> epochs and after the last one, as
        /// <c>gan-epoch-NNNNNN.ckpt</c>. Files are written under a unique temporary name and then moved into place.
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
        /// skipped with a warning) is used, to continue training from. The run must have the same settings and data;
        /// it trains up to <see cref="Epochs"/> in total and ends bit-identical with an uninterrupted run on the same
        /// machine, device and thread count.
        /// </summary>
        public string? ResumeFromCheckpoint;

        /// <summary>
        /// What the data may take in memory during Fit. Default 1 GiB. <see cref="GanEstimator"/>: rows x (values x 4 + 8)
        /// bytes (+ 4 for a conditional GAN's class); larger data is streamed from the <see cref="IDataView"/> cursor
        /// through a shuffle buffer of this size (MLP, unconditional), or kept in memory with a warning (DCGAN,
        /// conditional). <see cref="TabularGanEstimator"/>: the table as read plus rows x encoded width x 4 bytes; a
        /// larger table is streamed: one statistics pass (counts, ranges, categories, a uniform sample of rows that the
        /// encoder is fitted on), then each epoch through a shuffle buffer of half this size.
        /// </summary>
        public long MemoryBudgetBytes = 1L << 30;

        /// <summary>
        /// libtorch's intra-op threads during training. Null: the GAN keeps libtorch's default (one per core, or
        /// OMP_NUM_THREADS); TabularGan trains on one thread unless OMP_NUM_THREADS is set, which measured as fast or faster
        /// for its small per-step operations and stays fast on a machine shared with other work. The count is part of
        /// what makes a fit repeatable (float sums depend on it): set it to reproduce a model on another machine. The
        /// setting is process-wide: concurrent fits asking for the same count share it (the last to finish restores the
        /// previous value); a fit asking for another count while one trains is refused. The training thread itself reads
        /// the data, so ML.NET cursors do not compete with libtorch's threads. On Linux the library also shortens how long
        /// libtorch's idle threads spin (GOMP_SPINCOUNT, set when the library loads unless GOMP_SPINCOUNT or
        /// OMP_WAIT_POLICY is already set), so a busy machine does not make training several times slower.
        /// </summary>
        public int? Threads;

        /// <summary>
        /// Where training runs: "cpu" (the default) or "cuda", which needs a CUDA build of libtorch in the process and is
        /// refused with a clear message, before any data is read, when CUDA is unavailable. On "cuda" training rows held
        /// in memory move to the GPU once when they take at most a quarter of its free memory, random draws are made on
        /// the GPU by its own generator, seeded from <see cref="Seed"/> and the epoch (so a seed repeats a CUDA run, not a
        /// CPU one, while nothing else in the process draws from that generator during Fit), and the
        /// per-step losses are read back every 100 steps and at each epoch's end rather than every step. Weights start
        /// from the same seeded CPU draws on either device, and the fitted model generates on the CPU. Not tested on a
        /// GPU here; see docs/USER-GUIDE.md.
        /// </summary>
        public string Device = "cpu";

        /// <summary>
        /// Takes the device path that <see cref="Device"/> = "cuda" takes (device generators, resident rows, figures read
        /// every N steps) on the CPU: for tests and the GPU benchmark's dry run on machines without CUDA.
        /// </summary>
        internal bool DevicePathOnCpu;

        /// <summary>The latent size used for training rows of <paramref name="rowSize"/> values.</summary>
        internal int ResolveLatentDimension(int rowSize) => LatentDimension ?? Math.Clamp(rowSize, 2, 128);

        /// <summary>The R1 weight training uses: the one set, or the default for <see cref="Loss"/>.</summary>
        internal float ResolveR1PenaltyWeight() =>
            R1PenaltyWeight ?? (Loss is GanLoss.Wasserstein or GanLoss.Mmd || Privacy is not null ? 0f : DefaultR1PenaltyWeight);

        /// <summary>
        /// A copy that shares nothing mutable with this one (arrays and lists are copied; the progress callback and
        /// strings are shared): what an estimator keeps, so that changing the options object after the estimator is made
        /// changes nothing.
        /// </summary>
        internal GanOptionsBase Clone()
        {
            var copy = (GanOptionsBase)MemberwiseClone();
            copy.GeneratorHiddenLayers = (int[])GeneratorHiddenLayers?.Clone()!;
            copy.DiscriminatorHiddenLayers = (int[])DiscriminatorHiddenLayers?.Clone()!;
            copy.Privacy = Privacy?.Clone();
            copy.CopyOwnMutableFields();
            return copy;
        }

        /// <summary>Called on a fresh memberwise copy: replaces the derived options' own arrays and lists with copies of them.</summary>
        private protected abstract void CopyOwnMutableFields();

        /// <summary>
        /// Checks every option, each with its name, allowed range and value: the derived options' own column and data
        /// options first, then the shared ones in the order they are declared here, then the derived options' own training options.
        /// </summary>
        internal void Validate()
        {
            ValidateDataOptions();
            if (LatentDimension is int latent)
                RequireRange(latent, 1, 1 << 16, nameof(LatentDimension));
            RequireRange(Epochs, 1, 1_000_000, nameof(Epochs));
            if (BatchSize is int batchSize)
                RequireRange(batchSize, 1, 1 << 20, nameof(BatchSize));
            RequireRange(DiscriminatorSteps, 1, 100, nameof(DiscriminatorSteps));
            RequireRange(UnrolledSteps, 0, 100, nameof(UnrolledSteps));
            if (!Enum.IsDefined(Loss))
                throw new ArgumentOutOfRangeException(nameof(Loss), Loss, $"{nameof(Loss)} must be one of {string.Join(", ", Enum.GetNames<GanLoss>())}; it was {(int)Loss}.");
            ValidateLoss();
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
            if (Packing is int packing)
                RequireRange(packing, 1, 64, nameof(Packing));
            if (BatchSize < Packing)
                throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"{nameof(BatchSize)} must be at least {nameof(Packing)} ({Packing}); it was {BatchSize}.");
            RequireRange(LabelSmoothing, 0, 0.5f, nameof(LabelSmoothing), upperOpen: true);
            RequireRange(InstanceNoise, 0, 100, nameof(InstanceNoise), upperOpen: false);
            RequireRange(GeneratorEmaDecay, 0, 1, nameof(GeneratorEmaDecay), upperOpen: true);
            RequireRange(GradientClipNorm, 0, 1e6f, nameof(GradientClipNorm), upperOpen: false);
            RequireRangeExcludingMin(LearningRateDecay, 0, 1, nameof(LearningRateDecay));

            RequireCheckpoints(CheckpointDirectory, CheckpointInterval, KeepCheckpoints, ResumeFromCheckpoint);
            RequireMemoryBudget(MemoryBudgetBytes);
            if (Threads is int threads)
                RequireRange(threads, 1, 1024, nameof(Threads));
            RequireDevice(Device);
            ValidatePrivacy();
            ValidateTrainingOptions();
        }

        // What DP-SGD on the critic cannot cover is refused with the option to change; each refused setting would
        // let real rows move the weights by more than the clip norm, or outside the accountant's view.
        private void ValidatePrivacy()
        {
            if (Privacy is null)
                return;
            Privacy.Validate(nameof(Privacy));
            string why = $"{nameof(Privacy)} is set: ";
            if (Loss == GanLoss.Mmd)
                throw new ArgumentException(why + $"{nameof(Loss)} = {nameof(GanLoss.Mmd)} compares real and generated rows in the generator's loss, outside the private critic; choose another loss.", nameof(Loss));
            if (MinibatchStdDev)
                throw new ArgumentException(why + $"{nameof(MinibatchStdDev)} mixes the rows of a minibatch, so one row's gradient is not its own; set it to false.", nameof(MinibatchStdDev));
            if (Packing is int packing && packing != 1)
                throw new ArgumentException(why + $"{nameof(Packing)} must be 1 (packs of Poisson-sampled rows are not yet accounted); it was {packing}.", nameof(Packing));
            if (UnrolledSteps > 0)
                throw new ArgumentException(why + $"{nameof(UnrolledSteps)} ({UnrolledSteps}) lets the generator step through critic steps on real rows that are neither clipped nor noised; set it to 0.", nameof(UnrolledSteps));
            if (Loss == GanLoss.Wasserstein && GradientPenaltyWeight > 0)
                throw new ArgumentException(why + $"the gradient penalty ({nameof(GradientPenaltyWeight)} = {GradientPenaltyWeight}) differentiates the critic at real rows, which per-example clipping does not cover; " +
                    $"choose {nameof(Loss)} = {nameof(GanLoss.NonSaturating)} (the cross-entropy critic, which needs no penalty), or set it to 0.", nameof(GradientPenaltyWeight));
            if (R1PenaltyWeight > 0)
                throw new ArgumentException(why + $"the R1 penalty ({nameof(R1PenaltyWeight)} = {R1PenaltyWeight}) differentiates the critic at real rows, which per-example clipping does not cover; set it to 0 or leave it null.", nameof(R1PenaltyWeight));
        }

        /// <summary>The derived options' own column and data options, checked before the shared ones.</summary>
        private protected abstract void ValidateDataOptions();

        /// <summary>Refuses a (defined) <see cref="Loss"/> the estimator cannot train with; none is refused unless overridden.</summary>
        private protected virtual void ValidateLoss()
        {
        }

        /// <summary>The derived options' own training options, checked after the shared ones.</summary>
        private protected abstract void ValidateTrainingOptions();

        /// <summary>
        /// The MMD loss's kernel bandwidths the trainer gets. An estimator without <see cref="GanLoss.Mmd"/> passes the
        /// defaults, as its checkpoints have always recorded them.
        /// </summary>
        private protected virtual IReadOnlyList<double> TrainingMmdBandwidths => MmdLoss.DefaultBandwidths;

        /// <summary>
        /// The trainer's settings for these (validated) options, with the minibatch size <paramref name="batchSize"/> and the
        /// <paramref name="packing"/> the estimator resolved from <see cref="BatchSize"/> and <see cref="Packing"/>. The
        /// trainer sees only these settings, never the options.
        /// </summary>
        internal TrainerSettings ToTrainerSettings(int batchSize, int packing) => new()
        {
            Loss = Loss,
            Epochs = Epochs,
            BatchSize = batchSize,
            DiscriminatorSteps = DiscriminatorSteps,
            UnrolledSteps = UnrolledSteps,
            GeneratorHiddenLayers = (int[])GeneratorHiddenLayers.Clone(),
            DiscriminatorHiddenLayers = (int[])DiscriminatorHiddenLayers.Clone(),
            Optimizer = new(GeneratorLearningRate, DiscriminatorLearningRate, Beta1, Beta2, LearningRateDecay, GradientClipNorm),
            Remedies = new(GradientPenaltyWeight, packing, MinibatchStdDev, LabelSmoothing, InstanceNoise, GeneratorEmaDecay,
                TrainingMmdBandwidths.ToArray(), ResolveR1PenaltyWeight()),
            Checkpoints = new(CheckpointDirectory, CheckpointInterval, KeepCheckpoints),
            Privacy = Privacy is null ? null : new(Privacy.Epsilon, Privacy.Delta, Privacy.ClipNorm),
            Device = Device,
            DevicePathOnCpu = DevicePathOnCpu,
            Progress = Progress,
            CancellationToken = CancellationToken,
        };
    }
}
