using System;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// Differentially private training of the critic (DP-SGD), set on <see cref="GanOptionsBase.Privacy"/>: each critic
    /// step takes every training row independently with probability q = BatchSize / rows (Poisson sampling), clips each
    /// row's gradient to <see cref="ClipNorm"/>, adds Gaussian noise calibrated so that the planned epochs spend
    /// <see cref="Epsilon"/> at <see cref="Delta"/>, and training stops before the budget would be exceeded. The generator
    /// sees the rows only through the critic, so it inherits the guarantee. A table model also releases, before training,
    /// noisy histograms of its columns (<see cref="StatisticsShare"/>), from which alone its encoder, categories, ranges
    /// and condition frequencies are fitted; the ε reached includes them. The trained model's
    /// <see cref="PrivacyGuarantee"/> records what was spent. The user guide's "Differential privacy" section says what
    /// the guarantee covers and what it does not.
    /// </summary>
    public sealed class DifferentialPrivacyOptions
    {
        /// <summary>The privacy budget ε the whole run may spend: above zero and finite. Smaller is more private.</summary>
        public double Epsilon = 3.0;

        /// <summary>
        /// δ, in (0, 1); null for 1/n^1.1 with n the number of training rows, below 1/n as a meaningful δ must be (a δ of
        /// 1/n allows a mechanism that publishes one row outright).
        /// </summary>
        public double? Delta;

        /// <summary>C, the L2 norm each example's gradient of the critic is clipped to; above zero.</summary>
        public double ClipNorm = 1.0;

        /// <summary>
        /// The share of the budget the statistics released before training take, in (0, 1): a table's column histograms and
        /// category counts, a vector GAN's slot ranges and class counts. The share is of ρ, the zero-concentrated DP that
        /// (<see cref="Epsilon"/>, δ) allows, the natural unit of Gaussian noise: their noise is set from it, then the
        /// critic's noise is calibrated so that both together spend exactly <see cref="Epsilon"/>.
        /// </summary>
        public double StatisticsShare = 0.1;

        /// <summary>Checks each setting, naming it, its range and its value.</summary>
        internal void Validate(string name)
        {
            if (!(Epsilon > 0) || double.IsPositiveInfinity(Epsilon))
                throw new ArgumentOutOfRangeException(name, Epsilon, $"{name}.{nameof(Epsilon)} must be above zero and finite; it was {Epsilon}.");
            if (Delta is double delta && !(delta > 0 && delta < 1))
                throw new ArgumentOutOfRangeException(name, delta, $"{name}.{nameof(Delta)} must be in (0, 1), or null for 1/n^1.1; it was {delta}.");
            if (!(StatisticsShare > 0 && StatisticsShare < 1))
                throw new ArgumentOutOfRangeException(name, StatisticsShare, $"{name}.{nameof(StatisticsShare)} must be in (0, 1); it was {StatisticsShare}.");
            if (!(ClipNorm > 0) || double.IsPositiveInfinity(ClipNorm))
                throw new ArgumentOutOfRangeException(name, ClipNorm, $"{name}.{nameof(ClipNorm)} must be above zero and finite; it was {ClipNorm}.");
        }

        internal DifferentialPrivacyOptions Clone() => (DifferentialPrivacyOptions)MemberwiseClone();
    }
}
