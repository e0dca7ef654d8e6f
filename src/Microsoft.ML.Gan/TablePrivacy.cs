namespace Microsoft.ML.Gan
{
    /// <summary>
    /// Privacy checks of a synthetic table against the rows its model was trained on and rows held out from
    /// training, from the synthetic rows alone (any model, differentially private or not). Rows are compared as
    /// <see cref="GenerativeCatalog.EvaluateTablePrivacy"/> describes: every continuous column mapped through the
    /// real rows' empirical CDF (0 to 1) with a missing-value flag, every categorical column one-hot so that a
    /// mismatch counts 1, Euclidean distance. The training and held-out rows are sampled to the same count
    /// (<see cref="ComparedRows"/> each), so the ideal shares and scores are 0.5.
    /// These are empirical checks of one attack and one statistic: figures near 0.5 are evidence against gross
    /// leakage, not a guarantee; only differentially private training bounds what any attack can learn.
    /// </summary>
    /// <param name="DcrShareCloserToTraining">Distance to closest record (DCR): the share of synthetic rows whose
    /// nearest training row is closer than their nearest held-out row (ties count one half). Ideal 0.5; 1 when the
    /// synthetic rows copy training rows.</param>
    /// <param name="MedianDcrToTraining">Median distance of a synthetic row to its nearest training row.</param>
    /// <param name="MedianDcrToHoldout">Median distance of a synthetic row to its nearest held-out row.</param>
    /// <param name="MedianNndrToTraining">Median nearest-neighbour distance ratio of the synthetic rows against the
    /// training rows: nearest over second-nearest distance (0 for a copy of a training row, towards 1 for a row
    /// between several); 1 where both distances are 0.</param>
    /// <param name="MedianNndrToHoldout">The same against the held-out rows: the value a model that leaks nothing gets.</param>
    /// <param name="MembershipAttackAuc">The AUC of the distance-to-closest-synthetic-record membership-inference attack
    /// (the "full black-box" attack of GAN-Leaks, Chen et al. 2020): each training and held-out row is scored by
    /// minus its distance to the nearest synthetic row, and the AUC is that score's chance of ranking a training
    /// row above a held-out row (ties one half). Ideal 0.5; 1 when the synthetic rows copy the training rows.</param>
    /// <param name="TrainingRows">Rows of the training table.</param>
    /// <param name="HoldoutRows">Rows of the held-out table.</param>
    /// <param name="ComparedRows">Rows of each of the training and held-out tables compared (sampled without replacement).</param>
    /// <param name="SyntheticRows">Synthetic rows compared (sampled without replacement).</param>
    public sealed record TablePrivacy(
        double DcrShareCloserToTraining,
        double MedianDcrToTraining,
        double MedianDcrToHoldout,
        double MedianNndrToTraining,
        double MedianNndrToHoldout,
        double MembershipAttackAuc,
        int TrainingRows,
        int HoldoutRows,
        int ComparedRows,
        int SyntheticRows)
    {
        /// <summary>The figures in one line.</summary>
        public override string ToString() => string.Format(System.Globalization.CultureInfo.InvariantCulture,
            "DCR share closer to training {0:F3} (ideal 0.5), median DCR training {1:F3} / holdout {2:F3}, median NNDR training {3:F3} / holdout {4:F3}, " +
            "membership attack AUC {5:F3} (ideal 0.5); {6} of {7} training and of {8} held-out rows, {9} synthetic rows",
            DcrShareCloserToTraining, MedianDcrToTraining, MedianDcrToHoldout, MedianNndrToTraining, MedianNndrToHoldout,
            MembershipAttackAuc, ComparedRows, TrainingRows, HoldoutRows, SyntheticRows);
    }
}
