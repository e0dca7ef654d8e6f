using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.ML.Gan.Networks;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// What the trainer is told, built once by an estimator from its validated options: the trainer and everything
    /// it uses read this, never the public options. Networks' shapes come separately, as a <see cref="NetworkSpec"/>.
    /// </summary>
    internal sealed record TrainerSettings
    {
        /// <summary>The compatibility key that records the seed (<see cref="TrainingCheckpoint.Seed"/> reads it back).</summary>
        public const string SeedKey = "Seed";

        public required GanLoss Loss { get; init; }
        public required int Epochs { get; init; }
        public required int BatchSize { get; init; }

        /// <summary>Discriminator steps per generator step.</summary>
        public required int DiscriminatorSteps { get; init; }

        /// <summary>Discriminator updates the generator step looks ahead through (0 = off; <see cref="UnrolledDiscriminator"/>).</summary>
        public int UnrolledSteps { get; init; }

        /// <summary>The hidden layer widths as the options give them: compatibility keys only (the spec builds the networks).</summary>
        public required IReadOnlyList<int> GeneratorHiddenLayers { get; init; }
        public required IReadOnlyList<int> DiscriminatorHiddenLayers { get; init; }

        public required OptimizerSettings Optimizer { get; init; }
        public required RemedySettings Remedies { get; init; }
        public CheckpointSettings Checkpoints { get; init; } = CheckpointSettings.None;

        /// <summary>DP-SGD on the critic (<see cref="PrivateCritic"/>); null trains without.</summary>
        public PrivacySettings? Privacy { get; init; }

        /// <summary>"cpu" or "cuda" (<see cref="TrainingDevice.Resolve"/>).</summary>
        public string Device { get; init; } = "cpu";

        /// <summary>
        /// Takes the device path (<see cref="TrainingDevice"/>) on the CPU too: what Device = "cuda" does, for tests on
        /// machines without CUDA. Off by default: the CPU path keeps its own draws and figures.
        /// </summary>
        public bool DevicePathOnCpu { get; init; }

        /// <summary>
        /// Training steps between host reads of the step figures; null for the path's default (every step on the CPU
        /// path, <see cref="EpochReadings.DeviceReadInterval"/> on the device path). The metrics do not depend on it.
        /// </summary>
        public int? ReadInterval { get; init; }

        /// <summary>
        /// What shapes the encoded data besides the networks, for checkpoints (a table's number encoding, modes and
        /// category grouping): a checkpoint resumes only with the same. Empty for the vector and image GAN.
        /// </summary>
        public IReadOnlyList<KeyValuePair<string, string>> DataKeys { get; init; } = Array.Empty<KeyValuePair<string, string>>();

        /// <summary>Called after every epoch; null for none.</summary>
        public IProgress<GanProgress>? Progress { get; init; }

        public CancellationToken CancellationToken { get; init; }

        /// <summary>
        /// What a checkpoint must agree on to be resumed by this run: everything that shapes the networks or the
        /// training stream. The names and value formats are part of the checkpoint format: a checkpoint is resumable
        /// exactly when these strings match its own, and a run with a key the checkpoint lacks is refused.
        /// </summary>
        public IReadOnlyList<KeyValuePair<string, string>> CompatibilityKeys(NetworkSpec spec, int seed, MinibatchSource data)
        {
            static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
            static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
            var (o, r) = (Optimizer, Remedies);
            var keys = new KeyValuePair<string, string>[]
            {
                new("FeatureSize", I(spec.FeatureSize)),
                new("ConditionSize", I(spec.ConditionSize)),
                new("Network", spec.Describe()),
                new("LatentDimension", I(spec.LatentDimension)),
                new("GeneratorHiddenLayers", string.Join(",", GeneratorHiddenLayers)),
                new("DiscriminatorHiddenLayers", string.Join(",", DiscriminatorHiddenLayers)),
                new("Loss", Loss.ToString()),
                new("BatchSize", I(BatchSize)),
                new("DiscriminatorSteps", I(DiscriminatorSteps)),
                new("UnrolledSteps", I(UnrolledSteps)),
                new("GeneratorLearningRate", F(o.GeneratorLearningRate)),
                new("DiscriminatorLearningRate", F(o.DiscriminatorLearningRate)),
                new("Beta1", F(o.Beta1)),
                new("Beta2", F(o.Beta2)),
                new("GradientPenaltyWeight", F(r.GradientPenaltyWeight)),
                new("R1PenaltyWeight", F(r.R1PenaltyWeight)),
                new("Packing", I(r.Packing)),
                new("MinibatchStdDev", r.MinibatchStdDev.ToString()),
                new("LabelSmoothing", F(r.LabelSmoothing)),
                new("InstanceNoise", F(r.InstanceNoise)),
                new("GeneratorEmaDecay", F(r.GeneratorEmaDecay)),
                new("GradientClipNorm", F(o.GradientClipNorm)),
                new("LearningRateDecay", F(o.LearningRateDecay)),
                new("MmdBandwidths", string.Join(",", r.MmdBandwidths.Select(F))),
                new(SeedKey, I(seed)),
                new("Rows", data.Rows is long rows ? I(rows) : "unknown"),
                // In memory or streamed (the memory budget decides), and the shuffle buffer: each gives another minibatch order.
                new("Minibatches", data.Order),
            };
            keys = keys.Concat(DataKeys).ToArray();
            // Absent without privacy, so that the checkpoints written before it existed still resume. The epochs are in it:
            // the noise was calibrated for them, so a resumed run with more would overspend.
            if (Privacy is { } p)
                keys = keys.Append(new("Privacy", $"epochs {I(Epochs)}, epsilon {F(p.Epsilon)}, delta {(p.Delta is double d ? F(d) : "1/n^1.1")}, clip {F(p.ClipNorm)}")).ToArray();
            // The device path draws from other generators (and with other algorithms): its checkpoints resume only on it.
            // The key is absent on the CPU path, so that the checkpoints it has always written still resume.
            return TrainingDevice.UsesDevicePath(this) ? keys.Append(new("RandomDraws", "on the training device")).ToArray() : keys;
        }
    }

    /// <summary>Adam's settings for both networks, the per-epoch learning-rate decay and gradient clipping (0 = off).</summary>
    internal sealed record OptimizerSettings(
        double GeneratorLearningRate, double DiscriminatorLearningRate, double Beta1, double Beta2,
        double LearningRateDecay, double GradientClipNorm);

    /// <summary>
    /// The remedies for unstable training: WGAN-GP's penalty weight, PacGAN packing, the minibatch standard deviation
    /// feature, label smoothing, instance noise, the generator's moving average (0 = off), MMD's kernel bandwidths, and
    /// the R1 penalty's weight (0 = off).
    /// </summary>
    internal sealed record RemedySettings(
        double GradientPenaltyWeight, int Packing, bool MinibatchStdDev, double LabelSmoothing, double InstanceNoise,
        double GeneratorEmaDecay, IReadOnlyList<double> MmdBandwidths, double R1PenaltyWeight = 0);

    /// <summary>
    /// The privacy target: ε, δ (null: 1/n^1.1 for n training rows, <see cref="ResolveDelta"/>) and the per-example
    /// clip norm C.
    /// </summary>
    internal sealed record PrivacySettings(double Epsilon, double? Delta, double ClipNorm)
    {
        /// <summary>The statistics the estimator released about the data before training, which the run's ε includes; null when none.</summary>
        public StatisticsNoise? Statistics { get; init; }

        /// <summary>δ for <paramref name="rows"/> training rows: the one set, or 1/n^1.1, below 1/n as a meaningful δ must be.</summary>
        public double ResolveDelta(long rows) => Delta ?? Math.Pow(Math.Max(rows, 2), -1.1);
    }

    /// <summary>
    /// A release of statistics before training by the Gaussian mechanism: its noise multiplier (noise over L2
    /// sensitivity; one step at sampling rate 1 to the accountant) and the part of δ its category thresholds take.
    /// </summary>
    internal sealed record StatisticsNoise(double NoiseMultiplier, double ThresholdDelta);

    /// <summary>Where checkpoints go (null: none), every how many epochs, and how many to keep (0 = all).</summary>
    internal sealed record CheckpointSettings(string? Directory, int Interval, int Keep)
    {
        public static CheckpointSettings None { get; } = new(null, 10, 0);
    }
}
