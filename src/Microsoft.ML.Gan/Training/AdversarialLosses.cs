using System;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Adversarial losses written on discriminator outputs (logits for the cross-entropy family):
    /// log(sigmoid(l)) = -softplus(-l), so nothing saturates to log(0) however confident D gets.
    /// </summary>
    internal static class AdversarialLosses
    {
        /// <summary>
        /// Discriminator loss. <paramref name="realTarget"/> is 1, or 1 - s with one-sided label
        /// smoothing s (Salimans et al. 2016): only the real target is softened.
        /// </summary>
        public static Tensor Discriminator(GanLoss loss, Tensor real, Tensor fake, double realTarget = 1.0) => loss switch
        {
            // -E[t log D(x) + (1 - t) log(1 - D(x))] - E[log(1 - D(G(z)))]
            GanLoss.NonSaturating or GanLoss.Minimax => realTarget == 1.0
                ? F.softplus(-real).mean() + F.softplus(fake).mean()
                : (realTarget * F.softplus(-real) + (1 - realTarget) * F.softplus(real)).mean() + F.softplus(fake).mean(),
            GanLoss.LeastSquares => 0.5 * ((real - realTarget).square().mean() + fake.square().mean()),
            GanLoss.Hinge => F.relu(realTarget - real).mean() + F.relu(1.0 + fake).mean(),
            // The critic maximises E[D(x)] - E[D(G(z))]; the gradient penalty is added by the trainer.
            GanLoss.Wasserstein => fake.mean() - real.mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "This loss has no discriminator."),
        };

        /// <summary>
        /// The discriminator loss's terms per example, for DP-SGD's per-example clipping: real [real packs], fake [fake
        /// packs]; <see cref="Discriminator"/> is the mean of each plus the other (the penalties aside).
        /// </summary>
        public static (Tensor Real, Tensor Fake) DiscriminatorTerms(GanLoss loss, Tensor real, Tensor fake, double realTarget = 1.0)
        {
            real = real.reshape(-1);
            fake = fake.reshape(-1);
            return loss switch
            {
                GanLoss.NonSaturating or GanLoss.Minimax => (realTarget == 1.0 ? F.softplus(-real)
                    : realTarget * F.softplus(-real) + (1 - realTarget) * F.softplus(real), F.softplus(fake)),
                GanLoss.LeastSquares => (0.5 * (real - realTarget).square(), 0.5 * fake.square()),
                GanLoss.Hinge => (F.relu(realTarget - real), F.relu(1.0 + fake)),
                GanLoss.Wasserstein => (-real, fake),
                _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "This loss has no discriminator."),
            };
        }

        /// <summary>Generator loss, for the chosen objective, on D's output for generated samples.</summary>
        public static Tensor Generator(GanLoss loss, Tensor fake) => loss switch
        {
            // -E[log D(G(z))]
            GanLoss.NonSaturating => F.softplus(-fake).mean(),
            // E[log(1 - D(G(z)))] = -E[softplus(l)]
            GanLoss.Minimax => -F.softplus(fake).mean(),
            GanLoss.LeastSquares => 0.5 * (fake - 1.0).square().mean(),
            GanLoss.Hinge or GanLoss.Wasserstein => -fake.mean(),
            _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, "This loss has no discriminator."),
        };

        /// <summary>
        /// What the history reports as D's score: the probability for the cross-entropy losses, the raw
        /// output (a score or critic value) for the others.
        /// </summary>
        public static Tensor Score(GanLoss loss, Tensor output) =>
            loss is GanLoss.NonSaturating or GanLoss.Minimax ? torch.sigmoid(output).mean() : output.mean();
    }
}
