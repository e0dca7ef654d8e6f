using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// Multilayer perceptrons for vector data: a generator (ReLU hidden layers, linear output in the
    /// standardised feature space) and a discriminator's feature extractor (LeakyReLU 0.2).
    /// </summary>
    internal static class MlpNetworks
    {
        public static Sequential Generator(int inputSize, IReadOnlyList<int> hidden, int outputSize)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            int width = inputSize;
            for (int i = 0; i < hidden.Count; i++)
            {
                layers.Add(($"linear{i}", nn.Linear(width, hidden[i])));
                layers.Add(($"relu{i}", nn.ReLU()));
                width = hidden[i];
            }
            layers.Add(("output", nn.Linear(width, outputSize)));
            return nn.Sequential(layers);
        }

        /// <summary>Hidden layers only; the <see cref="Discriminator"/> adds the logit. Output width: the last hidden width.</summary>
        public static Sequential DiscriminatorFeatures(int inputSize, IReadOnlyList<int> hidden)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            int width = inputSize;
            for (int i = 0; i < hidden.Count; i++)
            {
                layers.Add(($"linear{i}", nn.Linear(width, hidden[i])));
                layers.Add(($"lrelu{i}", nn.LeakyReLU(0.2)));
                width = hidden[i];
            }
            return nn.Sequential(layers);
        }
    }
}
