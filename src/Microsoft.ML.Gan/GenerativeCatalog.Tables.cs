using System;
using System.Collections.Generic;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.ML.Runtime;

namespace Microsoft.ML
{
    public sealed partial class GenerativeCatalog
    {
        /// <summary>
        /// Compares a synthetic table with a real one, column by column and in how the columns relate: the
        /// Kolmogorov–Smirnov statistic of each continuous column, the total variation distance of each categorical
        /// one (0 identical, 1 disjoint), the difference in missing-value rates, and the mean absolute difference of
        /// the two association matrices (Pearson's r, Cramér's V, correlation ratio). Categories are matched by their
        /// text, so the two tables may have been read separately; the synthetic table needs the real one's columns.
        /// </summary>
        /// <param name="real">The real table.</param>
        /// <param name="synthetic">The synthetic table, for example a <see cref="TabularGanTransformer"/>'s rows.</param>
        /// <param name="columns">Columns to compare; null compares every visible column of <paramref name="real"/>.</param>
        /// <param name="categoricalColumns">Numeric columns to compare as categories.</param>
        /// <returns>The distances, association matrices and quality score; <see cref="GanReport.SaveTableMetrics"/> draws them.</returns>
        public TableMetrics EvaluateTable(IDataView real, IDataView synthetic,
            IReadOnlyList<string>? columns = null, IReadOnlyCollection<string>? categoricalColumns = null)
        {
            var host = Environment.Register("TableSimilarity");
            host.CheckValue(real, nameof(real));
            host.CheckValue(synthetic, nameof(synthetic));
            try
            {
                return TableSimilarity.Compare(real, synthetic, columns, categoricalColumns);
            }
            catch (ArgumentException e)
            {
                throw host.ExceptParam(nameof(synthetic), e.Message);
            }
        }
    }
}
