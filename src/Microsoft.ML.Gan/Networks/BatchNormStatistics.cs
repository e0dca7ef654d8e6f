using System;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// Batch norm's running statistics for the network generation uses. The weight average (EMA) never saw
    /// its own statistics, and the live generator's lag behind its last steps; so they are recomputed with
    /// the final weights as an exact average over fresh generated minibatches ("standing statistics",
    /// Brock et al. 2019), from a generator seeded for this purpose only. The conditions of a conditional network
    /// come from <c>conditions(rows, rng)</c> (the training data's sampler; null when unconditional).
    /// </summary>
    internal static class BatchNormStatistics
    {
        private const int Batches = 8;
        private const int Rows = 128;

        public static void Recompute(Sequential network, int latent, Func<long, torch.Generator, Tensor?> conditions, int seed, torch.Device device,
            FitCancellation cancel = default)
        {
            cancel.ThrowIfCancelled();
            var norms = network.modules().OfType<BatchNorm>().ToArray();
            if (norms.Length == 0)
                return;
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            using var rng = new torch.Generator(SeedStreams.Derive(seed, long.MinValue), torch.CPU);
            foreach (var bn in norms)
                bn.reset_running_stats();
            network.train();
            for (int i = 0; i < Batches; i++)
            {
                cancel.ThrowIfCancelled();
                // Momentum 1 / (i + 1) turns the running update into the plain mean over the batches so far.
                foreach (var bn in norms)
                    bn.momentum = 1.0 / (i + 1);
                var z = torch.randn(Rows, latent, generator: rng).On(device);
                var condition = conditions(Rows, rng)?.On(device);
                network.forward(condition is null ? z : torch.cat(new[] { z, condition }, 1));
            }
            foreach (var bn in norms)
                bn.momentum = 0.1;
            network.eval();
        }
    }
}
