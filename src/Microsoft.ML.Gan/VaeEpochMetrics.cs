using System.Globalization;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// One training epoch of a variational autoencoder, kept on <see cref="TabularVaeTransformer.TrainingHistory"/>: the
    /// two terms of its loss (the negative evidence lower bound, with TVAE's weight on the reconstruction), each the
    /// mean over the epoch's steps of its value per row.
    /// </summary>
    public sealed class VaeEpochMetrics
    {
        internal VaeEpochMetrics() { }

        /// <summary>One-based epoch number.</summary>
        public int Epoch { get; internal init; }

        /// <summary>What the optimizer minimises, per row: <c>ReconstructionWeight × ReconstructionLoss + KlDivergence</c>.</summary>
        public double Loss { get; internal init; }

        /// <summary>
        /// Negative log-likelihood of a row under the decoder, per row: for each continuous span the Gaussian
        /// (x − tanh(output))² / 2σ² + log σ with the learned σ, for each one-hot group the cross-entropy (constants left out,
        /// so it can be negative).
        /// </summary>
        public double ReconstructionLoss { get; internal init; }

        /// <summary>KL(q(z | x) ‖ N(0, I)) per row: how far the encoder's posteriors are from the prior generation draws from.</summary>
        public double KlDivergence { get; internal init; }

        /// <summary>Optimizer steps in the epoch (minibatches; the last one may be smaller).</summary>
        public int Updates { get; internal init; }

        /// <summary>Wall-clock seconds the epoch took.</summary>
        public double Seconds { get; internal init; }

        internal void Write(Persistence.PayloadWriter w)
        {
            w.Write(Epoch);
            w.Write(Loss);
            w.Write(ReconstructionLoss);
            w.Write(KlDivergence);
            w.Write(Updates);
            w.Write(Seconds);
        }

        /// <summary>Bytes <see cref="Write"/> writes per epoch.</summary>
        internal const int StoredBytes = 4 + 8 * 3 + 4 + 8;

        internal static VaeEpochMetrics Read(Persistence.PayloadReader r) => new()
        {
            Epoch = r.ReadInt32(),
            Loss = r.ReadDouble(),
            ReconstructionLoss = r.ReadDouble(),
            KlDivergence = r.ReadDouble(),
            Updates = r.ReadInt32(),
            Seconds = r.ReadDouble(),
        };

        /// <summary>The epoch's figures on one line, for logs.</summary>
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"epoch {Epoch}: loss {Loss:F4} (reconstruction {ReconstructionLoss:F4}, KL {KlDivergence:F4}), {Updates} steps, {Seconds:F2} s");
    }
}
