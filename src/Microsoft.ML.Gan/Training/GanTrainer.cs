using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Goodfellow et al.'s Algorithm 1. One epoch is one pass of the shuffled data through the
    /// discriminator, one minibatch per discriminator step; after every k-th discriminator step the
    /// generator takes one step through the frozen discriminator, on fresh noise. With
    /// <see cref="GanLoss.Mmd"/> there is no discriminator: every minibatch is a generator step.
    /// </summary>
    internal sealed class GanTrainer
    {
        private readonly IHost _host;
        private readonly GanEstimator.Options _options;
        private readonly int _seed;
        private readonly NetworkSpec _spec;
        private readonly int _latent;
        private readonly Func<Tensor, Tensor, Tensor>? _conditionLoss;
        private readonly TrainingMonitor _monitor;
        private readonly torch.Device _device;
        private readonly FitCancellation _cancel;

        /// <param name="host">Channel for progress messages and cancellation.</param>
        /// <param name="options">The training options.</param>
        /// <param name="seed">Seeds weights, noise and minibatch order.</param>
        /// <param name="spec">The networks to build.</param>
        /// <param name="conditionLoss">An extra generator loss term on (generated rows, their conditions), such as a
        /// table GAN's cross-entropy that makes generated rows carry the requested category; null for none.</param>
        public GanTrainer(IHost host, GanEstimator.Options options, int seed, NetworkSpec spec, Func<Tensor, Tensor, Tensor>? conditionLoss = null)
        {
            _host = host;
            _options = options;
            _seed = seed;
            _spec = spec;
            _latent = spec.LatentDimension;
            _conditionLoss = conditionLoss;
            _monitor = new TrainingMonitor(options);
            _device = TrainingDevice.Resolve(host, options.Device);
            _cancel = new FitCancellation(host, options.CancellationToken);
        }

        private bool Adversarial => _options.Loss != GanLoss.Mmd;

        /// <summary>Sees every epoch's generation network and may stop training or change the final weights; null for none.</summary>
        public IEpochObserver? Observer { get; init; }

        /// <summary>What a checkpoint must agree on to be resumed by this run: everything that shapes the networks or the training stream.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> CompatibilityKeys(MinibatchSource data)
        {
            var o = _options;
            string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
            return new KeyValuePair<string, string>[]
            {
                new("FeatureSize", _spec.FeatureSize.ToString(CultureInfo.InvariantCulture)),
                new("ConditionSize", _spec.ConditionSize.ToString(CultureInfo.InvariantCulture)),
                new("Network", _spec.Describe()),
                new(nameof(o.LatentDimension), _latent.ToString(CultureInfo.InvariantCulture)),
                new(nameof(o.GeneratorHiddenLayers), string.Join(",", o.GeneratorHiddenLayers)),
                new(nameof(o.DiscriminatorHiddenLayers), string.Join(",", o.DiscriminatorHiddenLayers)),
                new(nameof(o.Loss), o.Loss.ToString()),
                new(nameof(o.BatchSize), o.BatchSize.ToString(CultureInfo.InvariantCulture)),
                new(nameof(o.DiscriminatorSteps), o.DiscriminatorSteps.ToString(CultureInfo.InvariantCulture)),
                new(nameof(o.GeneratorLearningRate), F(o.GeneratorLearningRate)),
                new(nameof(o.DiscriminatorLearningRate), F(o.DiscriminatorLearningRate)),
                new(nameof(o.Beta1), F(o.Beta1)),
                new(nameof(o.Beta2), F(o.Beta2)),
                new(nameof(o.GradientPenaltyWeight), F(o.GradientPenaltyWeight)),
                new(nameof(o.Packing), o.Packing.ToString(CultureInfo.InvariantCulture)),
                new(nameof(o.MinibatchStdDev), o.MinibatchStdDev.ToString()),
                new(nameof(o.LabelSmoothing), F(o.LabelSmoothing)),
                new(nameof(o.InstanceNoise), F(o.InstanceNoise)),
                new(nameof(o.GeneratorEmaDecay), F(o.GeneratorEmaDecay)),
                new(nameof(o.GradientClipNorm), F(o.GradientClipNorm)),
                new(nameof(o.LearningRateDecay), F(o.LearningRateDecay)),
                new(nameof(o.MmdBandwidths), string.Join(",", o.MmdBandwidths.Select(F))),
                new(nameof(o.Seed), _seed.ToString(CultureInfo.InvariantCulture)),
                new("Rows", data.Rows?.ToString(CultureInfo.InvariantCulture) ?? "unknown"),
                // In memory or streamed (MemoryBudgetBytes decides), and the shuffle buffer: each gives another minibatch order.
                new("Minibatches", data is StreamingMinibatches s
                    ? string.Create(CultureInfo.InvariantCulture, $"streamed through a shuffle buffer of {s.BufferRows} rows")
                    : "in memory"),
            };
        }

        /// <summary>Trains on standardised rows; returns the generation network (caller owns it) and per-epoch metrics.</summary>
        public (Sequential Generator, List<GanEpochMetrics> History) Train(IChannel ch, MinibatchSource data, TrainingCheckpoint? resume)
        {
            long rows = data.Rows ?? long.MaxValue;
            int packing = _options.Packing;
            int batch = (int)Math.Min(_options.BatchSize, rows) / packing * packing;
            if (batch < packing)
                throw _host.Except($"The data has {rows} rows, fewer than Packing = {packing}: a minibatch needs at least one full pack.");
            if (batch < _options.BatchSize)
                ch.Warning($"BatchSize {_options.BatchSize} is larger than the {rows} training rows; using minibatches of {batch}.");

            resume?.CheckMatches(CompatibilityKeys(data));
            using var state = new TrainingState(_options, _spec, _seed, _device);
            var history = new List<GanEpochMetrics>(_options.Epochs);
            long discriminatorSteps = 0;
            if (resume is not null)
            {
                resume.Restore(ch, state);
                history.AddRange(resume.History);
                discriminatorSteps = resume.DiscriminatorSteps;
                ch.Info(MessageSensitivity.None, $"Resuming after epoch {resume.Epoch} of {_options.Epochs}.");
                if (resume.Epoch >= _options.Epochs)
                    ch.Warning($"The checkpoint is at epoch {resume.Epoch}, at or past Epochs = {_options.Epochs}; no further training.");
            }
            state.Generator.train();
            state.Discriminator?.train();

            var clock = Stopwatch.StartNew();
            int firstEpoch = history.Count + 1;
            for (int epoch = firstEpoch; epoch <= _options.Epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                double decay = Math.Pow(_options.LearningRateDecay, epoch - 1);
                state.SetLearningRates(_options.GeneratorLearningRate * decay, _options.DiscriminatorLearningRate * decay);
                // Instance noise decays linearly to zero over the run.
                double noise = _options.InstanceNoise * (1.0 - (epoch - 1.0) / _options.Epochs);
                var sums = new EpochSums();

                using (var minibatches = data.StartEpoch(batch, state.Rng))
                {
                    while (true)
                    {
                        _cancel.ThrowIfCancelled();
                        using var scope = torch.NewDisposeScope();
                        if (!minibatches.TryNext(out var next))
                            break;
                        var real = new Minibatch(next.Real.On(_device), next.Condition?.On(_device));
                        if (Adversarial)
                        {
                            DiscriminatorStep(state, real, noise, epoch, ref sums);
                            if (++discriminatorSteps % _options.DiscriminatorSteps != 0)
                                continue;
                        }
                        GeneratorStep(state, data, real, noise, epoch, ref sums);
                    }
                }

                var metrics = sums.ToMetrics(epoch, epochClock.Elapsed.TotalSeconds,
                    Diversity(state.Average?.Average ?? state.Generator, data, epoch));
                history.Add(metrics);
                _monitor.EpochEnded(ch, metrics, history.Count - firstEpoch + 1, clock.Elapsed);

                if (_options.CheckpointDirectory is { } directory && (epoch % _options.CheckpointInterval == 0 || epoch == _options.Epochs))
                {
                    string written = TrainingCheckpoint.Capture(epoch, discriminatorSteps, CompatibilityKeys(data), history, state)
                        .WriteAtomically(directory, _options.KeepCheckpoints);
                    ch.Info(MessageSensitivity.None, $"Checkpoint written: {written}");
                }
                if (Observer?.EpochEnded(epoch, _options.Epochs, state.Average?.Average ?? state.Generator, data) == false)
                    break;
            }
            // The state no longer owns the network it hands out: a late failure (or cancellation) frees it here.
            var network = state.TakeGenerationNetwork();
            return Ownership.Transfer(network, () =>
            {
                Observer?.TrainingEnded(network);
                BatchNormStatistics.Recompute(network, _latent, data, _seed, _device, _cancel);
                if (_device.type != DeviceType.CPU)
                    network.to(torch.CPU);
                return (network, history);
            });
        }

        // Generated rows get the real rows' conditions, so D compares like with like.
        private void DiscriminatorStep(TrainingState state, Minibatch batch, double noise, int epoch, ref EpochSums sums)
        {
            var critic = state.Discriminator!;
            var (real, condition) = batch;
            Tensor fake;
            using (torch.no_grad())
                fake = state.Generator.forward(GeneratorInput(state.Rng, real.shape[0], condition));
            var realSeen = WithInstanceNoise(real, noise, state.Rng);
            var fakeSeen = WithInstanceNoise(fake, noise, state.Rng);

            state.DiscriminatorOptimizer!.zero_grad();
            var realOut = critic.forward(realSeen, condition);
            var fakeOut = critic.forward(fakeSeen, condition);
            var loss = AdversarialLosses.Discriminator(_options.Loss, realOut, fakeOut, 1.0 - _options.LabelSmoothing);
            if (_options.Loss == GanLoss.Wasserstein && _options.GradientPenaltyWeight > 0)
                loss = loss + _options.GradientPenaltyWeight * GradientPenalty.Compute(x => critic.forward(x, condition), realSeen, fakeSeen, state.Rng, _options.Packing);
            loss.backward();
            sums.DiscriminatorGradientNorm += ClipAndMeasure(state.DiscriminatorParameters);
            state.DiscriminatorOptimizer.step();

            float value = loss.item<float>();
            ThrowIfDiverged(value, "discriminator", epoch);
            sums.DiscriminatorLoss += value;
            sums.DiscriminatorSteps++;
            using (torch.no_grad())
            {
                sums.RealScore += AdversarialLosses.Score(_options.Loss, realOut).item<float>();
                sums.FakeScore += AdversarialLosses.Score(_options.Loss, fakeOut).item<float>();
            }
        }

        // Gradients flow through the critic to the generator; the critic's own weights take no gradient.
        // Conditions are drawn afresh (class frequencies, or the table sampler's choice), not taken from the real rows.
        private void GeneratorStep(TrainingState state, MinibatchSource data, Minibatch batch, double noise, int epoch, ref EpochSums sums)
        {
            long rows = batch.Real.shape[0];
            state.GeneratorOptimizer.zero_grad();
            var condition = data.SampleConditions(rows, state.Rng)?.On(_device);
            var fake = state.Generator.forward(GeneratorInput(state.Rng, rows, condition));
            Tensor loss;
            if (Adversarial)
            {
                SetRequiresGrad(state.DiscriminatorParameters, false);
                loss = AdversarialLosses.Generator(_options.Loss, state.Discriminator!.forward(WithInstanceNoise(fake, noise, state.Rng), condition));
            }
            else
            {
                // Without a critic, a conditional GAN matches the joint distribution of (sample, condition).
                loss = MmdLoss.Compute(Joint(fake, condition), Joint(batch.Real, batch.Condition), _options.MmdBandwidths);
            }
            if (_conditionLoss is not null && condition is not null)
                loss = loss + _conditionLoss(fake, condition);
            loss.backward();
            SetRequiresGrad(state.DiscriminatorParameters, true);
            sums.GeneratorGradientNorm += ClipAndMeasure(state.GeneratorParameters);
            state.GeneratorOptimizer.step();
            state.Average?.Update();

            float value = loss.item<float>();
            ThrowIfDiverged(value, "generator", epoch);
            sums.GeneratorLoss += value;
            sums.GeneratorSteps++;
        }

        /// <summary>Noise for <paramref name="rows"/> samples, with their conditions appended when the GAN is conditional.</summary>
        private Tensor GeneratorInput(torch.Generator rng, long rows, Tensor? condition)
        {
            var z = torch.randn(rows, _latent, generator: rng).On(_device);
            return condition is null ? z : torch.cat(new[] { z, condition }, 1);
        }

        private static Tensor Joint(Tensor x, Tensor? condition) => condition is null ? x : torch.cat(new[] { x, condition }, 1);

        private Tensor WithInstanceNoise(Tensor x, double std, torch.Generator rng) =>
            std > 0 ? x + std * torch.randn(x.shape, generator: rng).On(_device) : x;

        // clip_grad_norm_ returns the norm before clipping; an infinite limit measures without clipping.
        private double ClipAndMeasure(IEnumerable<Parameter> parameters) =>
            nn.utils.clip_grad_norm_(parameters, _options.GradientClipNorm > 0 ? _options.GradientClipNorm : double.PositiveInfinity);

        private static void SetRequiresGrad(Parameter[] parameters, bool value)
        {
            foreach (var p in parameters)
                p.requires_grad = value;
        }

        /// <summary>
        /// Mean pairwise distance of a generated batch over that of a real one. Noise comes from its own
        /// generator, seeded by (seed, epoch), so monitoring never shifts the training random stream.
        /// </summary>
        private double Diversity(Sequential generator, MinibatchSource data, int epoch)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var real = data.MonitoringRows(256).On(_device);
            long n = real.shape[0];
            if (n < 2)
                return double.NaN;
            using var rng = new torch.Generator(SeedStreams.Derive(_seed, -epoch), torch.CPU);
            var fake = generator.forward(GeneratorInput(rng, n, data.SampleConditions(n, rng)?.On(_device)));
            double realSpread = torch.cdist(real, real).mean().item<float>();
            return realSpread > 0 ? torch.cdist(fake, fake).mean().item<float>() / realSpread : double.NaN;
        }

        private void ThrowIfDiverged(float loss, string network, int epoch)
        {
            if (float.IsFinite(loss))
                return;
            throw _host.Except(
                $"GAN training diverged in epoch {epoch}: the {network} loss became {loss}. " +
                "Try lower learning rates (GeneratorLearningRate, DiscriminatorLearningRate), GradientClipNorm, " +
                "a larger BatchSize, or Loss = Wasserstein; check that the features have no extreme outliers.");
        }

        private struct EpochSums
        {
            public double DiscriminatorLoss, GeneratorLoss, RealScore, FakeScore, DiscriminatorGradientNorm, GeneratorGradientNorm;
            public int DiscriminatorSteps, GeneratorSteps;

            public GanEpochMetrics ToMetrics(int epoch, double seconds, double diversity) => new()
            {
                Epoch = epoch,
                DiscriminatorLoss = Mean(DiscriminatorLoss, DiscriminatorSteps),
                GeneratorLoss = Mean(GeneratorLoss, GeneratorSteps),
                MeanRealScore = Mean(RealScore, DiscriminatorSteps),
                MeanFakeScore = Mean(FakeScore, DiscriminatorSteps),
                DiscriminatorGradientNorm = Mean(DiscriminatorGradientNorm, DiscriminatorSteps),
                GeneratorGradientNorm = Mean(GeneratorGradientNorm, GeneratorSteps),
                DiversityRatio = diversity,
                DiscriminatorSteps = DiscriminatorSteps,
                GeneratorSteps = GeneratorSteps,
                Seconds = seconds,
            };

            private static double Mean(double sum, int count) => count > 0 ? sum / count : double.NaN;
        }
    }
}
