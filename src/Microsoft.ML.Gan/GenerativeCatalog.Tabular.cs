using Microsoft.ML.Gan;

namespace Microsoft.ML
{
    public sealed partial class GenerativeCatalog
    {
        /// <summary>A tabular GAN (CTGAN design) that learns a mixed-type table and generates rows with its columns and types.</summary>
        public TabularGanEstimator TabularGan(TabularGanEstimator.Options options) => new TabularGanEstimator(Environment, options);

        /// <summary>A tabular GAN with CTGAN's default training settings.</summary>
        /// <param name="columns">Columns to learn; null learns every visible column.</param>
        /// <param name="categoricalColumns">Numeric columns to treat as categorical.</param>
        /// <param name="epochs">Passes over the table.</param>
        /// <param name="batchSize">Rows per minibatch; the table needs at least this many. Null: 500, or about 20 steps an epoch for tables under 10,000 rows.</param>
        /// <param name="seed">Seed of training and default seed of generation; null draws one from the MLContext.</param>
        public TabularGanEstimator TabularGan(string[]? columns = null, string[]? categoricalColumns = null, int epochs = 300,
            int? batchSize = null, int? seed = null) =>
            TabularGan(new TabularGanEstimator.Options
            {
                Columns = columns,
                CategoricalColumns = categoricalColumns,
                Epochs = epochs,
                BatchSize = batchSize,
                Seed = seed,
            });
    }
}
