using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// Squared maximum mean discrepancy, unbiased U-statistic (Gretton et al. 2012, eq. 3), Gaussian RBF
    /// kernel with the median-heuristic bandwidth.
    /// </summary>
    internal static class Mmd
    {
        public static (double Mmd, double Bandwidth) Compute(Tensor x, Tensor y)
        {
            using var scope = torch.NewDisposeScope();
            double bandwidth = MedianBandwidth(x, y);
            double gamma = 1.0 / (2 * bandwidth * bandwidth);
            double xx = MeanOffDiagonalKernel(x, gamma);
            double yy = MeanOffDiagonalKernel(y, gamma);
            double xy;
            using (var d = torch.cdist(x, y))
                xy = d.pow_(2).mul_(-gamma).exp_().mean().item<double>();
            return (xx + yy - 2 * xy, bandwidth);
        }

        /// <summary>
        /// The median of all pairwise distances among the pooled rows. When more than half of those are 0
        /// (many duplicate rows) the mean distance is used instead, and 1 when every row is the same (the
        /// kernel is then 1 everywhere and MMD is 0 whatever the bandwidth).
        /// </summary>
        internal static double MedianBandwidth(Tensor x, Tensor y)
        {
            using var scope = torch.NewDisposeScope();
            // Single precision is plenty for a bandwidth heuristic and halves the pooled matrix's memory.
            var pooled = torch.cat(new[] { x, y }, 0).to_type(ScalarType.Float32);
            long n = pooled.shape[0];
            Tensor distances;
            using (var all = torch.cdist(pooled, pooled))
            using (var upper = torch.ones(n, n, dtype: ScalarType.Bool).triu(1))
                distances = all.masked_select(upper); // each unordered pair once
            double median = Distances.Median(distances);
            if (median > 0)
                return median;
            double mean = distances.to_type(ScalarType.Float64).mean().item<double>();
            return mean > 0 ? mean : 1.0;
        }

        /// <summary>Mean of k(a_i, a_j) over i != j.</summary>
        private static double MeanOffDiagonalKernel(Tensor a, double gamma)
        {
            long n = a.shape[0];
            using var k = torch.cdist(a, a);
            k.pow_(2).mul_(-gamma).exp_();
            double total = k.sum().item<double>() - k.diagonal().sum().item<double>();
            return total / (n * (double)(n - 1));
        }
    }
}
