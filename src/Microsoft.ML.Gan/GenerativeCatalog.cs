using Microsoft.ML.Gan;
using Microsoft.ML.Runtime;

namespace Microsoft.ML
{
    /// <summary>Generative models: reached through <c>mlContext.Generative()</c>.</summary>
    public sealed partial class GenerativeCatalog
    {
        internal GenerativeCatalog(IHostEnvironment env)
        {
            Contracts.CheckValue(env, nameof(env));
            Environment = env;
        }

        internal IHostEnvironment Environment { get; }

        /// <summary>A generative adversarial network trained on a float vector column.</summary>
        public GanEstimator Gan(GanEstimator.Options options) => new GanEstimator(Environment, options);

        /// <summary>A generative adversarial network trained on a float vector column, with default training settings.</summary>
        /// <param name="featureColumnName">The training data: a known-size vector of float.</param>
        /// <param name="outputColumnName">The generated column, same size and units as the features.</param>
        /// <param name="labelColumnName">The column to condition on, or null.</param>
        /// <param name="latentDimension">Size of the generator's noise vector; null picks the feature size, clamped to [2, 128].</param>
        /// <param name="epochs">Passes over the training data.</param>
        /// <param name="batchSize">Rows per minibatch.</param>
        public GanEstimator Gan(string featureColumnName = "Features", string outputColumnName = "Generated",
            string? labelColumnName = null, int? latentDimension = null, int epochs = 100, int batchSize = 64) =>
            Gan(new GanEstimator.Options
            {
                FeatureColumnName = featureColumnName,
                OutputColumnName = outputColumnName,
                LabelColumnName = labelColumnName,
                LatentDimension = latentDimension,
                Epochs = epochs,
                BatchSize = batchSize,
            });
    }

    /// <summary>Adds <see cref="Generative"/> to <see cref="MLContext"/>.</summary>
    public static class GenerativeCatalogExtensions
    {
        /// <summary>The catalog of generative models (GANs).</summary>
        public static GenerativeCatalog Generative(this MLContext mlContext)
        {
            Contracts.CheckValue(mlContext, nameof(mlContext));
            return new GenerativeCatalog(mlContext);
        }
    }
}
