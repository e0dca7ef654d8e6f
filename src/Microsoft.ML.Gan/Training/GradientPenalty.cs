using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// WGAN-GP's penalty (Gulrajani et al. 2017): E[(||grad D(x_hat)||_2 - 1)^2] at random points
    /// x_hat on lines between real and generated samples, so that the critic stays 1-Lipschitz.
    /// </summary>
    internal static class GradientPenalty
    {
        public static Tensor Compute(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, torch.Generator rng)
        {
            var epsilon = torch.rand(real.shape[0], 1, generator: rng).On(real.device);
            var mixed = (epsilon * real + (1 - epsilon) * fake).detach().requires_grad_(true);
            var output = critic(mixed);
            // create_graph: the penalty is itself differentiated; retain_graph must then be set too (PyTorch defaults it to create_graph).
            var gradient = torch.autograd.grad(new[] { output.sum() }, new[] { mixed }, retain_graph: true, create_graph: true)[0];
            return (gradient.norm(1, keepdim: false, p: 2) - 1).square().mean();
        }
    }
}
