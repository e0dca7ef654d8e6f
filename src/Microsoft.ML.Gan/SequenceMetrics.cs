using System;
using System.Collections.Generic;

// What the evaluation of generated sequences measures: SequenceMetrics and the per-feature record it is made of.
namespace Microsoft.ML.Gan
{
    /// <summary>
    /// One feature of real and synthetic windows compared step by step: its values pooled over every window and step
    /// (the Wasserstein-1 distance and the Kolmogorov–Smirnov statistic, on the values scaled to [0, 1]), its
    /// autocorrelation at lags 1 … length − 1 averaged over the windows, and a few windows' values for the report.
    /// </summary>
    /// <param name="Feature">The feature's name.</param>
    /// <param name="Wasserstein">The area between the real and synthetic empirical CDFs: 0 identical, at most 1 on [0, 1].</param>
    /// <param name="KolmogorovSmirnov">The largest gap between the two empirical CDFs: 0 identical, 1 disjoint.</param>
    /// <param name="RealAutocorrelation">The real windows' mean autocorrelation, lag 1 first (NaN where every window is constant).</param>
    /// <param name="SyntheticAutocorrelation">The synthetic windows' mean autocorrelation, lag 1 first.</param>
    /// <param name="AutocorrelationDifference">The mean |real − synthetic| over the lags of the two curves.</param>
    public sealed record SequenceFeatureMetrics(
        string Feature,
        double Wasserstein,
        double KolmogorovSmirnov,
        IReadOnlyList<double> RealAutocorrelation,
        IReadOnlyList<double> SyntheticAutocorrelation,
        double AutocorrelationDifference)
    {
        /// <summary>A few real windows' values of this feature, one list per window (step order), as the report draws them.</summary>
        public IReadOnlyList<IReadOnlyList<double>> RealExamples { get; init; } = Array.Empty<IReadOnlyList<double>>();

        /// <summary>A few synthetic windows' values of this feature, one list per window (step order).</summary>
        public IReadOnlyList<IReadOnlyList<double>> SyntheticExamples { get; init; } = Array.Empty<IReadOnlyList<double>>();
    }

    /// <summary>
    /// Real and synthetic windows of a time series compared as the time-series GAN literature does (TimeGAN and later
    /// papers; docs/ARCHITECTURE.md, "Sequence scores"), plus step-by-step marginal and autocorrelation comparisons.
    /// Every figure is on the values scaled to [0, 1] per feature; for each, lower is better.
    /// </summary>
    /// <param name="DiscriminativeScore">|accuracy − 0.5| of a post-hoc GRU classifier trained on 80% of the real and of the
    /// synthetic windows to tell them apart and tested on the other 20%: 0 when it cannot tell, 0.5 when it always can.</param>
    /// <param name="PredictiveScore">Mean absolute error, on the real windows, of a post-hoc GRU trained on the synthetic
    /// windows to predict the last feature one step ahead from the other features (NaN with a single feature).</param>
    /// <param name="Features">Each feature's marginal distances and autocorrelation curves, in feature order.</param>
    /// <param name="MeanWasserstein">The mean of the features' <see cref="SequenceFeatureMetrics.Wasserstein"/>.</param>
    /// <param name="MeanKolmogorovSmirnov">The mean of the features' <see cref="SequenceFeatureMetrics.KolmogorovSmirnov"/>.</param>
    /// <param name="AutocorrelationDifference">The mean of the features' <see cref="SequenceFeatureMetrics.AutocorrelationDifference"/>.</param>
    public sealed record SequenceMetrics(
        double DiscriminativeScore,
        double PredictiveScore,
        IReadOnlyList<SequenceFeatureMetrics> Features,
        double MeanWasserstein,
        double MeanKolmogorovSmirnov,
        double AutocorrelationDifference)
    {
        /// <summary>
        /// The predictive score's reference: the same predictor trained on the real windows themselves (the "real data"
        /// row of the published tables); NaN when it was not asked for.
        /// </summary>
        public double RealPredictiveScore { get; init; } = double.NaN;

        /// <summary>Steps per window.</summary>
        public int WindowLength { get; init; }

        /// <summary>How many real windows were compared.</summary>
        public int RealWindows { get; init; }

        /// <summary>How many synthetic windows were compared.</summary>
        public int SyntheticWindows { get; init; }
    }
}
