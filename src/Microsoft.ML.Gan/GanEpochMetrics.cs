using System.IO;

namespace Microsoft.ML.Gan
{
    /// <summary>Averages over one training epoch, kept on <see cref="GanTransformer.TrainingHistory"/>.</summary>
    public sealed class GanEpochMetrics
    {
        public GanEpochMetrics(int epoch, double discriminatorLoss, double generatorLoss,
            double meanRealScore, double meanFakeScore, double seconds, int discriminatorSteps, int generatorSteps)
        {
            DiscriminatorSteps = discriminatorSteps;
            GeneratorSteps = generatorSteps;
            Epoch = epoch;
            DiscriminatorLoss = discriminatorLoss;
            GeneratorLoss = generatorLoss;
            MeanRealScore = meanRealScore;
            MeanFakeScore = meanFakeScore;
            Seconds = seconds;
        }

        /// <summary>One-based epoch number.</summary>
        public int Epoch { get; }

        /// <summary>Mean discriminator loss over the epoch's discriminator steps.</summary>
        public double DiscriminatorLoss { get; }

        /// <summary>Mean generator loss over the epoch's generator steps (NaN when none ran).</summary>
        public double GeneratorLoss { get; }

        /// <summary>Mean D(x) on real minibatches: the probability the discriminator gives real rows.</summary>
        public double MeanRealScore { get; }

        /// <summary>Mean D(G(z)) on generated minibatches.</summary>
        public double MeanFakeScore { get; }

        /// <summary>Discriminator updates in the epoch (one per minibatch).</summary>
        public int DiscriminatorSteps { get; }

        /// <summary>Generator updates in the epoch (one per <c>DiscriminatorSteps</c> option discriminator updates).</summary>
        public int GeneratorSteps { get; }

        /// <summary>Wall-clock seconds the epoch took.</summary>
        public double Seconds { get; }

        internal void Write(BinaryWriter w)
        {
            w.Write(Epoch);
            w.Write(DiscriminatorLoss);
            w.Write(GeneratorLoss);
            w.Write(MeanRealScore);
            w.Write(MeanFakeScore);
            w.Write(Seconds);
            w.Write(DiscriminatorSteps);
            w.Write(GeneratorSteps);
        }

        internal static GanEpochMetrics Read(BinaryReader r) =>
            new(r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), r.ReadInt32(), r.ReadInt32());

        public override string ToString() =>
            $"epoch {Epoch}: D loss {DiscriminatorLoss:F4}, G loss {GeneratorLoss:F4}, " +
            $"D(x) {MeanRealScore:F3}, D(G(z)) {MeanFakeScore:F3}, {Seconds:F2} s";
    }
}
