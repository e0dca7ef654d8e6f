using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// What a training run updates: the generator, the critic (none for <see cref="GanLoss.Mmd"/>), their
    /// Adam optimizers, the generator's moving average and the random generator. Checkpoints capture and
    /// restore exactly this.
    /// </summary>
    internal sealed class TrainingState : IDisposable
    {
        private bool _generatorTaken;

        /// <param name="options">The training options (losses, optimizer settings, moving average).</param>
        /// <param name="spec">The networks to build.</param>
        /// <param name="seed">Seeds the weights and the random generator.</param>
        /// <param name="device">Where the networks train; weights are drawn on the CPU first, so a seed gives the same start anywhere.</param>
        public TrainingState(GanEstimator.Options options, NetworkSpec spec, int seed, torch.Device device)
        {
            Rng = new torch.Generator((ulong)seed, torch.CPU);
            NetworkRngs = spec.NetworkRandomGenerators;
            Generator = spec.CreateGenerator();
            ParameterInit.Reset(Generator, Rng);
            if (device.type != DeviceType.CPU)
                Generator.to(device);
            GeneratorParameters = Generator.parameters().ToArray();
            GeneratorOptimizer = optim.Adam(Generator.parameters(), options.GeneratorLearningRate, options.Beta1, options.Beta2);
            if (options.Loss != GanLoss.Mmd)
            {
                // Batch norm makes each sample's score depend on its minibatch, which a gradient penalty must not see.
                bool batchNorm = options.Loss != GanLoss.Wasserstein;
                Discriminator = spec.CreateDiscriminator(options.Packing, options.MinibatchStdDev, batchNorm);
                ParameterInit.Reset(Discriminator, Rng);
                if (device.type != DeviceType.CPU)
                    Discriminator.to(device);
                DiscriminatorOptimizer = optim.Adam(Discriminator.parameters(), options.DiscriminatorLearningRate, options.Beta1, options.Beta2);
                DiscriminatorParameters = Discriminator.parameters().ToArray();
            }
            if (options.GeneratorEmaDecay > 0)
            {
                var average = spec.CreateGenerator();
                if (device.type != DeviceType.CPU)
                    average.to(device);
                Average = new GeneratorAverage(Generator, average, options.GeneratorEmaDecay);
            }
        }

        public torch.Generator Rng { get; }

        /// <summary>The networks' own random generators (owned by the network description, not by this state).</summary>
        public IReadOnlyList<torch.Generator> NetworkRngs { get; }
        public Sequential Generator { get; }
        public Parameter[] GeneratorParameters { get; }
        public Adam GeneratorOptimizer { get; }
        public Discriminator? Discriminator { get; }
        public Adam? DiscriminatorOptimizer { get; }
        public Parameter[] DiscriminatorParameters { get; } = Array.Empty<Parameter>();
        public GeneratorAverage? Average { get; }

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
            Rng.Dispose();
        }
    }
}
