namespace Microsoft.ML.Gan
{
    /// <summary>How a table model (<c>TabularGan</c>, <c>TabularVae</c>) presents a continuous column to its networks.</summary>
    public enum NumericEncoding
    {
        /// <summary>
        /// The column's value as a standard normal score through its own quantiles (a Gaussian copula's marginal transform),
        /// decoded back through the same quantiles: one smooth scalar per column whatever its shape (skewed, multimodal,
        /// repeated values, a few integer levels), so relations between columns stay smooth functions the networks can
        /// learn. The model keeps at most 1,000 quantiles per column. The default.
        /// </summary>
        NormalScores = 0,

        /// <summary>
        /// CTGAN's mode-specific normalisation (Xu et al. 2019): a Gaussian mixture of up to <c>MaxModes</c> modes per column,
        /// the value encoded as the one-hot of a mode plus its offset in that mode. Keeps a column's modes apart, but
        /// splits a relation between two columns into pairs of modes the networks must match. On the suite of
        /// docs/BENCHMARKS.md it kept less of smooth relations than normal scores and more where numeric columns have a
        /// handful of values (scales, counts).
        /// </summary>
        ModeSpecific = 1,
    }
}
