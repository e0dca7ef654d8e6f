using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Exponential moving average of the generator's weights (Yazici et al. 2019; Karras et al. 2018):
    /// the average sits near the centre of the generator's late oscillations and gives sharper, steadier
    /// samples than the last iterate. The decay ramps up as (1 + t) / (10 + t) so early updates are not
    /// dominated by the random initialisation.
    /// </summary>
    internal sealed class GeneratorAverage : IDisposable
    {
        private readonly double _decay;
        private readonly FlatParameters _flatSource, _flatAverage;

        /// <param name="generator">The generator's parameters as one buffer (so each update is two kernels in all).</param>
        /// <param name="average">A network of the same shape that becomes the average.</param>
        /// <param name="decay">The largest decay.</param>
        public GeneratorAverage(FlatParameters generator, Sequential average, double decay)
        {
            Average = average;
            _decay = decay;
            _flatSource = generator;
            var weights = average.parameters().ToArray();
            using (var noGrad = torch.no_grad())
                for (int i = 0; i < weights.Length; i++)
                {
                    weights[i].requires_grad = false;
                    weights[i].copy_(generator.Parameters[i]);
                }
            _flatAverage = new FlatParameters(weights, gradients: false);
        }

        public Sequential Average { get; }

        public long Updates { get; set; }

        public void Update()
        {
            Updates++;
            double decay = Math.Min(_decay, (1.0 + Updates) / (10.0 + Updates));
            using var noGrad = torch.no_grad();
            _flatAverage.Values.mul_(decay).add_(_flatSource.Values, alpha: 1 - decay);
        }

        /// <summary>Frees the flat buffer's handle; the average's weights stay with its network (which may have been handed out).</summary>
        public void ReleaseBuffers() => _flatAverage.Dispose();

        public void Dispose()
        {
            ReleaseBuffers();
            Average.Dispose();
        }
    }
}
