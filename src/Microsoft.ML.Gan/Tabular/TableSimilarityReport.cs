using System.Collections.Generic;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// One column's distance between real and synthetic values: the Kolmogorov–Smirnov statistic (largest gap
    /// between the two empirical CDFs of the present values) for a continuous column, the total variation
    /// distance (half the L1 distance of the category frequencies) for a categorical one; 0 is identical, 1 disjoint.
    /// <see cref="MissingRateDifference"/> is |real − synthetic| share of missing values.
    /// </summary>
    public sealed record ColumnSimilarity(string Column, ColumnKind Kind, double Distance, double MissingRateDifference)
    {
        /// <summary>"KS" or "TVD".</summary>
        public string Metric => Kind == ColumnKind.Continuous ? "KS" : "TVD";
    }

    /// <summary>Per-column distances, their means by kind, and the mean absolute difference of the association matrices.</summary>
    public sealed record TableSimilarityReport(
        IReadOnlyList<ColumnSimilarity> Columns,
        double MeanKolmogorovSmirnov,
        double MeanTotalVariation,
        double AssociationDifference,
        AssociationMatrix Real,
        AssociationMatrix Synthetic);
}
