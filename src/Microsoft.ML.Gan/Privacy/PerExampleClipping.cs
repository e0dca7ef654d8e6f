using System;
using System.Collections.Generic;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Networks.Tabular;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Privacy
{
    /// <summary>
    /// Per-example gradient clipping for DP-SGD on an MLP critic, without one backward pass per example: the critic's
    /// layers are run here one by one, keeping each linear layer's input a and output z, and a
    /// <see cref="ClippingPass"/> takes each example's gradient norm from a and ∂L/∂z by the ghost-norm identity
    /// ("Privacy accounting" in docs/ARCHITECTURE.md). An example is one critic input row, that is one pack of
    /// <see cref="Discriminator.Packing"/> rows. Only critics whose examples do not mix are accepted: linear layers,
    /// elementwise activations and dropout (its mask is per element); batch norm and the minibatch standard deviation
    /// make one example's output depend on the others, so per-example gradients are not defined and are refused.
    /// </summary>
    internal sealed class PerExampleClipping
    {
        private readonly Discriminator _critic;
        private readonly nn.Module<Tensor, Tensor>[] _layers;

        /// <exception cref="NotSupportedException">The critic has a part that mixes examples or that the ghost norm does not cover.</exception>
        public PerExampleClipping(Discriminator critic)
        {
            _critic = critic ?? throw new ArgumentNullException(nameof(critic));
            if (critic.MinibatchStdDev)
                throw new NotSupportedException(
                    "Per-example gradient clipping cannot handle a critic with the minibatch standard deviation: it mixes the examples of a batch, so one example's gradient is not its own.");
            var layers = new List<nn.Module<Tensor, Tensor>>();
            Flatten(critic.Features, "features", layers);
            _layers = layers.ToArray();
        }

        /// <summary>
        /// Runs the critic as <see cref="Discriminator.forward"/> does (same layers in the same order, so dropout draws
        /// the same masks), keeping what the ghost norms need.
        /// </summary>
        /// <param name="x">[rows, size], rows a multiple of the packing.</param>
        /// <param name="condition">The rows' conditions, or null (then the projection term is left out, as forward does).</param>
        public ClippingPass Forward(Tensor x, Tensor? condition)
        {
            int packing = _critic.Packing;
            long rows = x.shape[0];
            if (rows % packing != 0)
                throw new ArgumentException($"{rows} rows do not make whole packs of {packing}.", nameof(x));
            long packs = rows / packing;
            var linears = new List<ClippingPass.LinearRecord>();
            var h = packing == 1 ? x : x.reshape(packs, x.shape[1] * packing);
            foreach (var layer in _layers)
                h = layer is Linear linear ? Record(linear, h, linears) : layer.forward(h);
            var output = Record(_critic.Logit, h, linears);
            if (_critic.Projection is { } projection && condition is not null)
            {
                var c = packing == 1 ? condition : condition.reshape(packs, condition.shape[1] * packing);
                output = output + (Record(projection, c, linears) * h).sum(1, keepdim: true);
            }
            return new ClippingPass(output, linears);
        }

        private static Tensor Record(Linear linear, Tensor input, List<ClippingPass.LinearRecord> linears)
        {
            var output = linear.forward(input);
            linears.Add(new ClippingPass.LinearRecord(input, output, linear.bias is not null));
            return output;
        }

        // The layers in the order forward runs them; a nested Sequential is opened. Anything that is not a linear layer
        // must act on each element apart, or the ghost norm would miss its parameters or examples would mix.
        private static void Flatten(Sequential sequential, string path, List<nn.Module<Tensor, Tensor>> layers)
        {
            foreach (var (name, child) in sequential.named_children())
            {
                string where = path + "." + name;
                switch (child)
                {
                    case Sequential inner:
                        Flatten(inner, where, layers);
                        break;
                    case Linear or LeakyReLU or ReLU or Tanh or Sigmoid or Dropout or SeededDropout:
                        layers.Add((nn.Module<Tensor, Tensor>)child);
                        break;
                    default:
                        throw new NotSupportedException($"Per-example gradient clipping cannot handle the critic's layer '{where}' ({child.GetType().Name}): " +
                            (child is BatchNorm1d or BatchNorm2d
                                ? "batch norm mixes the examples of a batch, so one example's gradient is not its own."
                                : "only linear layers, elementwise activations (LeakyReLU, ReLU, tanh, sigmoid) and dropout are supported."));
                }
            }
        }
    }
}
