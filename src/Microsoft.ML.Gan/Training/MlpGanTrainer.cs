using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Goodfellow et al.'s Algorithm 1 on an MLP pair. One epoch is one pass of the (shuffled) data
    /// through the discriminator, one minibatch per discriminator step; after every k-th discriminator
    /// step the generator takes one step through the frozen discriminator, on fresh noise.
    /// </summary>
    internal sealed class MlpGanTrainer
    {
        private readonly IHost _host;
        private readonly GanEstimator.Options _options;
        private readonly int _seed;
        private readonly int _featureSize;

        public MlpGanTrainer(IHost host, GanEstimator.Options options, int seed, int featureSize)
        {
            _host = host;
            _options = options;
            _seed = seed;
            _featureSize = featureSize;
        }

        /// <summary>What a checkpoint must agree on to be resumed by this run.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Settings()
        {
            var o = _options;
            string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);
            return new KeyValuePair<string, string>[]
            {
                new("FeatureSize", _featureSize.ToString(CultureInfo.InvariantCulture)),
                new(nameof(o.LatentDimension), o.LatentDimension.ToString(CultureInfo.InvariantCulture)),
                new(nameof(o.GeneratorHiddenLayers), string.Join(",", o.GeneratorHiddenLayers)),
                new(nameof(o.DiscriminatorHiddenLayers), string.Join(",", o.DiscriminatorHiddenLayers)),
                new(nameof(o.Loss), o.Loss.ToString()),
                new(nameof(o.BatchSize), o.BatchSize.ToString(CultureInfo.InvariantCulture)),
                new(nameof(o.DiscriminatorSteps), o.DiscriminatorSteps.ToString(CultureInfo.InvariantCulture)),
                new(nameof(o.GeneratorLearningRate), F(o.GeneratorLearningRate)),
                new(nameof(o.DiscriminatorLearningRate), F(o.DiscriminatorLearningRate)),
                new(nameof(o.Beta1), F(o.Beta1)),
                new(nameof(o.Beta2), F(o.Beta2)),
                new(nameof(o.Seed), _seed.ToString(CultureInfo.InvariantCulture)),
            };
        }

        /// <summary>Trains on standardised rows; returns the generator (caller owns it) and per-epoch metrics.</summary>
        public (Sequential Generator, List<GanEpochMetrics> History) Train(IChannel ch, Tensor data, TrainingCheckpoint? resume)
        {
            long rows = data.shape[0];
            int latent = _options.LatentDimension;
            int batch = (int)Math.Min(_options.BatchSize, rows);
            if (batch < _options.BatchSize)
                ch.Warning($"BatchSize {_options.BatchSize} is larger than the {rows} training rows; using minibatches of {batch}.");
            long batchesPerEpoch = rows / batch;

            using var rng = new torch.Generator((ulong)_seed, torch.CPU);
            var generator = MlpNetworks.Generator(latent, _options.GeneratorHiddenLayers, _featureSize);
            using var discriminator = MlpNetworks.Discriminator(_featureSize, _options.DiscriminatorHiddenLayers);
            MlpNetworks.ResetParameters(generator, rng);
            MlpNetworks.ResetParameters(discriminator, rng);
            bool trained = false;
            try
            {
                using var gOpt = optim.Adam(generator.parameters(), _options.GeneratorLearningRate, _options.Beta1, _options.Beta2);
                using var dOpt = optim.Adam(discriminator.parameters(), _options.DiscriminatorLearningRate, _options.Beta1, _options.Beta2);
                var dParams = discriminator.parameters().ToArray();
                var history = new List<GanEpochMetrics>(_options.Epochs);
                long discriminatorSteps = 0;
                if (resume is not null)
                {
                    resume.Restore(generator, discriminator, gOpt, dOpt, rng);
                    history.AddRange(resume.History);
                    discriminatorSteps = resume.DiscriminatorSteps;
                    ch.Info(MessageSensitivity.None, $"Resuming after epoch {resume.Epoch} of {_options.Epochs}.");
                    if (resume.Epoch >= _options.Epochs)
                        ch.Warning($"The checkpoint is at epoch {resume.Epoch}, at or past Epochs = {_options.Epochs}; no further training.");
                }
                generator.train();
                discriminator.train();

                for (int epoch = history.Count + 1; epoch <= _options.Epochs; epoch++)
                {
                    var clock = Stopwatch.StartNew();
                    double dLossSum = 0, gLossSum = 0, realSum = 0, fakeSum = 0;
                    int gSteps = 0;
                    using var order = torch.randperm(rows, generator: rng);
                    for (long b = 0; b < batchesPerEpoch; b++)
                    {
                        _host.CheckAlive();
                        using var scope = torch.NewDisposeScope();

                        // Discriminator step: a real minibatch and a generated one.
                        var real = data.index_select(0, order.narrow(0, b * batch, batch));
                        Tensor fake;
                        using (torch.no_grad())
                            fake = generator.forward(torch.randn(batch, latent, generator: rng));
                        dOpt.zero_grad();
                        var realLogits = discriminator.forward(real);
                        var fakeLogits = discriminator.forward(fake);
                        var dLoss = AdversarialLosses.Discriminator(realLogits, fakeLogits);
                        dLoss.backward();
                        dOpt.step();
                        float dLossValue = dLoss.item<float>();
                        ThrowIfDiverged(dLossValue, "discriminator", epoch);
                        dLossSum += dLossValue;
                        using (torch.no_grad())
                        {
                            realSum += torch.sigmoid(realLogits).mean().item<float>();
                            fakeSum += torch.sigmoid(fakeLogits).mean().item<float>();
                        }

                        // Generator step every k discriminator steps; gradients flow through D, D's weights stay put.
                        if (++discriminatorSteps % _options.DiscriminatorSteps != 0)
                            continue;
                        SetRequiresGrad(dParams, false);
                        gOpt.zero_grad();
                        var gLoss = AdversarialLosses.Generator(_options.Loss,
                            discriminator.forward(generator.forward(torch.randn(batch, latent, generator: rng))));
                        gLoss.backward();
                        gOpt.step();
                        SetRequiresGrad(dParams, true);
                        float gLossValue = gLoss.item<float>();
                        ThrowIfDiverged(gLossValue, "generator", epoch);
                        gLossSum += gLossValue;
                        gSteps++;
                    }

                    var metrics = new GanEpochMetrics(epoch, dLossSum / batchesPerEpoch,
                        gSteps > 0 ? gLossSum / gSteps : double.NaN,
                        realSum / batchesPerEpoch, fakeSum / batchesPerEpoch, clock.Elapsed.TotalSeconds, (int)batchesPerEpoch, gSteps);
                    history.Add(metrics);
                    ch.Info(MessageSensitivity.None, metrics.ToString());

                    if (_options.CheckpointDirectory is { } directory && (epoch % _options.CheckpointInterval == 0 || epoch == _options.Epochs))
                    {
                        TrainingCheckpoint.Capture(epoch, discriminatorSteps, Settings(), history, generator, discriminator, gOpt, dOpt, rng)
                            .WriteAtomically(directory);
                        ch.Info(MessageSensitivity.None, $"Checkpoint written: {Path.Combine(directory, TrainingCheckpoint.FileName(epoch))}");
                    }
                }

                generator.eval();
                trained = true;
                return (generator, history);
            }
            finally
            {
                if (!trained)
                    generator.Dispose();
            }
        }

        private static void SetRequiresGrad(Parameter[] parameters, bool value)
        {
            foreach (var p in parameters)
                p.requires_grad = value;
        }

        private void ThrowIfDiverged(float loss, string network, int epoch)
        {
            if (float.IsFinite(loss))
                return;
            throw _host.Except(
                $"GAN training diverged in epoch {epoch}: the {network} loss became {loss}. " +
                "Try lower learning rates (GeneratorLearningRate, DiscriminatorLearningRate), a larger BatchSize, " +
                "or smaller networks; check that the features have no extreme outliers.");
        }
    }
}
