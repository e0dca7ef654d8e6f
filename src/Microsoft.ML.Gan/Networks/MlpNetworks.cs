using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// Multilayer perceptrons for vector data: a generator (ReLU hidden layers, linear output in the
    /// standardised feature space) and a discriminator (LeakyReLU 0.2, one logit out).
    /// </summary>
    internal static class MlpNetworks
    {
        public static Sequential Generator(int latentDimension, IReadOnlyList<int> hidden, int outputSize)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            int width = latentDimension;
            for (int i = 0; i < hidden.Count; i++)
            {
                layers.Add(($"linear{i}", nn.Linear(width, hidden[i])));
                layers.Add(($"relu{i}", nn.ReLU()));
                width = hidden[i];
            }
            layers.Add(("output", nn.Linear(width, outputSize)));
            return nn.Sequential(layers);
        }

        public static Sequential Discriminator(int inputSize, IReadOnlyList<int> hidden)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            int width = inputSize;
            for (int i = 0; i < hidden.Count; i++)
            {
                layers.Add(($"linear{i}", nn.Linear(width, hidden[i])));
                layers.Add(($"lrelu{i}", nn.LeakyReLU(0.2)));
                width = hidden[i];
            }
            layers.Add(("logit", nn.Linear(width, 1)));
            return nn.Sequential(layers);
        }

        /// <summary>
        /// PyTorch's default Linear initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and
        /// biases, drawn from <paramref name="rng"/> rather than the process-wide generator, so that a seed
        /// fixes the weights whatever else the process does with torch's global random state.
        /// </summary>
        public static void ResetParameters(nn.Module module, torch.Generator rng)
        {
            using var noGrad = torch.no_grad();
            foreach (var sub in module.modules())
            {
                if (sub is not Linear linear)
                    continue;
                double bound = 1.0 / Math.Sqrt(linear.weight!.shape[1]);
                linear.weight.uniform_(-bound, bound, rng);
                linear.bias?.uniform_(-bound, bound, rng);
            }
        }
    }
}
