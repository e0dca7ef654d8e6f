using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// A network's parameters as views of one contiguous buffer, and their gradients as views of another, so that
    /// whatever touches every parameter (zeroing gradients, their norm and clipping, the optimizer, the weight
    /// average) is a handful of kernels on two long vectors rather than a handful per tensor from managed code.
    /// The parameters stay the same tensor objects (their storage is re-pointed into the buffer), so the modules,
    /// saving and loading see no difference. Backward passes accumulate into the gradient views in place (autograd
    /// adds into a gradient that is already there), which is why the gradients are zeroed here and never set to none.
    /// </summary>
    internal sealed class FlatParameters : IDisposable
    {
        /// <param name="parameters">The network's parameters, all of one type and on one device.</param>
        /// <param name="gradients">Whether the parameters get gradients (false for weights that are only ever copied into, such as a weight average).</param>
        public FlatParameters(IReadOnlyList<Parameter> parameters, bool gradients = true)
        {
            Parameters = parameters.ToArray();
            Sizes = Parameters.Select(p => p.numel()).ToArray();
            long total = Sizes.Sum();
            var like = Parameters.Length > 0 ? Parameters[0] : null;
            var type = like?.dtype ?? ScalarType.Float32;
            var device = like?.device ?? torch.CPU;
            Values = torch.empty(total, dtype: type, device: device).DetachFromDisposeScope();
            Gradients = gradients ? torch.zeros(total, dtype: type, device: device).DetachFromDisposeScope() : null;
            using var noGrad = torch.no_grad();
            // Frees whatever wrappers copy_ and set_ hand back; the buffers and the parameters are not in it.
            using var scope = torch.NewDisposeScope();
            long offset = 0;
            for (int i = 0; i < Parameters.Length; i++)
            {
                var p = Parameters[i];
                using (var values = ViewOf(Values, i, offset))
                {
                    values.copy_(p);
                    p.set_(values);
                }
                if (Gradients is not null)
                {
                    using var gradient = ViewOf(Gradients, i, offset);
                    p.grad = gradient;
                }
                offset += Sizes[i];
            }
        }

        public Parameter[] Parameters { get; }

        /// <summary>Elements of each parameter, in order.</summary>
        public long[] Sizes { get; }

        /// <summary>Every parameter's values, one after another.</summary>
        public Tensor Values { get; }

        /// <summary>Every parameter's gradient, one after another; null when built without gradients.</summary>
        public Tensor? Gradients { get; }

        /// <summary>
        /// A view of <paramref name="flat"/> (laid out like <see cref="Values"/>) shaped like each parameter; the
        /// caller owns the views.
        /// </summary>
        public Tensor[] Split(Tensor flat)
        {
            // Frees the intermediate narrow() of each view; the views themselves leave the scope.
            using var scope = torch.NewDisposeScope();
            var views = new Tensor[Parameters.Length];
            long offset = 0;
            for (int i = 0; i < views.Length; i++)
            {
                views[i] = ViewOf(flat, i, offset);
                offset += Sizes[i];
            }
            return views;
        }

        public void ZeroGradients() => Gradients!.zero_();

        /// <summary>
        /// The gradients' Euclidean norm before clipping, as a scalar tensor (no host read); with
        /// <paramref name="maxNorm"/> &gt; 0 the gradients are scaled down to at most that norm, as clip_grad_norm_ does.
        /// </summary>
        public Tensor ClipGradients(double maxNorm)
        {
            using var noGrad = torch.no_grad();
            var norm = Gradients!.norm();
            if (maxNorm > 0)
                Gradients.mul_((maxNorm / (norm + 1e-6)).clamp_max_(1.0));
            return norm;
        }

        private Tensor ViewOf(Tensor flat, int i, long offset) =>
            flat.narrow(0, offset, Sizes[i]).view(Parameters[i].shape).DetachFromDisposeScope();

        public void Dispose()
        {
            Values.Dispose();
            Gradients?.Dispose();
        }
    }
}
