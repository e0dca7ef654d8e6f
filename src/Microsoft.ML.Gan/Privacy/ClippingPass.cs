using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Privacy
{
    /// <summary>
    /// One pass of the critic run by <see cref="PerExampleClipping"/>: its output, and each linear layer's input and
    /// output. From per-example losses L_i it gives each example's gradient norm over all the critic's parameters
    /// (one backward pass, to the linear layers' outputs) and the sum of the examples' gradients, each clipped to a norm
    /// of at most C (a second backward pass, of Σ c_i·L_i): two passes whatever the number of examples.
    /// </summary>
    internal sealed class ClippingPass
    {
        /// <summary>What one linear layer saw: its input rows a_i, its output rows z_i, and whether it has a bias.</summary>
        internal sealed record LinearRecord(Tensor Input, Tensor Output, bool HasBias);

        private readonly IReadOnlyList<LinearRecord> _linears;

        public ClippingPass(Tensor output, IReadOnlyList<LinearRecord> linears)
        {
            Output = output;
            _linears = linears;
        }

        /// <summary>The critic's output, [examples, 1], as <see cref="Networks.Discriminator.forward"/> gives it.</summary>
        public Tensor Output { get; }

        /// <summary>Examples (packs) in the pass.</summary>
        public long Examples => Output.shape[0];

        /// <summary>
        /// Each example's gradient L2 norm over every parameter of the critic, [examples]. For a linear layer on one row
        /// per example, ∂L_i/∂W = g_i a_iᵀ and ∂L_i/∂b = g_i with g_i = ∂L_i/∂z_i, so ‖∂L_i/∂W‖² = ‖g_i‖²‖a_i‖² and
        /// ‖∂L_i/∂b‖² = ‖g_i‖²; the layers' parameters are disjoint, so the squares add. Since no example's loss depends
        /// on another's rows, g_i is row i of ∂(Σ_j L_j)/∂z, which one backward pass gives for all examples.
        /// The graph is kept for <see cref="BackwardClipped"/>.
        /// </summary>
        /// <param name="losses">Each example's loss, [examples] or [examples, 1], computed from <see cref="Output"/>; summed, not averaged, over examples by the caller's objective.</param>
        public Tensor Norms(Tensor losses)
        {
            CheckLosses(losses);
            var outputs = _linears.Select(l => l.Output).ToArray();
            var gradients = torch.autograd.grad(new[] { losses.sum() }, outputs, retain_graph: true);
            using var noGrad = torch.no_grad();
            var squared = torch.zeros(Examples, dtype: Output.dtype, device: Output.device);
            for (int k = 0; k < _linears.Count; k++)
            {
                var g = gradients[k].square().sum(1);
                var a = _linears[k].Input.detach().square().sum(1);
                squared.add_(_linears[k].HasBias ? g * (a + 1) : g * a);
            }
            return squared.sqrt_();
        }

        /// <summary>
        /// Adds Σ_i c_i·∂L_i/∂θ to the critic's gradients (autograd accumulates into what is there: the caller zeroes
        /// them first), with c_i = min(1, C / (‖∂L_i/∂θ‖ + 10⁻⁶)), so that no example moves the sum by more than C.
        /// Returns the norms before clipping, [examples]. Uses up the pass's graph.
        /// </summary>
        /// <param name="losses">Each example's loss, as for <see cref="Norms"/>.</param>
        /// <param name="clipNorm">C, greater than 0.</param>
        public Tensor BackwardClipped(Tensor losses, double clipNorm)
        {
            if (!(clipNorm > 0 && double.IsFinite(clipNorm)))
                throw new ArgumentOutOfRangeException(nameof(clipNorm), clipNorm, "The clip norm must be a positive number.");
            var norms = Norms(losses);
            Tensor factors;
            using (torch.no_grad())
                factors = (clipNorm / (norms + 1e-6)).clamp_max_(1.0);
            (factors * losses.reshape(Examples)).sum().backward();
            return norms;
        }

        private void CheckLosses(Tensor losses)
        {
            if (losses.numel() != Examples || losses.shape[0] != Examples)
                throw new ArgumentException($"Expected one loss per example ({Examples}), got shape [{string.Join(", ", losses.shape)}].", nameof(losses));
        }
    }
}
