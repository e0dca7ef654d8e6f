using System;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>Runs every metric family for <c>GenerativeCatalog.Evaluate</c>: checks first, then reads, then computes.</summary>
    internal static class GenerativeEvaluator
    {
        public static GenerativeMetrics Evaluate(IHost host, IDataView real, IDataView synthetic, string columnName,
            string syntheticColumnName, IDataView? training, int? maxRows, int neighbours, int seed)
        {
            // Every schema check before any row is read.
            int size = EvaluationSets.CheckColumn(host, real, nameof(real), "real", columnName);
            int syntheticSize = EvaluationSets.CheckColumn(host, synthetic, nameof(synthetic), "synthetic", syntheticColumnName);
            if (syntheticSize != size)
                throw host.ExceptParam(nameof(synthetic),
                    $"The synthetic column '{syntheticColumnName}' has {syntheticSize} values per row but the real column '{columnName}' has {size}; both must have the same size.");
            if (training is not null)
            {
                int trainingSize = EvaluationSets.CheckColumn(host, training, nameof(training), "training", columnName);
                if (trainingSize != size)
                    throw host.ExceptParam(nameof(training),
                        $"The training column '{columnName}' has {trainingSize} values per row but the real column '{columnName}' has {size}; both must have the same size.");
            }

            using var scope = torch.NewDisposeScope();
            using var ch = host.Start("Evaluating synthetic data");
            var realRows = Sampled(host, real, columnName, size, "the real data", maxRows, seed);
            var syntheticRows = Sampled(host, synthetic, syntheticColumnName, size, "the synthetic data", maxRows, unchecked(seed + 1));
            int realCount = (int)realRows.shape[0], syntheticCount = (int)syntheticRows.shape[0];
            if (neighbours >= realCount || neighbours >= syntheticCount)
                throw host.ExceptParam(nameof(neighbours),
                    $"must be less than the rows used of each set (real: {realCount}, synthetic: {syntheticCount}), but is {neighbours}.");

            host.CheckAlive();
            var (mmd, bandwidth) = Mmd.Compute(realRows, syntheticRows);
            host.CheckAlive();
            double frechet = FrechetDistance.Compute(realRows, syntheticRows);
            host.CheckAlive();
            var (precision, recall, density, coverage) = NearestNeighbourMetrics.Compute(realRows, syntheticRows, neighbours);
            host.CheckAlive();
            var (accuracy, auc) = ClassifierTwoSampleTest.Run(host, realRows, syntheticRows, seed);

            double share = double.NaN, closestPair = double.NaN, medianSynthetic = double.NaN, medianReal = double.NaN;
            int trainingCount = 0;
            if (training is not null)
            {
                host.CheckAlive();
                var trainingRows = EvaluationSets.Load(host, training, columnName, size, "the training data");
                trainingCount = checked((int)trainingRows.shape[0]);
                if (trainingCount < 2)
                    throw host.ExceptParam(nameof(training), "needs at least 2 rows for the closest-pair distance of the memorisation figures, but has 1.");
                var trainingSample = EvaluationSets.Sample(trainingRows, maxRows, unchecked(seed + 2));
                (share, closestPair, medianSynthetic, medianReal) = Memorisation.Compute(trainingRows, trainingSample, realRows, syntheticRows);
            }

            var metrics = new GenerativeMetrics
            {
                Mmd = mmd,
                MmdBandwidth = bandwidth,
                FrechetDistance = frechet,
                Precision = precision,
                Recall = recall,
                Density = density,
                Coverage = coverage,
                ClassifierAccuracy = accuracy,
                ClassifierAuc = auc,
                MemorisedShare = share,
                TrainingClosestPairDistance = closestPair,
                MedianSyntheticToTrainingDistance = medianSynthetic,
                MedianRealToTrainingDistance = medianReal,
                RealCount = realCount,
                SyntheticCount = syntheticCount,
                TrainingCount = trainingCount,
                Neighbours = neighbours,
            };
            ch.Info(MessageSensitivity.None, metrics.ToString());
            return metrics;
        }

        private static Tensor Sampled(IHost host, IDataView data, string column, int size, string dataName, int? maxRows, int seed)
        {
            using var all = EvaluationSets.Load(host, data, column, size, dataName);
            return EvaluationSets.Sample(all, maxRows, seed);
        }
    }
}
