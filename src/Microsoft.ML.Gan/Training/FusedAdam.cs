using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// TorchSharp's Adam step done once over a <see cref="FlatParameters"/> buffer instead of once per tensor: the
    /// same arithmetic (m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², p ← p − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε))
    /// in six kernels however many tensors the network has. The moments live in two flat buffers whose per-tensor
    /// views replace the wrapped <see cref="Adam"/>'s own state tensors, so the optimizer still saves, loads and
    /// reports its state per tensor, exactly as before (checkpoints keep their layout), and its learning rate is
    /// still set through its parameter groups.
    /// </summary>
    internal sealed class FusedAdam : IDisposable
    {
        private readonly Adam _optimizer;
        private readonly FlatParameters _parameters;
        private readonly Adam.State[] _states;
        private readonly Tensor _average, _averageSquare;
        private readonly Tensor[] _views;
        private readonly double _beta1, _beta2, _eps;

        /// <param name="optimizer">An Adam over exactly <paramref name="parameters"/>' tensors, in their order, without weight decay or AMSGrad.</param>
        /// <param name="parameters">The flat parameters it updates.</param>
        /// <param name="beta1">Adam's β₁ (the optimizer was built with it).</param>
        /// <param name="beta2">Adam's β₂.</param>
        /// <param name="eps">Adam's ε.</param>
        public FusedAdam(Adam optimizer, FlatParameters parameters, double beta1, double beta2, double eps = 1e-8)
        {
            _optimizer = optimizer;
            _parameters = parameters;
            _beta1 = beta1;
            _beta2 = beta2;
            _eps = eps;
            _states = optimizer.state_dict().State.Cast<Adam.State>().ToArray();
            if (_states.Length != parameters.Parameters.Length)
                throw new ArgumentException($"The optimizer has {_states.Length} state tensors for {parameters.Parameters.Length} parameters.", nameof(optimizer));
            _average = torch.zeros_like(parameters.Values).DetachFromDisposeScope();
            _averageSquare = torch.zeros_like(parameters.Values).DetachFromDisposeScope();
            var averages = parameters.Split(_average);
            var squares = parameters.Split(_averageSquare);
            _views = averages.Concat(squares).ToArray();
            using var noGrad = torch.no_grad();
            for (int i = 0; i < _states.Length; i++)
            {
                averages[i].copy_(_states[i].exp_avg);
                squares[i].copy_(_states[i].exp_avg_sq);
                _states[i].exp_avg.Dispose();
                _states[i].exp_avg_sq.Dispose();
                _states[i].exp_avg = averages[i];
                _states[i].exp_avg_sq = squares[i];
            }
        }

        /// <summary>One Adam step on the current gradients at the optimizer's current learning rate.</summary>
        public void Step()
        {
            // Every tensor's step count moves together; they are kept per tensor for the saved state.
            long step = 0;
            foreach (var state in _states)
                step = ++state.step;
            double lr = _optimizer.ParamGroups.First().LearningRate;
            double correction1 = 1 - Math.Pow(_beta1, step);
            double correction2 = 1 - Math.Pow(_beta2, step);
            var g = _parameters.Gradients!;
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            // Explicit scalars, alive until the step ends: an operator's implicit Scalar can be finalized by a background
            // GC while libtorch still reads it (docs/ARCHITECTURE.md, fact 14). Same values, same results.
            using Scalar beta1 = _beta1, oneMinusBeta1 = 1 - _beta1, beta2 = _beta2, oneMinusBeta2 = 1 - _beta2;
            using Scalar correction = Math.Sqrt(correction2), eps = _eps, stepSize = -lr / correction1;
            _average.mul_(beta1).add_(g, alpha: oneMinusBeta1);
            _averageSquare.mul_(beta2).addcmul_(g, g, value: oneMinusBeta2);
            var denominator = _averageSquare.sqrt().div_(correction).add_(eps);
            _parameters.Values.addcdiv_(_average, denominator, value: stepSize);
        }

        public void Dispose()
        {
            // The state views are this class's; disposing a tensor twice (the optimizer may too) is harmless.
            foreach (var view in _views)
                view.Dispose();
            _average.Dispose();
            _averageSquare.Dispose();
        }
    }
}
