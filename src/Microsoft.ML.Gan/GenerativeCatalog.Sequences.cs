using Microsoft.ML.Gan;

namespace Microsoft.ML
{
    public sealed partial class GenerativeCatalog
    {
        /// <summary>
        /// A GAN for sequences in long format (one row per step), trained on sliding windows or on whole sequences, with
        /// optional static attributes per sequence; see <see cref="SequenceGanEstimator.Options"/>.
        /// </summary>
        public SequenceGanEstimator SequenceGan(SequenceGanEstimator.Options options) => new SequenceGanEstimator(Environment, options);

        /// <summary>A GAN for sequences in long format (one row per step), with default training settings.</summary>
        /// <param name="featureColumnNames">The columns of one step: numbers (scalar Single or Double, NaN missing) or categories (text or Boolean).</param>
        /// <param name="sequenceIdColumnName">The column telling sequences apart; null: the whole view is one series.</param>
        /// <param name="orderColumnName">The column ordering steps within a sequence (must increase); null: row order.</param>
        /// <param name="windowLength">Steps per training window and per generated sequence.</param>
        /// <param name="epochs">Passes over the training windows.</param>
        public SequenceGanEstimator SequenceGan(string[] featureColumnNames, string? sequenceIdColumnName = null, string? orderColumnName = null,
            int windowLength = 24, int epochs = 200) =>
            SequenceGan(new SequenceGanEstimator.Options
            {
                FeatureColumnNames = featureColumnNames,
                SequenceIdColumnName = sequenceIdColumnName,
                OrderColumnName = orderColumnName,
                WindowLength = windowLength,
                Epochs = epochs,
            });
    }
}
