using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// GAN losses written on discriminator logits: log(sigmoid(l)) = -softplus(-l), so nothing saturates
    /// to log(0) however confident the discriminator gets.
    /// </summary>
    internal static class AdversarialLosses
    {
        /// <summary>Discriminator: -E[log D(x)] - E[log(1 - D(G(z)))].</summary>
        public static Tensor Discriminator(Tensor realLogits, Tensor fakeLogits) =>
            F.softplus(-realLogits).mean() + F.softplus(fakeLogits).mean();

        /// <summary>Generator, for the chosen objective.</summary>
        public static Tensor Generator(GanLoss loss, Tensor fakeLogits) => loss switch
        {
            // -E[log D(G(z))]
            GanLoss.NonSaturating => F.softplus(-fakeLogits).mean(),
            // E[log(1 - D(G(z)))] = -E[softplus(l)]
            GanLoss.Minimax => -F.softplus(fakeLogits).mean(),
            _ => throw new System.ArgumentOutOfRangeException(nameof(loss), loss, "Unknown GAN loss."),
        };
    }
}
