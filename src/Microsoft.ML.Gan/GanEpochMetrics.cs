namespace Microsoft.ML.Gan
{
    /// <summary>Averages over one training epoch, kept on <see cref="GanTransformer.TrainingHistory"/>.</summary>
    public sealed class GanEpochMetrics
    {
        internal GanEpochMetrics() { }

        /// <summary>One-based epoch number.</summary>
        public int Epoch { get; internal init; }

        /// <summary>Mean discriminator loss over the epoch's discriminator steps (NaN for <see cref="GanLoss.Mmd"/>).</summary>
        public double DiscriminatorLoss { get; internal init; }

        /// <summary>Mean generator loss over the epoch's generator steps (NaN when none ran).</summary>
        public double GeneratorLoss { get; internal init; }

        /// <summary>
        /// Mean D(x) on real minibatches: the probability D gives real rows for the cross-entropy losses,
        /// the raw score (critic value) for the others.
        /// </summary>
        public double MeanRealScore { get; internal init; }

        /// <summary>Mean D(G(z)) on generated minibatches, on the same scale as <see cref="MeanRealScore"/>.</summary>
        public double MeanFakeScore { get; internal init; }

        /// <summary>Mean L2 norm of the discriminator's gradient per step (before clipping).</summary>
        public double DiscriminatorGradientNorm { get; internal init; }

        /// <summary>Mean L2 norm of the generator's gradient per step (before clipping).</summary>
        public double GeneratorGradientNorm { get; internal init; }

        /// <summary>
        /// Mean pairwise distance within a generated batch divided by the same within a real batch, at the
        /// end of the epoch: near 1 is healthy; far below 1 means the samples have collapsed together.
        /// </summary>
        public double DiversityRatio { get; internal init; }

        /// <summary>
        /// How many times the discriminator was updated in the epoch (one per minibatch; 0 for <see cref="GanLoss.Mmd"/>,
        /// which has no discriminator). Not the <c>DiscriminatorSteps</c> option, which sets how many of these updates
        /// come before each generator update.
        /// </summary>
        public int DiscriminatorUpdates { get; internal init; }

        /// <summary>How many times the generator was updated in the epoch (one after every <c>DiscriminatorSteps</c> discriminator updates).</summary>
        public int GeneratorUpdates { get; internal init; }

        /// <summary>Wall-clock seconds the epoch took.</summary>
        public double Seconds { get; internal init; }

        /// <summary>
        /// With <see cref="GanOptionsBase.Privacy"/>: the ε spent by the end of this epoch (at the run's δ), never above
        /// the target; NaN without privacy. Stored in the model file with the run's <see cref="PrivacyGuarantee"/>.
        /// </summary>
        public double Epsilon { get => _epsilon; internal init => _epsilon = value; }

        private double _epsilon = double.NaN;

        /// <summary>A copy with <see cref="Epsilon"/> set: a private run's history read back from a checkpoint or a model file.</summary>
        internal GanEpochMetrics WithEpsilon(double epsilon)
        {
            var copy = (GanEpochMetrics)MemberwiseClone();
            copy._epsilon = epsilon;
            return copy;
        }

        internal void Write(Persistence.PayloadWriter w)
        {
            w.Write(Epoch);
            foreach (double v in new[] { DiscriminatorLoss, GeneratorLoss, MeanRealScore, MeanFakeScore,
                         DiscriminatorGradientNorm, GeneratorGradientNorm, DiversityRatio, Seconds })
                w.Write(v);
            w.Write(DiscriminatorUpdates);
            w.Write(GeneratorUpdates);
        }

        /// <summary>Bytes <see cref="Write"/> writes per epoch.</summary>
        internal const int StoredBytes = 4 + 8 * 8 + 4 + 4;

        internal static GanEpochMetrics Read(Persistence.PayloadReader r) => new()
        {
            Epoch = r.ReadInt32(),
            DiscriminatorLoss = r.ReadDouble(),
            GeneratorLoss = r.ReadDouble(),
            MeanRealScore = r.ReadDouble(),
            MeanFakeScore = r.ReadDouble(),
            DiscriminatorGradientNorm = r.ReadDouble(),
            GeneratorGradientNorm = r.ReadDouble(),
            DiversityRatio = r.ReadDouble(),
            Seconds = r.ReadDouble(),
            DiscriminatorUpdates = r.ReadInt32(),
            GeneratorUpdates = r.ReadInt32(),
        };

        /// <summary>The epoch's figures on one line, for logs.</summary>
        public override string ToString() =>
            $"epoch {Epoch}: D loss {DiscriminatorLoss:F4}, G loss {GeneratorLoss:F4}, " +
            $"D(x) {MeanRealScore:F3}, D(G(z)) {MeanFakeScore:F3}, |grad D| {DiscriminatorGradientNorm:F3}, " +
            $"|grad G| {GeneratorGradientNorm:F3}, diversity {DiversityRatio:F2}, {Seconds:F2} s";
    }
}
