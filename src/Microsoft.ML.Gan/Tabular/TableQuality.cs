using System;
using System.Linq;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// One number for how alike two tables are, in [0, 1] (1 = identical), in the spirit of SDMetrics' quality
    /// report: column shapes = the mean over columns of 1 − KS (continuous) or 1 − TVD (categorical); pair trends =
    /// 1 − the mean absolute difference of the two association matrices; the score is the mean of the two.
    /// Used to pick the best epoch; the one place that turns a <see cref="TableSimilarityReport"/> into a score.
    /// </summary>
    internal static class TableQuality
    {
        public static double Score(TableSimilarityReport report)
        {
            if (report.Columns.Count == 0)
                throw new ArgumentException("The report has no columns to score.", nameof(report));
            double shapes = report.Columns.Average(c => 1 - c.Distance);
            double trends = 1 - report.AssociationDifference;
            return (shapes + trends) / 2;
        }
    }
}
