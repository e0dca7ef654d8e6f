namespace Microsoft.ML.Gan
{
    /// <summary>How a table column is modelled: continuous (mode-specific normalisation) or categorical (one-hot).</summary>
    public enum ColumnKind
    {
        /// <summary>A number or a date, modelled with mode-specific normalisation.</summary>
        Continuous,
        /// <summary>Text, Boolean, key, or a number marked categorical: one-hot.</summary>
        Categorical,
    }
}
