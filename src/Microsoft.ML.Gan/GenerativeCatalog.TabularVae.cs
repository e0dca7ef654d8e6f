using Microsoft.ML.Gan;

namespace Microsoft.ML
{
    public sealed partial class GenerativeCatalog
    {
        /// <summary>A tabular variational autoencoder (TVAE design) that learns a mixed-type table and generates rows with its columns and types.</summary>
        public TabularVaeEstimator TabularVae(TabularVaeEstimator.Options options) => new TabularVaeEstimator(Environment, options);

        /// <summary>A tabular variational autoencoder with TVAE's default training settings.</summary>
        /// <param name="columns">Columns to learn; null learns every visible column.</param>
        /// <param name="categoricalColumns">Numeric columns to treat as categorical.</param>
        /// <param name="epochs">Passes over the table.</param>
        /// <param name="batchSize">Rows per minibatch; null chooses it from the table's rows (as TabularGan's automatic batch).</param>
        /// <param name="seed">Seed of training and default seed of generation; null draws one from the MLContext.</param>
        public TabularVaeEstimator TabularVae(string[]? columns = null, string[]? categoricalColumns = null, int epochs = 300,
            int? batchSize = null, int? seed = null) =>
            TabularVae(new TabularVaeEstimator.Options
            {
                Columns = columns,
                CategoricalColumns = categoricalColumns,
                Epochs = epochs,
                BatchSize = batchSize,
                Seed = seed,
            });
    }
}
