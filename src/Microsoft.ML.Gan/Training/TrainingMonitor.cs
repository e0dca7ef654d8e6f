using System;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// After each epoch: logs the metrics to ML.NET's channel, reports progress with a time-left
    /// estimate, and warns (once each) about the failure modes users meet: a discriminator that wins
    /// outright for many epochs, and generated samples collapsing together.
    /// </summary>
    internal sealed class TrainingMonitor
    {
        internal const int WinningEpochsBeforeWarning = 5;
        internal const double CollapsedDiversity = 0.2;

        private readonly TrainerSettings _settings;
        private int _winningEpochs;
        private bool _warnedWinning, _warnedCollapse;

        public TrainingMonitor(TrainerSettings settings) => _settings = settings;

        public void EpochEnded(IChannel ch, GanEpochMetrics metrics, int epochsThisRun, TimeSpan elapsed)
        {
            ch.Info(MessageSensitivity.None, metrics.ToString());
            WarnIfDiscriminatorWins(ch, metrics);
            WarnIfCollapsed(ch, metrics);
            var remaining = TimeSpan.FromTicks(elapsed.Ticks / Math.Max(1, epochsThisRun) * (_settings.Epochs - metrics.Epoch));
            _settings.Progress?.Report(new GanProgress(metrics, _settings.Epochs, elapsed, remaining));
        }

        private void WarnIfDiscriminatorWins(IChannel ch, GanEpochMetrics m)
        {
            // Only the cross-entropy losses report probabilities that make "winning" well defined.
            if (_settings.Loss is not (GanLoss.NonSaturating or GanLoss.Minimax))
                return;
            _winningEpochs = m.MeanRealScore > 0.95 && m.MeanFakeScore < 0.05 ? _winningEpochs + 1 : 0;
            if (_winningEpochs < WinningEpochsBeforeWarning || _warnedWinning)
                return;
            _warnedWinning = true;
            ch.Warning($"The discriminator has won outright for {_winningEpochs} epochs (D(x) {m.MeanRealScore:F3}, D(G(z)) {m.MeanFakeScore:F3}): " +
                "the generator gets little useful signal. Try LabelSmoothing = 0.1, InstanceNoise = 0.1, a lower DiscriminatorLearningRate, or Loss = Wasserstein.");
        }

        private void WarnIfCollapsed(IChannel ch, GanEpochMetrics m)
        {
            if (!(m.DiversityRatio < CollapsedDiversity) || _warnedCollapse)
                return;
            _warnedCollapse = true;
            ch.Warning($"Generated samples are far less spread out than real ones in epoch {m.Epoch} (diversity ratio {m.DiversityRatio:F3}): " +
                "likely mode collapse. Try Packing = 2 to 4, MinibatchStdDev = true, Loss = Wasserstein, or Loss = Mmd.");
        }
    }
}
