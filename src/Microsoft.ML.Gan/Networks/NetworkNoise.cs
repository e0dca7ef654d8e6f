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
    /// </summary>
    internal sealed class NetworkNoise : IDisposable
    {
        public NetworkNoise(int seed, IReadOnlyList<long> streams) =>
            Generators = streams.Select(stream => new torch.Generator(SeedStreams.Derive(seed, stream), torch.CPU)).ToArray();

        public IReadOnlyList<torch.Generator> Generators { get; }

        public void Dispose()
        {
            foreach (var generator in Generators)
                generator.Dispose();
        }
    }
}
