using System.Collections.Generic;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// The (ε, δ) differential privacy guarantee a model trained with <see cref="GanOptionsBase.Privacy"/> carries, with
    /// what produced it: stored in the model file and read back with it. ε is what was spent, the statistics released
    /// before training included, never above the target.
    /// </summary>
    public sealed record PrivacyGuarantee
    {
        /// <summary>ε spent by the whole run (the statistics released before training and every critic step).</summary>
        public required double Epsilon { get; init; }

        /// <summary>δ of the guarantee (the one set, or 1/n^1.1).</summary>
        public required double Delta { get; init; }

        /// <summary>σ of the critic's steps: the Gaussian noise's standard deviation over the clip norm.</summary>
        public required double NoiseMultiplier { get; init; }

        /// <summary>q: the probability with which each training row entered each critic step's sample.</summary>
        public required double SampleRate { get; init; }

        /// <summary>Critic steps taken.</summary>
        public required long Steps { get; init; }

        /// <summary>C: the L2 norm each row's gradient was clipped to.</summary>
        public required double ClipNorm { get; init; }

        /// <summary>
        /// σ of the statistics released before training (a table model's category counts and column histograms: the noise
        /// on each count over the release's L2 sensitivity); NaN when nothing was released (a vector GAN).
        /// </summary>
        public required double StatisticsNoiseMultiplier { get; init; }

        /// <summary>ε spent by the end of each epoch, as <see cref="GanEpochMetrics.Epsilon"/> shows it.</summary>
        public required IReadOnlyList<double> EpsilonByEpoch { get; init; }
    }
}
