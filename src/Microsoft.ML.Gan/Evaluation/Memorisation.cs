using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// Whether synthetic rows copy training rows: nearest-training-row distances of synthetic and of held-out
    /// real rows, and the share of synthetic rows closer to a training row than the training set's closest pair.
    /// </summary>
    internal static class Memorisation
    {
        /// <param name="training">Every training row (searched for nearest neighbours, in blocks).</param>
        /// <param name="trainingSample">The training rows whose closest pair sets the threshold (at most maxRows of them).</param>
        /// <param name="real">Held-out real rows.</param>
        /// <param name="synthetic">Synthetic rows.</param>
        public static (double Share, double ClosestPair, double MedianSynthetic, double MedianReal) Compute(
            Tensor training, Tensor trainingSample, Tensor real, Tensor synthetic)
        {
            using var scope = torch.NewDisposeScope();
            double closestPair = ClosestPairDistance(trainingSample);
            var syntheticNearest = Distances.Nearest(synthetic, training);
            var realNearest = Distances.Nearest(real, training);
            double share = syntheticNearest.le(closestPair).to_type(ScalarType.Float64).mean().item<double>();
            return (share, closestPair, Distances.Median(syntheticNearest), Distances.Median(realNearest));
        }

        /// <summary>min over rows i != j of ||t_i - t_j||; 0 when the set has duplicate rows.</summary>
        internal static double ClosestPairDistance(Tensor rows)
        {
            using var scope = torch.NewDisposeScope();
            long n = rows.shape[0];
            using var d = Distances.Pairwise(rows, rows);
            d.masked_fill_(torch.eye(n, dtype: ScalarType.Bool), double.PositiveInfinity);
            return d.min().item<double>();
        }
    }
}
