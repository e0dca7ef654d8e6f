using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Squared maximum mean discrepancy with a mixture of RBF kernels (generative moment matching):
    /// MMD^2 = E k(x,x') + E k(y,y') - 2 E k(x,y), biased estimate on two minibatches. Several bandwidths
    /// (in standardised units) give gradients at every scale, from far-apart modes to fine detail.
    /// </summary>
    internal static class MmdLoss
    {
        public static readonly double[] DefaultBandwidths = { 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5 };

        public static Tensor Compute(Tensor x, Tensor y, IReadOnlyList<double> bandwidths)
        {
            var all = torch.cat(new[] { x, y }, 0);
            var squared = torch.cdist(all, all).square();
            var kernel = bandwidths.Select(h => torch.exp(-squared / (2 * h * h))).Aggregate((a, b) => a + b);
            long n = x.shape[0];
            var kxx = kernel.narrow(0, 0, n).narrow(1, 0, n);
            var kyy = kernel.narrow(0, n, y.shape[0]).narrow(1, n, y.shape[0]);
            var kxy = kernel.narrow(0, 0, n).narrow(1, n, y.shape[0]);
            return kxx.mean() + kyy.mean() - 2 * kxy.mean();
        }
    }
}
