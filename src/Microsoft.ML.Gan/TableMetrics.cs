using System.Collections.Generic;

// The results of GenerativeCatalog.EvaluateTable: TableMetrics and the records it is made of.
namespace Microsoft.ML.Gan
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

    /// <summary>
    /// How alike two columns' relation is in the real and the synthetic table, from 0 to 1 (1 = the same):
    /// "Correlation" (1 − |r_real − r_synthetic| / 2) for two continuous columns, "Contingency" (1 − TVD of the joint
    /// frequencies, continuous columns binned) otherwise.
    /// </summary>
    public sealed record ColumnPairSimilarity(string First, string Second, string Metric, double Score);

    /// <summary>
    /// The quality score in the manner of SDMetrics' quality report, each from 0 to 1 (1 = the same): the mean column
    /// shape score (1 − KS or 1 − TVD per column), the mean column pair trend score (<see cref="ColumnPairSimilarity"/>)
    /// and their mean. <see cref="ColumnPairTrends"/> is NaN for a one-column table, whose overall score is its column shapes.
    /// </summary>
    public sealed record TableQualityScore(double ColumnShapes, double ColumnPairTrends, double Overall);

    /// <summary>
    /// One column's real and synthetic shares per bin (continuous: equal-width bins over both tables' present values,
    /// labelled by their lower edge) or per category (the most frequent real ones; the rest as one "more" bin).
    /// </summary>
    public sealed record ColumnDistribution(string Column, ColumnKind Kind, IReadOnlyList<string> Bins,
        IReadOnlyList<double> Real, IReadOnlyList<double> Synthetic);

    /// <summary>
    /// What <see cref="GenerativeCatalog.EvaluateTable(IDataView, IDataView, IReadOnlyList{string}?, IReadOnlyCollection{string}?)"/> measures: per-column distances, their means by kind, the
    /// real and synthetic association matrices and the mean absolute difference between them, the quality score, and
    /// the distributions <see cref="GanReport.SaveTableMetrics"/> draws.
    /// </summary>
    /// <param name="Columns">Each compared column's distance, in table order.</param>
    /// <param name="MeanKolmogorovSmirnov">Mean distance of the continuous columns (NaN without any).</param>
    /// <param name="MeanTotalVariation">Mean distance of the categorical columns (NaN without any).</param>
    /// <param name="AssociationDifference">Mean |real − synthetic| over the pairs of distinct columns of the association matrices.</param>
    /// <param name="RealAssociations">The real table's association matrix.</param>
    /// <param name="SyntheticAssociations">The synthetic table's association matrix.</param>
    public sealed record TableMetrics(
        IReadOnlyList<ColumnSimilarity> Columns,
        double MeanKolmogorovSmirnov,
        double MeanTotalVariation,
        double AssociationDifference,
        AssociationMatrix RealAssociations,
        AssociationMatrix SyntheticAssociations)
    {
        /// <summary>Column shapes, column pair trends and overall score, from 0 to 1.</summary>
        public TableQualityScore Quality { get; init; } = new(double.NaN, double.NaN, double.NaN);

        /// <summary>The pair trend score of every pair of columns.</summary>
        public IReadOnlyList<ColumnPairSimilarity> Pairs { get; init; } = System.Array.Empty<ColumnPairSimilarity>();

        /// <summary>Every column's real and synthetic distribution, as drawn by <see cref="GanReport.SaveTableMetrics"/>.</summary>
        public IReadOnlyList<ColumnDistribution> Distributions { get; init; } = System.Array.Empty<ColumnDistribution>();

        /// <summary>
        /// The privacy checks against held-out rows, when <see cref="GenerativeCatalog.EvaluateTable(IDataView, IDataView, IDataView, IReadOnlyList{string}?, IReadOnlyCollection{string}?)"/>
        /// was given them (or <see cref="GenerativeCatalog.EvaluateTablePrivacy"/>'s result was attached with <c>with</c>); null otherwise.
        /// </summary>
        public TablePrivacy? Privacy { get; init; }
    }
}
