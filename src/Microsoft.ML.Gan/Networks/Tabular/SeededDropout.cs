using System;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Tabular
{
    /// <summary>
    /// Inverted dropout whose masks come from a given random generator rather than torch's process-wide one, so
    /// that a seed fixes training whatever else the process does with torch's global random state. The uniform draws
    /// are made on the generator's device (the CPU for the training run's seeded generators) and the mask moved to the
    /// input's, so a seed gives the same masks whether the critic trains on the CPU or on a GPU. Identity in eval mode.
    /// Its masks are drawn per pass, so it is <see cref="IPassDependent"/>.
    /// </summary>
    internal sealed class SeededDropout : nn.Module<Tensor, Tensor>, IPassDependent
    {
        private readonly double _p;
        private readonly torch.Generator _rng;

        public SeededDropout(double p, torch.Generator rng) : base(nameof(SeededDropout))
        {
            if (!(p >= 0 && p < 1))
                throw new ArgumentOutOfRangeException(nameof(p), p, "The dropout rate must be in [0, 1).");
            _p = p;
            _rng = rng;
        }

        public override Tensor forward(Tensor x)
        {
            if (!training || _p == 0)
                return x.alias();
            using var keep = torch.rand(x.shape, dtype: x.dtype, device: _rng.device, generator: DeviceDraws.Source(_rng)).ge(_p).On(x.device);
            return x * keep.to_type(x.dtype) / (1 - _p);
        }
    }
}
