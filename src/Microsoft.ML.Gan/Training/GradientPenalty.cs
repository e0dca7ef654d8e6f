using System;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Penalties on the critic's input gradient. WGAN-GP's penalty (Gulrajani et al. 2017): E[(||grad D(x_hat)||_2 - 1)^2] at random points
    /// x_hat on lines between real and generated samples, so that the critic stays 1-Lipschitz.
    /// With packing (PacGAN), the critic's input is a pack of rows, so the point is drawn per pack (one
    /// mixing weight for all its rows) and the norm is taken over the whole pack's gradient, as CTGAN does;
    /// a per-row norm would constrain a function the critic never computes.
    /// </summary>
    internal static class GradientPenalty
    {
        /// <param name="critic">Maps [rows, size] (rows a multiple of <paramref name="packing"/>) to one output per pack.</param>
        /// <param name="real">Real rows, [rows, size].</param>
        /// <param name="fake">Generated rows, same shape, in the same pack order.</param>
        /// <param name="rng">Draws the mixing weights.</param>
        /// <param name="packing">Rows per pack (1 = no packing).</param>
        public static Tensor Compute(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, torch.Generator rng, int packing = 1)
        {
            long rows = real.shape[0];
            if (packing < 1 || rows % packing != 0)
                throw new ArgumentException($"{rows} rows do not make whole packs of {packing}.", nameof(packing));
            long packs = rows / packing;
            var epsilon = torch.rand(packs, 1, device: rng.device, generator: DeviceDraws.Source(rng)).On(real.device).repeat_interleave(packing, 0);
            var mixed = (epsilon * real + (1 - epsilon) * fake).detach().requires_grad_(true);
            var output = critic(mixed);
            // create_graph: the penalty is itself differentiated; retain_graph must then be set too (PyTorch defaults it to create_graph).
            var gradient = torch.autograd.grad(new[] { output.sum() }, new[] { mixed }, retain_graph: true, create_graph: true)[0];
            return (gradient.reshape(packs, -1).norm(1, keepdim: false, p: 2) - 1).square().mean();
        }

        /// <summary>
        /// The R1 penalty (Mescheder et al. 2018) without its weight: ½ E‖∇D(x)‖² over real packs, the squared norm
        /// of the gradient of the critic's output with respect to its whole input pack.
        /// </summary>
        /// <param name="critic">Maps [rows, ...] (rows a multiple of <paramref name="packing"/>) to one output per pack.</param>
        /// <param name="real">Real rows as the critic sees them.</param>
        /// <param name="packing">Rows per pack (1 = no packing).</param>
        public static Tensor R1(Func<Tensor, Tensor> critic, Tensor real, int packing = 1)
        {
            long rows = real.shape[0];
            if (packing < 1 || rows % packing != 0)
                throw new ArgumentException($"{rows} rows do not make whole packs of {packing}.", nameof(packing));
            var input = real.detach().requires_grad_(true);
            var output = critic(input);
            var gradient = torch.autograd.grad(new[] { output.sum() }, new[] { input }, retain_graph: true, create_graph: true)[0];
            return 0.5 * gradient.reshape(rows / packing, -1).square().sum(1).mean();
        }
    }
}
