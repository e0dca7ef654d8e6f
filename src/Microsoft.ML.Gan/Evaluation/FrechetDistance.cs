using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// Fréchet distance between Gaussians fitted to two sets: ||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2)).
    /// </summary>
    internal static class FrechetDistance
    {
        public static double Compute(Tensor x, Tensor y)
        {
            using var scope = torch.NewDisposeScope();
            var (mu1, s1) = Moments(x);
            var (mu2, s2) = Moments(y);
            return FromMoments(mu1, s1, mu2, s2);
        }

        /// <summary>Sample mean and covariance (n - 1 denominator) of [rows, size] data, rows ≥ 2.</summary>
        internal static (Tensor Mean, Tensor Covariance) Moments(Tensor rows)
        {
            var mean = rows.mean(new long[] { 0 });
            var centred = rows - mean;
            var covariance = centred.T.matmul(centred).div_(rows.shape[0] - 1);
            return (mean, covariance);
        }

        /// <summary>
        /// The distance from means and covariances, in double precision. Tr((S1 S2)^(1/2)) is computed as
        /// Tr((A S2 A)^(1/2)) with A = S1^(1/2): A S2 A is similar to S1 S2 (same eigenvalues) but symmetric
        /// positive semi-definite, so symmetric eigendecompositions apply, with rounding-level negative
        /// eigenvalues clamped to 0 — no general (possibly complex) matrix square root is needed.
        /// </summary>
        internal static double FromMoments(Tensor mu1, Tensor s1, Tensor mu2, Tensor s2)
        {
            using var scope = torch.NewDisposeScope();
            mu1 = mu1.to_type(ScalarType.Float64);
            mu2 = mu2.to_type(ScalarType.Float64);
            s1 = Symmetric(s1.to_type(ScalarType.Float64));
            s2 = Symmetric(s2.to_type(ScalarType.Float64));

            double meanTerm = (mu1 - mu2).square().sum().item<double>();
            var (l1, q1) = torch.linalg.eigh(s1);
            var root1 = (q1 * l1.clamp_min(0).sqrt().unsqueeze(0)).matmul(q1.T);
            var inner = Symmetric(root1.matmul(s2).matmul(root1));
            double traceRoot = torch.linalg.eigvalsh(inner).clamp_min(0).sqrt().sum().item<double>();
            double distance = meanTerm + s1.trace().item<double>() + s2.trace().item<double>() - 2 * traceRoot;
            // The exact value is never negative; rounding can leave a tiny negative residue.
            return Math.Max(0, distance);
        }

        private static Tensor Symmetric(Tensor m) => (m + m.T).mul_(0.5);
    }
}
