using System;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// libtorch's FP32 matrix-product speed in this process, the ceiling the training loops are held against:
    /// one large product (most of the peak) and layer-sized ones (what an MLP GAN's layers multiply).
    /// </summary>
    internal static class ComputeCeiling
    {
        /// <summary>GFLOP/s of [m, k] x [k, n] (2mnk operations), best of <paramref name="reps"/> timings of enough products to last ~0.2 s.</summary>
        public static double MatmulGflops(int m, int k, int n, int reps = 5)
        {
            using var scope = torch.NewDisposeScope();
            var a = torch.randn(m, k);
            var b = torch.randn(k, n);
            a.mm(b).Dispose();
            double flops = 2.0 * m * n * k;
            // Enough products per timing that the clock's resolution and call overhead do not matter.
            int inner = (int)Math.Clamp(2e10 / flops, 1, 10_000);
            double best = double.MaxValue;
            for (int r = 0; r < reps; r++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < inner; i++)
                    a.mm(b).Dispose();
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / inner);
            }
            return flops / best / 1e9;
        }
    }

    /// <summary>
    /// Floating-point operations of one training iteration (one D step and one G step, batch B), counted from
    /// multiply-adds: a forward pass of G costs g multiply-adds per sample, of D d; a backward pass about twice its
    /// forward. D step: G forward (no grad), D forward+backward on a real and a fake batch = g + 6d; G step: G and D
    /// forward+backward = 3g + 3d. Per iteration 2 FLOPs x B x (4g + 9d). Biases, activations, normalisation, the
    /// loss and Adam are left out (a few percent of an MLP's work).
    /// </summary>
    internal static class FlopCount
    {
        public static double PerIteration(double gMacs, double dMacs, int batch) => 2.0 * batch * (4 * gMacs + 9 * dMacs);

        /// <summary>Multiply-adds per sample of an MLP input -> hidden... -> output.</summary>
        public static double Mlp(int input, int[] hidden, int output)
        {
            double macs = 0;
            int width = input;
            foreach (int h in hidden)
            {
                macs += (double)width * h;
                width = h;
            }
            return macs + (double)width * output;
        }

        /// <summary>BareDcganLoop's generator: Linear(latent, 4ngf*49), ConvT 7->14 (4ngf->2ngf), ConvT 14->28 (2ngf->1), 4x4 kernels.</summary>
        public static double DcganGenerator(int latent, int ngf) =>
            (double)latent * 4 * ngf * 49 + 49.0 * 4 * ngf * 2 * ngf * 16 + 196.0 * 2 * ngf * 1 * 16;

        /// <summary>BareDcganLoop's discriminator: Conv 28->14 (1->ndf), Conv 14->7 (ndf->2ndf), 4x4 kernels, Linear(2ndf*49, 1).</summary>
        public static double DcganDiscriminator(int ndf) =>
            196.0 * 1 * ndf * 16 + 49.0 * ndf * 2 * ndf * 16 + 2.0 * ndf * 49;
    }
}
