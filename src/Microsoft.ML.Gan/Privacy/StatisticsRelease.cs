using System;
using Microsoft.ML.Gan.Numerics;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Privacy
{
    /// <summary>
    /// The noise of a one-off release of histograms about the data before training (a table's category counts and the
    /// shape of its numeric columns), by the Gaussian mechanism: every row adds one to exactly one bin of each of the
    /// <see cref="Histograms"/> histograms, so the joint release has L2 sensitivity √H, and each count gets
    /// N(0, (σ√H)²) with σ = <see cref="NoiseMultiplier"/>. To the accountant the release is one step of the sampled
    /// Gaussian mechanism at sampling rate 1 (RDP α/(2σ²), that is ρ-zero-concentrated DP with ρ = 1/(2σ²)), composed
    /// with the training steps. σ gives the release <c>share</c> of the ρ the whole budget allows: (ε, δ) is what
    /// ρ_total-zCDP guarantees when ε = ρ_total + 2√(ρ_total log(1/δ)) (Bun and Steinke 2016), so
    /// ρ_total = (√(log(1/δ) + ε) − √(log(1/δ)))² and σ = 1/√(2 · share · ρ_total). A share of ε itself would not do: a
    /// single Gaussian release cannot reach a small ε through the RDP conversion at all. The training steps' noise is
    /// then calibrated with the release composed, so the whole run spends exactly ε. Categories not known in advance are released only where their noisy count
    /// passes <see cref="CategoryThreshold"/>: a category held by one row alone then appears with probability at most
    /// <see cref="ThresholdDelta"/> over all columns, which adds to δ (docs/ARCHITECTURE.md, "Private statistics").
    /// </summary>
    internal sealed class StatisticsRelease
    {
        /// <summary>The share of δ kept for the category thresholds when there are categorical columns.</summary>
        public const double ThresholdDeltaShare = 0.1;

        /// <param name="epsilon">The run's whole ε.</param>
        /// <param name="delta">The run's whole δ.</param>
        /// <param name="share">The share of the budget's ρ (zero-concentrated DP) the release takes, in (0, 1).</param>
        /// <param name="histograms">H: histograms released (each row in one bin of each).</param>
        /// <param name="thresholdedColumns">Columns whose categories are released by threshold.</param>
        public StatisticsRelease(double epsilon, double delta, double share, int histograms, int thresholdedColumns)
        {
            Contracts.CheckParam(share > 0 && share < 1, nameof(share), $"The statistics' share of ε is in (0, 1); it was {share}.");
            Contracts.CheckParam(histograms >= 1, nameof(histograms), "At least one histogram.");
            Contracts.CheckParam(thresholdedColumns >= 0, nameof(thresholdedColumns), "Zero or more thresholded columns.");
            Histograms = histograms;
            ThresholdDelta = thresholdedColumns > 0 ? delta * ThresholdDeltaShare : 0;
            AccountedDelta = delta - ThresholdDelta;
            double logInverseDelta = -Math.Log(AccountedDelta);
            double rho = Math.Pow(Math.Sqrt(logInverseDelta + epsilon) - Math.Sqrt(logInverseDelta), 2);
            NoiseMultiplier = 1 / Math.Sqrt(2 * share * rho);
            CountNoise = NoiseMultiplier * Math.Sqrt(histograms);
            CategoryThreshold = thresholdedColumns > 0 ? 1 + CountNoise * UpperTailQuantile(ThresholdDelta / thresholdedColumns) : 0;
        }

        public int Histograms { get; }

        /// <summary>σ of the release: the noise's standard deviation over its L2 sensitivity √H.</summary>
        public double NoiseMultiplier { get; }

        /// <summary>The standard deviation of the noise on each count: σ√H.</summary>
        public double CountNoise { get; }

        /// <summary>τ: a category not known in advance is released when its noisy count is above this.</summary>
        public double CategoryThreshold { get; }

        /// <summary>The part of δ the thresholds take (0 without thresholded columns).</summary>
        public double ThresholdDelta { get; }

        /// <summary>The δ the RDP accountant converts at: the run's δ less <see cref="ThresholdDelta"/>.</summary>
        public double AccountedDelta { get; }

        /// <summary>z with P(N(0, 1) &gt; z) = <paramref name="p"/>, by bisection on the precise log tail (p down to 10⁻³⁰⁰).</summary>
        internal static double UpperTailQuantile(double p)
        {
            Contracts.CheckParam(p > 0 && p < 0.5, nameof(p), $"A tail probability in (0, 0.5); it was {p}.");
            double target = Math.Log(p), low = 0, high = 40;
            for (int i = 0; i < 200 && high - low > 1e-12; i++)
            {
                double mid = (low + high) / 2;
                // log P(N > z) = log(erfc(z/√2) / 2)
                if (ErrorFunction.LogErfc(mid / Math.Sqrt(2)) - Math.Log(2) > target)
                    low = mid;
                else
                    high = mid;
            }
            return high;
        }
    }
}
