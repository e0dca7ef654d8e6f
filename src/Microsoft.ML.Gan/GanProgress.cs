using System;

namespace Microsoft.ML.Gan
{
    /// <summary>Reported to <see cref="GanOptionsBase.Progress"/> after every epoch.</summary>
    public sealed class GanProgress
    {
        internal GanProgress(GanEpochMetrics metrics, int totalEpochs, TimeSpan elapsed, TimeSpan estimatedRemaining)
        {
            Metrics = metrics;
            TotalEpochs = totalEpochs;
            Elapsed = elapsed;
            EstimatedRemaining = estimatedRemaining;
        }

        /// <summary>The epoch just finished.</summary>
        public GanEpochMetrics Metrics { get; }

        /// <summary>The number of the epoch just finished, from 1.</summary>
        public int Epoch => Metrics.Epoch;

        /// <summary>The epochs this Fit call trains to (<c>Epochs</c>; an early stop ends sooner).</summary>
        public int TotalEpochs { get; }

        /// <summary>Training time so far in this Fit call.</summary>
        public TimeSpan Elapsed { get; }

        /// <summary>Time left, from the mean epoch time of this Fit call.</summary>
        public TimeSpan EstimatedRemaining { get; }
    }
}
