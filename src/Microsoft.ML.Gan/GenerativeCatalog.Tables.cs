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

        /// <summary>
        /// Compares a synthetic table with the rows its model was trained on, as
        /// <see cref="EvaluateTable(IDataView, IDataView, IReadOnlyList{string}?, IReadOnlyCollection{string}?)"/> does, and
        /// adds the privacy checks against rows held out from training (<see cref="TableMetrics.Privacy"/>, computed as
        /// <see cref="EvaluateTablePrivacy"/> does with its defaults).
        /// </summary>
        /// <param name="training">The rows the model was trained on.</param>
        /// <param name="synthetic">The synthetic table.</param>
        /// <param name="holdout">Rows of the same source that were not used in training.</param>
        /// <param name="columns">Columns to compare; null compares every visible column of <paramref name="training"/>.</param>
        /// <param name="categoricalColumns">Numeric columns to compare as categories.</param>
        /// <returns>The distances, association matrices, quality score and privacy checks.</returns>
        public TableMetrics EvaluateTable(IDataView training, IDataView synthetic, IDataView holdout,
            IReadOnlyList<string>? columns = null, IReadOnlyCollection<string>? categoricalColumns = null)
        {
            var metrics = EvaluateTable(training, synthetic, columns, categoricalColumns);
            return metrics with { Privacy = EvaluateTablePrivacy(training, holdout, synthetic, columns, categoricalColumns) };
        }

        /// <summary>
        /// Privacy checks of a synthetic table, for any model (differentially private or not), from its rows alone:
        /// the share of synthetic rows closer to a training row than to a held-out row (distance to closest record),
        /// median distances and nearest-neighbour distance ratios, and the AUC of a distance-based membership-inference
        /// attack (see <see cref="TablePrivacy"/>). Rows are compared on an encoding that weighs every column alike:
        /// continuous columns through the real rows' empirical CDF with a missing flag, categories one-hot (a
        /// mismatch counts 1). Near 0.5 is evidence against gross leakage, not a guarantee.
        /// </summary>
        /// <param name="training">The rows the model was trained on.</param>
        /// <param name="holdout">Rows of the same source that were not used in training (for example the test part of the
        /// split made before training).</param>
        /// <param name="synthetic">The synthetic table, for example a <see cref="TabularGanTransformer"/>'s rows.</param>
        /// <param name="columns">Columns to compare; null compares every visible column of <paramref name="training"/>.
        /// The other two tables need these columns, of the same kind.</param>
        /// <param name="categoricalColumns">Numeric columns to compare as categories.</param>
        /// <param name="maxRows">The training and held-out rows are each sampled to the same count, at most this many,
        /// and the synthetic rows to at most this many (seeded, without replacement): the work is O(maxRows²).</param>
        /// <param name="seed">Seeds the sampling.</param>
        public TablePrivacy EvaluateTablePrivacy(IDataView training, IDataView holdout, IDataView synthetic,
            IReadOnlyList<string>? columns = null, IReadOnlyCollection<string>? categoricalColumns = null, int maxRows = 5000, int seed = 0)
        {
            var host = Environment.Register("TablePrivacy");
            host.CheckValue(training, nameof(training));
            host.CheckValue(holdout, nameof(holdout));
            host.CheckValue(synthetic, nameof(synthetic));
            host.CheckParam(maxRows >= 2, nameof(maxRows), $"must be at least 2, but is {maxRows}.");
            TablePrivacy privacy;
            try
            {
                privacy = TablePrivacyCheck.Compute(training, holdout, synthetic, columns, categoricalColumns, maxRows, seed);
            }
            catch (ArgumentException e)
            {
                throw host.ExceptParam(e.ParamName ?? nameof(training), e.Message);
            }
            using (var ch = host.Start("Privacy checks"))
                ch.Info(MessageSensitivity.None, privacy.ToString());
            return privacy;
        }
    }
}
