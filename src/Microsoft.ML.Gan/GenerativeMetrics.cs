using System.Globalization;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// How closely a synthetic data set matches a real one, from <c>mlContext.Generative().Evaluate(...)</c>.
    /// Every figure is computed on the rows left after subsampling (<see cref="RealCount"/>,
    /// <see cref="SyntheticCount"/>), in the features' own units (no scaling), with Euclidean distances.
    /// </summary>
    public sealed class GenerativeMetrics
    {
        internal GenerativeMetrics()
        {
        }

        /// <summary>
        /// Squared maximum mean discrepancy, the unbiased estimate (U-statistic, Gretton et al. 2012) with
        /// the Gaussian RBF kernel k(x, y) = exp(-||x - y||^2 / (2 s^2)), where the bandwidth s is the median
        /// of all pairwise distances in the pooled real and synthetic rows (median heuristic; the mean distance
        /// if that median is 0, and 1 if every row is the same).
        /// Ideal value: 0. Being unbiased it can be slightly negative when the two sets match; larger
        /// values mean more different distributions (at most 2).
        /// </summary>
        public double Mmd { get; internal init; }

        /// <summary>The RBF kernel bandwidth s used by <see cref="Mmd"/> (median pooled pairwise distance).</summary>
        public double MmdBandwidth { get; internal init; }

        /// <summary>
        /// Fréchet distance between Gaussians fitted to the two sets (the formula of FID, on the raw
        /// features): ||mu_r - mu_s||^2 + Tr(S_r + S_s - 2 (S_r S_s)^(1/2)), with sample means and
        /// covariances (n - 1 denominator). Ideal value: 0; it grows with the squared distance between the
        /// means and with the mismatch between the covariances, in squared feature units.
        /// </summary>
        public double FrechetDistance { get; internal init; }

        /// <summary>
        /// Share of synthetic rows that fall inside the real manifold: strictly closer to some real row x
        /// than x's k-th nearest real neighbour (Kynkäänniemi et al. 2019, k = neighbours). Measures
        /// fidelity. Ideal value: 1; 0 means no synthetic row looks real.
        /// </summary>
        public double Precision { get; internal init; }

        /// <summary>
        /// Share of real rows that fall inside the synthetic manifold: strictly closer to some synthetic row
        /// y than y's k-th nearest synthetic neighbour (Kynkäänniemi et al. 2019). Measures diversity
        /// (mode coverage). Ideal value: 1.
        /// </summary>
        public double Recall { get; internal init; }

        /// <summary>
        /// Naeem et al. 2020: (1 / (k M)) * sum over synthetic rows y of the number of real k-NN balls that
        /// strictly contain y (M synthetic rows). A fidelity measure robust to real outliers. Ideal value: about 1
        /// (exactly 1 when the synthetic set equals the real one); above 1 means synthetic rows crowd where
        /// real rows are dense, below 1 that they stray.
        /// </summary>
        public double Density { get; internal init; }

        /// <summary>
        /// Naeem et al. 2020: share of real rows whose k-NN ball strictly contains at least one synthetic
        /// row. A diversity measure robust to synthetic outliers. Ideal value: 1.
        /// </summary>
        public double Coverage { get; internal init; }

        /// <summary>
        /// Classifier two-sample test: held-out accuracy of a small FastTree classifier trained to tell real
        /// (label true) from synthetic (false) rows, on balanced sets split in halves (by a seeded hash of each
        /// row's values, so a row present in both sets falls in one half with both labels). Ideal value: 0.5 (the
        /// classifier cannot tell them apart); 1 means the synthetic rows are trivially recognisable.
        /// </summary>
        public double ClassifierAccuracy { get; internal init; }

        /// <summary>
        /// Area under the ROC curve of the same classifier on the held-out half. Ideal value: 0.5;
        /// 1 means perfectly separable sets.
        /// </summary>
        public double ClassifierAuc { get; internal init; }

        /// <summary>
        /// Share of synthetic rows whose distance to their nearest training row is at most the closest-pair
        /// distance of the training set, d_min = min over training rows i != j of ||t_i - t_j||: a synthetic
        /// row that close to a training row is nearer to it than any two training rows are to each other, so
        /// it is most likely a copy (an exact copy always counts). Ideal value: near 0; 1 means every
        /// synthetic row is a copy. NaN when no training data was given.
        /// </summary>
        public double MemorisedShare { get; internal init; }

        /// <summary>The closest-pair distance d_min of the training rows that <see cref="MemorisedShare"/> compares with. NaN without training data.</summary>
        public double TrainingClosestPairDistance { get; internal init; }

        /// <summary>
        /// Median distance from a synthetic row to its nearest training row. Compare with
        /// <see cref="MedianRealToTrainingDistance"/>: about equal is ideal; much smaller signals that the
        /// generator copies its training rows (0 for exact copies). NaN without training data.
        /// </summary>
        public double MedianSyntheticToTrainingDistance { get; internal init; }

        /// <summary>
        /// Median distance from a real (held-out, not trained on) row to its nearest training row: the
        /// reference for <see cref="MedianSyntheticToTrainingDistance"/>. NaN without training data.
        /// </summary>
        public double MedianRealToTrainingDistance { get; internal init; }

        /// <summary>Real rows used, after subsampling to at most maxRows.</summary>
        public int RealCount { get; internal init; }

        /// <summary>Synthetic rows used, after subsampling to at most maxRows.</summary>
        public int SyntheticCount { get; internal init; }

        /// <summary>Training rows searched for nearest neighbours (all of them); 0 without training data.</summary>
        public int TrainingCount { get; internal init; }

        /// <summary>The k of the k-nearest-neighbour metrics.</summary>
        public int Neighbours { get; internal init; }

        /// <inheritdoc/>
        public override string ToString() => string.Format(CultureInfo.InvariantCulture,
            "MMD^2 {0:G4} (bandwidth {1:G4}), Fréchet {2:G4}, precision {3:F3}, recall {4:F3}, density {5:F3}, coverage {6:F3}, " +
            "classifier accuracy {7:F3} AUC {8:F3}, memorised {9:F3}, median synthetic/real-to-training distance {10:G4}/{11:G4} " +
            "({12} real, {13} synthetic, {14} training rows, k = {15})",
            Mmd, MmdBandwidth, FrechetDistance, Precision, Recall, Density, Coverage, ClassifierAccuracy, ClassifierAuc,
            MemorisedShare, MedianSyntheticToTrainingDistance, MedianRealToTrainingDistance,
            RealCount, SyntheticCount, TrainingCount, Neighbours);
    }
}
