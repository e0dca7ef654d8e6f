using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// k-NN manifold metrics: precision and recall (Kynkäänniemi et al. 2019, "Improved Precision and Recall
    /// Metric for Assessing Generative Models"), density and coverage (Naeem et al. 2020, "Reliable Fidelity
    /// and Diversity Metrics for Generative Models"). A row's ball has its k-th nearest neighbour distance
    /// within its own set as radius; "inside" is strict (&lt;), as in the authors' reference code (prdc), so a
    /// set compared with itself has density exactly 1.
    /// </summary>
    internal static class NearestNeighbourMetrics
    {
        public static (double Precision, double Recall, double Density, double Coverage) Compute(Tensor real, Tensor synthetic, int k)
        {
            using var scope = torch.NewDisposeScope();
            long m = synthetic.shape[0];
            Tensor realRadii, syntheticRadii;
            using (var within = Distances.Pairwise(real, real))
                realRadii = Distances.KthNeighbourRadii(within, k);
            using (var within = Distances.Pairwise(synthetic, synthetic))
                syntheticRadii = Distances.KthNeighbourRadii(within, k);

            using var cross = Distances.Pairwise(real, synthetic); // [real, synthetic]
            using var inRealBall = cross.lt(realRadii.unsqueeze(1)); // synthetic j inside real i's ball
            double precision = Share(inRealBall.any(0));
            double density = inRealBall.sum().item<long>() / ((double)k * m);
            double coverage = Share(cross.amin(new long[] { 1 }).lt(realRadii));
            using var inSyntheticBall = cross.lt(syntheticRadii.unsqueeze(0)); // real i inside synthetic j's ball
            double recall = Share(inSyntheticBall.any(1));
            return (precision, recall, density, coverage);
        }

        private static double Share(Tensor flags) => flags.to_type(ScalarType.Float64).mean().item<double>();
    }
}
