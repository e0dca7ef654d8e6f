using System;
using System.Linq;
using Microsoft.ML.Gan.Privacy;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    public sealed partial class TabularGanEstimator
    {
        /// <summary>
        /// Fits with <see cref="GanOptionsBase.Privacy"/>: the column statistics released as noisy histograms
        /// (<see cref="PrivateTableSketch"/>, at the noise <see cref="StatisticsRelease"/> sets from
        /// <see cref="DifferentialPrivacyOptions.StatisticsShare"/>), the encoder and the generation conditions fitted on
        /// what was released alone, the rows mapped into it, then DP-SGD on the critic over Poisson samples
        /// (<see cref="PrivateTableMinibatches"/>), its noise calibrated so that the statistics and the steps together
        /// spend the target ε. One row a pack: packs of a Poisson sample are not accounted.
        /// </summary>
        private TabularGanTransformer FitPrivate(IChannel ch, TableData table, ConstraintPlan constraints, int seed,
            TorchSharp.torch.Device device, TrainingCheckpoint? resume, Data.FitCancellation cancel)
        {
            var privacy = _options.Privacy!;
            double delta = new PrivacySettings(privacy.Epsilon, privacy.Delta, privacy.ClipNorm).ResolveDelta(table.Rows);
            var release = new StatisticsRelease(privacy.Epsilon, delta, privacy.StatisticsShare,
                PrivateTableSketch.Histograms(table), PrivateTableSketch.ThresholdedColumns(table));
            PrivateTableSketch sketch;
            try
            {
                sketch = new PrivateTableSketch(table, release.CountNoise, release.CategoryThreshold, _options.MaxCategories, seed);
            }
            catch (InvalidOperationException e)
            {
                throw _host.Except(e, e.Message);
            }
            ch.Info(MessageSensitivity.None,
                $"Differential privacy: {release.Histograms} column histograms released with noise {release.CountNoise:G4} on each count " +
                $"(noise multiplier {release.NoiseMultiplier:G4}); a category is kept when its noisy count is above {release.CategoryThreshold:F1}.");
            foreach (var (column, kept) in sketch.ReleasedCategories)
            {
                int all = ((CategoricalColumnData)table[column]).Categories.Count;
                if (kept.Count < all)
                    ch.Info(MessageSensitivity.None, $"Column '{column}': {kept.Count} of its categories are common enough to publish; rows of the others train as its most frequent one.");
            }
            var rows = sketch.Map(table);
            var encoding = FitEncoding(sketch.Proxy, seed, cancel);
            var (batch, _, _) = TableBatchSize.Plan(rows.Rows, _options.BatchSize, 1);
            int latent = _options.ResolveLatentDimension(encoding.Width);
            using var encoded = encoding.EncodeTensor(rows, new Random(seed));
            var conditions = sketch.Conditions; // the model's: it goes with the model
            using var source = new PrivateTableMinibatches(encoded, rows, conditions);
            return Train(ch, source, encoding, conditions, conditions, constraints, heldOut: null, latent, batch, packing: 1, seed, device, resume,
                $"{rows.Rows} rows of {rows.Columns.Count} columns ({rows.Continuous.Count()} continuous, {rows.Categorical.Count()} categorical",
                new StatisticsNoise(release.NoiseMultiplier, release.ThresholdDelta));
        }
    }
}
