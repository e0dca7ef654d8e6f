using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// What a training run updates: the generator, the critic (none for <see cref="GanLoss.Mmd"/>), their
    /// Adam optimizers, the generator's moving average, the random generator and the networks' own ones
    /// (<see cref="Noise"/>). Checkpoints capture and restore exactly this.
    /// </summary>
    internal sealed class TrainingState : IDisposable
    {
        private bool _generatorTaken;

        /// <param name="settings">The training settings (loss, optimizer, remedies such as the moving average).</param>
        /// <param name="spec">The networks to build.</param>
        /// <param name="seed">Seeds the weights and the random generator.</param>
        /// <param name="device">Where the networks train; weights are drawn on the CPU first, so a seed gives the same start anywhere.</param>
        /// <param name="devicePath">Whether training draws on <paramref name="device"/> (<see cref="TrainingDevice"/>): generators
        /// naming that device, the trainer's from <see cref="DeviceDrawStream"/> of the seed, the networks' from their own
        /// streams (on CUDA they only name it: the draws come from the device's default generator, Randomness/DeviceDraws).</param>
        public TrainingState(TrainerSettings settings, NetworkSpec spec, int seed, torch.Device device, bool devicePath = false)
        {
            var (optimizer, remedies) = (settings.Optimizer, settings.Remedies);
            // The CPU path goes on drawing from the generator that drew the weights; the device path gets a generator of its own.
            var weights = new torch.Generator((ulong)seed, torch.CPU);
            Rng = devicePath ? new torch.Generator(SeedStreams.Derive(seed, DeviceDrawStream), device) : weights;
            Noise = new NetworkNoise(seed, spec.NoiseStreams, devicePath ? device : torch.CPU);
            Generator = spec.CreateGenerator();
            ParameterInit.Reset(Generator, weights);
            if (device.type != DeviceType.CPU)
                Generator.to(device);
            GeneratorParameters = Generator.parameters().ToArray();
            GeneratorFlat = new FlatParameters(GeneratorParameters);
            GeneratorOptimizer = optim.Adam(Generator.parameters(), optimizer.GeneratorLearningRate, optimizer.Beta1, optimizer.Beta2);
            GeneratorUpdate = new FusedAdam(GeneratorOptimizer, GeneratorFlat, optimizer.Beta1, optimizer.Beta2);
            if (settings.Loss != GanLoss.Mmd)
            {
                // Batch norm makes each sample's score depend on its minibatch, which a gradient penalty must not see.
                bool batchNorm = settings.Loss != GanLoss.Wasserstein;
                Discriminator = spec.CreateDiscriminator(remedies.Packing, remedies.MinibatchStdDev, batchNorm, Noise);
                ParameterInit.Reset(Discriminator, weights);
                if (device.type != DeviceType.CPU)
                    Discriminator.to(device);
                DiscriminatorOptimizer = optim.Adam(Discriminator.parameters(), optimizer.DiscriminatorLearningRate, optimizer.Beta1, optimizer.Beta2);
                DiscriminatorParameters = Discriminator.parameters().ToArray();
                DiscriminatorFlat = new FlatParameters(DiscriminatorParameters);
                DiscriminatorUpdate = new FusedAdam(DiscriminatorOptimizer, DiscriminatorFlat, optimizer.Beta1, optimizer.Beta2);
            }
            if (remedies.GeneratorEmaDecay > 0)
            {
                var average = spec.CreateGenerator();
                if (device.type != DeviceType.CPU)
                    average.to(device);
                Average = new GeneratorAverage(GeneratorFlat, average, remedies.GeneratorEmaDecay);
            }
            if (!ReferenceEquals(weights, Rng))
                weights.Dispose();
        }

        /// <summary>The seed stream of the trainer's generator on the device path.</summary>
        internal const long DeviceDrawStream = long.MaxValue - 1;

        /// <summary>The trainer's random generator (minibatch order, noise, conditions), on the device on the device path.</summary>
        public torch.Generator Rng { get; }

        /// <summary>The networks' own random generators (a table's Gumbel noise and dropout masks), seeded from the run's seed.</summary>
        public NetworkNoise Noise { get; }

        /// <summary>The generators of <see cref="Noise"/>, in the order checkpoints keep their states.</summary>
        public IReadOnlyList<torch.Generator> NetworkRngs => Noise.Generators;
        public Sequential Generator { get; }
        public Parameter[] GeneratorParameters { get; }
        public Adam GeneratorOptimizer { get; }
        public Discriminator? Discriminator { get; }
        public Adam? DiscriminatorOptimizer { get; }
        public Parameter[] DiscriminatorParameters { get; } = Array.Empty<Parameter>();
        public GeneratorAverage? Average { get; }

        /// <summary>The networks' parameters and gradients as flat buffers, and the Adam steps over them (see <see cref="FusedAdam"/>).</summary>
        public FlatParameters GeneratorFlat { get; }
        public FusedAdam GeneratorUpdate { get; }
        public FlatParameters? DiscriminatorFlat { get; }
        public FusedAdam? DiscriminatorUpdate { get; }

        /// <summary>The network generation will use (the average when there is one); the caller owns it.</summary>
        public Sequential TakeGenerationNetwork()
        {
            _generatorTaken = true;
            var network = Average?.Average ?? Generator;
            network.eval();
            return network;
        }

        public void SetLearningRates(double generator, double critic)
        {
            foreach (var g in GeneratorOptimizer.ParamGroups)
                g.LearningRate = generator;
            foreach (var g in DiscriminatorOptimizer?.ParamGroups ?? Enumerable.Empty<ParamGroup>())
                g.LearningRate = critic;
        }

        public void Dispose()
        {
            var kept = _generatorTaken ? Average?.Average ?? Generator : null;
            if (!ReferenceEquals(kept, Generator))
                Generator.Dispose();
            if (Average is not null && !ReferenceEquals(kept, Average.Average))
                Average.Dispose();
            Discriminator?.Dispose();
            GeneratorOptimizer.Dispose();
            DiscriminatorOptimizer?.Dispose();
            GeneratorUpdate.Dispose();
            DiscriminatorUpdate?.Dispose();
            GeneratorFlat.Dispose();
            DiscriminatorFlat?.Dispose();
            Average?.ReleaseBuffers();
            Rng.Dispose();
            Noise.Dispose();
        }
    }
}
