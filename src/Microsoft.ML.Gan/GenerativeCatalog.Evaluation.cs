using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.ML.Runtime;

namespace Microsoft.ML
{
    public sealed partial class GenerativeCatalog
    {
        /// <summary>
        /// Compares synthetic rows with real ones: kernel (MMD) and Gaussian (Fréchet) distances, k-NN
        /// precision, recall, density and coverage, a classifier two-sample test and, given the generator's
        /// training rows, memorisation figures. See <see cref="GenerativeMetrics"/> for each figure's
        /// definition and ideal value.
        /// </summary>
        /// <param name="real">Real rows, ideally held out from the generator's training.</param>
        /// <param name="synthetic">Generated rows, for example a <see cref="GanTransformer"/>'s output.</param>
        /// <param name="columnName">The known-size float vector column of <paramref name="real"/> (and of <paramref name="training"/>).</param>
        /// <param name="syntheticColumnName">The column of <paramref name="synthetic"/>; by default <paramref name="columnName"/>.
        /// It must have the same size as the real column.</param>
        /// <param name="training">The rows the generator was trained on, for the memorisation figures (all rows are
        /// searched); when null those figures are NaN.</param>
        /// <param name="maxRows">Each of real and synthetic is subsampled (seeded, without replacement) to at most this
        /// many rows, which bounds the O(n^2) distance work; null uses every row.</param>
        /// <param name="neighbours">The k of the k-NN metrics: at least 1 and less than the rows used of each set.</param>
        /// <param name="seed">Seeds the subsampling and the classifier's split and training.</param>
        public GenerativeMetrics Evaluate(IDataView real, IDataView synthetic, string columnName = "Features",
            string? syntheticColumnName = null, IDataView? training = null, int? maxRows = 2000, int neighbours = 5, int seed = 0)
        {
            var host = Environment.Register("GenerativeEvaluator");
            host.CheckValue(real, nameof(real));
            host.CheckValue(synthetic, nameof(synthetic));
            host.CheckNonEmpty(columnName, nameof(columnName));
            syntheticColumnName ??= columnName;
            host.CheckNonEmpty(syntheticColumnName, nameof(syntheticColumnName));
            host.CheckParam(neighbours >= 1, nameof(neighbours), $"must be at least 1, but is {neighbours}.");
            host.CheckParam(maxRows is null || maxRows >= 2, nameof(maxRows), $"must be at least 2 (or null for every row), but is {maxRows}.");
            return GenerativeEvaluator.Evaluate(host, real, synthetic, columnName, syntheticColumnName, training, maxRows, neighbours, seed);
        }
    }
}
