using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// The random generators a training run's networks draw from beyond the trainer's own (a table's Gumbel noise and
    /// dropout masks): one per stream the <see cref="NetworkSpec"/> names, seeded from the run's seed. The training
    /// state owns them; a checkpoint saves and restores them in this order, so that a resumed run is bit-identical.
    /// They are CPU generators, or on the device path name the training device, where the networks then draw without a
    /// copy (on CUDA from the device's own generator: Randomness/DeviceDraws.Source).
    /// </summary>
    internal sealed class NetworkNoise : IDisposable
    {
        public NetworkNoise(int seed, IReadOnlyList<long> streams, torch.Device? device = null) =>
            Generators = streams.Select(stream => new torch.Generator(SeedStreams.Derive(seed, stream), device ?? torch.CPU)).ToArray();

        public IReadOnlyList<torch.Generator> Generators { get; }

        public void Dispose()
        {
            foreach (var generator in Generators)
                generator.Dispose();
        }
    }
}
