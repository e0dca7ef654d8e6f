using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.Gan.Data;
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
    internal sealed partial class GanTrainer
    {
        private readonly IHost _host;
        private readonly TrainerSettings _settings;
        private readonly int _seed;
        private readonly NetworkSpec _spec;
        private readonly int _latent;
        private readonly Func<Tensor, Tensor, Tensor>? _conditionLoss;
        private readonly TrainingMonitor _monitor;
        private readonly torch.Device _device;
        private readonly FitCancellation _cancel;
        private readonly bool _devicePath;
        private readonly int _readInterval;

        /// <param name="host">Channel for progress messages and cancellation.</param>
        /// <param name="settings">The training settings.</param>
        /// <param name="seed">Seeds weights, noise and minibatch order.</param>
        /// <param name="spec">The networks to build.</param>
        /// <param name="conditionLoss">An extra generator loss term on (the generator network's output, the conditions), such
        /// as a table GAN's cross-entropy on its logits that makes generated rows carry the requested category; null for none.</param>
        public GanTrainer(IHost host, TrainerSettings settings, int seed, NetworkSpec spec, Func<Tensor, Tensor, Tensor>? conditionLoss = null)
        {
            _host = host;
            _settings = settings;
            _seed = seed;
            _spec = spec;
            _latent = spec.LatentDimension;
            _conditionLoss = conditionLoss;
            _monitor = new TrainingMonitor(settings);
            _device = TrainingDevice.Resolve(host, settings.Device);
            _cancel = new FitCancellation(host, settings.CancellationToken);
            _devicePath = TrainingDevice.UsesDevicePath(settings);
            _readInterval = settings.ReadInterval ?? (_devicePath ? EpochReadings.DeviceReadInterval : 1);
        }

        private bool Adversarial => _settings.Loss != GanLoss.Mmd;

        /// <summary>Sees every epoch's generation network and may stop training or change the final weights; null for none.</summary>
        public IEpochObserver? Observer { get; init; }

        /// <summary>What a checkpoint must agree on to be resumed by this run (<see cref="TrainerSettings.CompatibilityKeys"/>).</summary>
        public IReadOnlyList<KeyValuePair<string, string>> CompatibilityKeys(MinibatchSource data) => _settings.CompatibilityKeys(_spec, _seed, data);

        /// <summary>The guarantee of the last <see cref="Train"/> with privacy; null without.</summary>
        public PrivacyGuarantee? Guarantee { get; private set; }

        /// <summary>Trains on standardised rows; returns the generation network (caller owns it) and per-epoch metrics.</summary>
        public (Sequential Generator, List<GanEpochMetrics> History) Train(IChannel ch, MinibatchSource data, TrainingCheckpoint? resume)
        {
            long rows = data.Rows ?? long.MaxValue;
            int packing = _settings.Remedies.Packing;
            int batch = (int)Math.Min(_settings.BatchSize, rows) / packing * packing;
            if (batch < packing)
                throw _host.Except($"The data has {rows} rows, fewer than Packing = {packing}: a minibatch needs at least one full pack.");
            if (batch < _settings.BatchSize)
                ch.Warning($"BatchSize {_settings.BatchSize} is larger than the {rows} training rows; using minibatches of {batch}.");

            resume?.CheckMatches(CompatibilityKeys(data));
            using var state = new TrainingState(_settings, _spec, _seed, _device, _devicePath);
            // After the networks: the rows may take a share of what the device has left.
            if (_devicePath)
                data.EnterDevicePath(ch, _device);
            var history = new List<GanEpochMetrics>(_settings.Epochs);
            long discriminatorSteps = 0;
            if (resume is not null)
            {
                resume.Restore(state);
                history.AddRange(resume.History);
                discriminatorSteps = resume.DiscriminatorSteps;
                ch.Info(MessageSensitivity.None, $"Resuming after epoch {resume.Epoch} of {_settings.Epochs}.");
                if (resume.Epoch >= _settings.Epochs)
                    ch.Warning($"The checkpoint is at epoch {resume.Epoch}, at or past Epochs = {_settings.Epochs}; no further training.");
            }
            state.Generator.train();
            state.Discriminator?.train();
            using var unrolled = _settings.UnrolledSteps > 0 && state.Discriminator is { } unrolledCritic
                ? new UnrolledDiscriminator(unrolledCritic, state.DiscriminatorOptimizer!, _settings.UnrolledSteps) : null;

            using var privateCritic = _settings.Privacy is { } privacy ? StartPrivacy(ch, privacy, state, data, batch, discriminatorSteps) : null;
            if (privateCritic is not null)
                RestoreEpsilons(privateCritic, history);

            var clock = Stopwatch.StartNew();
            int firstEpoch = history.Count + 1;
            for (int epoch = firstEpoch; epoch <= _settings.Epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                // CUDA draws come from the device's default generator (DeviceDraws.Source): seeded per epoch, so that a run
                // resumed from an epoch's checkpoint goes on with the same draws.
                if (_device.type == DeviceType.CUDA)
                    torch.cuda.manual_seed((long)SeedStreams.Derive(_seed, CudaEpochStream + epoch));
                double decay = Math.Pow(_settings.Optimizer.LearningRateDecay, epoch - 1);
                state.SetLearningRates(_settings.Optimizer.GeneratorLearningRate * decay, _settings.Optimizer.DiscriminatorLearningRate * decay);
                // Instance noise decays linearly to zero over the run.
                double noise = _settings.Remedies.InstanceNoise * (1.0 - (epoch - 1.0) / _settings.Epochs);
                using var readings = new EpochReadings(_readInterval, _device, (loss, network) => ThrowIfDiverged(loss, network, epoch));

                if (privateCritic is not null)
                    discriminatorSteps += PrivateEpoch(privateCritic, state, data, noise, readings, epoch, discriminatorSteps);
                else
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
                            DiscriminatorStep(state, real, noise, readings, penaliseR1: discriminatorSteps % R1Interval == 0);
                            if (++discriminatorSteps % _settings.DiscriminatorSteps != 0)
                                continue;
                        }
                        GeneratorStep(state, data, real, noise, readings, unrolled);
                    }
                }

                var metrics = readings.ToMetrics(epoch, epochClock.Elapsed.TotalSeconds,
                    Diversity(state, state.Average?.Average ?? state.Generator, data, epoch));
                if (privateCritic is not null)
                    metrics = Redacted(metrics, privateCritic.Epsilon);
                history.Add(metrics);
                _monitor.EpochEnded(ch, metrics, history.Count - firstEpoch + 1, clock.Elapsed);

                if (_settings.Checkpoints.Directory is { } directory && (epoch % _settings.Checkpoints.Interval == 0 || epoch == _settings.Epochs))
                {
                    string written = TrainingCheckpoint.Capture(epoch, discriminatorSteps, CompatibilityKeys(data), history, state)
                        .WriteAtomically(directory, _settings.Checkpoints.Keep);
                    ch.Info(MessageSensitivity.None, $"Checkpoint written: {written}");
                }
                if (Observer?.EpochEnded(epoch, _settings.Epochs, state.Average?.Average ?? state.Generator, data) == false)
                    break;
            }
            Guarantee = privateCritic?.Guarantee(history.Select(m => m.Epsilon).ToArray());
            // The state no longer owns the network it hands out: a late failure (or cancellation) frees it here.
            var network = state.TakeGenerationNetwork();
            return Ownership.Transfer(network, () =>
            {
                Observer?.TrainingEnded(network);
                BatchNormStatistics.Recompute(network, _latent, data.SampleConditions, _seed, _device, _cancel);
                if (_device.type != DeviceType.CPU)
                    network.to(torch.CPU);
                return (network, history);
            });
        }

        /// <summary>
        /// Discriminator steps per R1 penalty ("lazy regularisation", Karras et al. 2020, who also use 16): the penalty
        /// runs on one step in this many, with its weight multiplied by as many. Every fourth step kept more of the
        /// grid's sharpness but cost Fit about a fifth of its time; every sixteenth keeps every mode for a few percent
        /// (docs/BENCHMARKS.md, the R1 rows and the speed table).
        /// </summary>
        internal const int R1Interval = 16;

        /// <summary>Seed streams of CUDA's default generator: this plus the epoch.</summary>
        internal const long CudaEpochStream = 0x5EED_0000_0000;

        // Generated rows get the real rows' conditions, so D compares like with like.

        private void DiscriminatorStep(TrainingState state, Minibatch batch, double noise, EpochReadings readings, bool penaliseR1, bool counted = true)
        {
            var critic = state.Discriminator!;
            var (real, condition) = batch;
            Tensor fake;
            using (torch.no_grad())
                fake = ToRows(state, state.Generator.forward(GeneratorInput(state.Rng, real.shape[0], condition)));
            var realSeen = WithInstanceNoise(real, noise, state.Rng);
            var fakeSeen = WithInstanceNoise(fake, noise, state.Rng);

            state.DiscriminatorFlat!.ZeroGradients();
            var (realOut, fakeOut) = CriticScores(critic, realSeen, fakeSeen, condition);
            var loss = AdversarialLosses.Discriminator(_settings.Loss, realOut, fakeOut, 1.0 - _settings.Remedies.LabelSmoothing);
            var remedies = _settings.Remedies;
            if (_settings.Loss == GanLoss.Wasserstein && remedies.GradientPenaltyWeight > 0)
                loss = loss + remedies.GradientPenaltyWeight * GradientPenalty.Compute(x => critic.forward(x, condition), realSeen, fakeSeen, state.Rng, remedies.Packing);
            if (remedies.R1PenaltyWeight > 0 && penaliseR1)
                loss = loss + R1Interval * remedies.R1PenaltyWeight * GradientPenalty.R1(x => critic.forward(x, condition), realSeen, remedies.Packing);
            loss.backward();
            var norm = state.DiscriminatorFlat.ClipGradients(_settings.Optimizer.GradientClipNorm);
            state.DiscriminatorUpdate!.Step();

            readings.Discriminator(loss, AdversarialLosses.Score(_settings.Loss, realOut), AdversarialLosses.Score(_settings.Loss, fakeOut), norm, counted);
        }

        // One pass over real and generated rows together where that gives exactly the two passes' scores.
        private static (Tensor Real, Tensor Fake) CriticScores(Discriminator critic, Tensor real, Tensor fake, Tensor? condition)
        {
            if (!critic.ScoresPacksApart)
                return (critic.forward(real, condition), critic.forward(fake, condition));
            var both = critic.forward(torch.cat(new[] { real, fake }, 0), condition is null ? null : torch.cat(new[] { condition, condition }, 0));
            long packs = both.shape[0] / 2;
            return (both.narrow(0, 0, packs), both.narrow(0, packs, packs));
        }

        // Gradients flow through the critic to the generator; the critic's own weights take no gradient.
        // Conditions are drawn afresh (class frequencies, or the table sampler's choice), not taken from the real rows.
        private void GeneratorStep(TrainingState state, MinibatchSource data, Minibatch batch, double noise, EpochReadings readings,
            UnrolledDiscriminator? unrolled = null, long? generatedRows = null)
        {
            // Look-ahead steps count in no metric; they take the R1 penalty on the same one-in-R1Interval rule.
            int lookAhead = 0;
            unrolled?.Unroll(() => DiscriminatorStep(state, batch, noise, readings, penaliseR1: lookAhead++ % R1Interval == 0, counted: false));
            long rows = generatedRows ?? batch.Real.shape[0];
            state.GeneratorFlat.ZeroGradients();
            var condition = data.SampleConditions(rows, state.Rng)?.On(_device);
            var output = state.Generator.forward(GeneratorInput(state.Rng, rows, condition));
            var fake = ToRows(state, output);
            Tensor loss;
            if (Adversarial)
            {
                SetRequiresGrad(state.DiscriminatorParameters, false);
                loss = AdversarialLosses.Generator(_settings.Loss, state.Discriminator!.forward(WithInstanceNoise(fake, noise, state.Rng), condition));
            }
            else
            {
                // Without a critic, a conditional GAN matches the joint distribution of (sample, condition).
                loss = MmdLoss.Compute(Joint(fake, condition), Joint(batch.Real, batch.Condition), _settings.Remedies.MmdBandwidths);
            }
            if (_conditionLoss is not null && condition is not null)
                loss = loss + _conditionLoss(output, condition);
            loss.backward();
            unrolled?.Restore();
            SetRequiresGrad(state.DiscriminatorParameters, true);
            var norm = state.GeneratorFlat.ClipGradients(_settings.Optimizer.GradientClipNorm);
            state.GeneratorUpdate.Step();
            state.Average?.Update();

            readings.Generator(loss, norm);
        }

        /// <summary>Noise for <paramref name="rows"/> samples, with their conditions appended when the GAN is conditional.</summary>
        private Tensor GeneratorInput(torch.Generator rng, long rows, Tensor? condition)
        {
            // Drawn where the generator is: on the device path, on the device (no copy, no wait).
            var z = torch.randn(rows, _latent, device: rng.device, generator: DeviceDraws.Source(rng)).On(_device);
            return condition is null ? z : torch.cat(new[] { z, condition }, 1);
        }

        /// <summary>The output step: the generator network's output to rows (a table generator's logits through its activation).</summary>
        private Tensor ToRows(TrainingState state, Tensor output) => _spec.ToTrainingRows(output, state.Noise);

        private static Tensor Joint(Tensor x, Tensor? condition) => condition is null ? x : torch.cat(new[] { x, condition }, 1);

        private Tensor WithInstanceNoise(Tensor x, double std, torch.Generator rng) =>
            std > 0 ? x + std * torch.randn(x.shape, device: rng.device, generator: DeviceDraws.Source(rng)).On(_device) : x;

        private static void SetRequiresGrad(Parameter[] parameters, bool value)
        {
            foreach (var p in parameters)
                p.requires_grad = value;
        }

        /// <summary>
        /// Mean pairwise distance of a generated batch over that of a real one. Latent noise and conditions come from
        /// a generator of its own, seeded by (seed, epoch), so monitoring never shifts the trainer's random stream; the
        /// output step draws from the networks' own generators like any training forward (part of the seeded run).
        /// </summary>
        private double Diversity(TrainingState state, Sequential generator, MinibatchSource data, int epoch)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var real = data.MonitoringRows(256).On(_device);
            long n = real.shape[0];
            if (n < 2)
                return double.NaN;
            using var rng = new torch.Generator(SeedStreams.Derive(_seed, -epoch), torch.CPU);
            var fake = ToRows(state, generator.forward(GeneratorInput(rng, n, data.SampleConditions(n, rng)?.On(_device))));
            double realSpread = torch.cdist(real, real).mean().item<float>();
            return realSpread > 0 ? torch.cdist(fake, fake).mean().item<float>() / realSpread : double.NaN;
        }

        private void ThrowIfDiverged(double loss, string network, int epoch)
        {
            if (double.IsFinite(loss))
                return;
            throw _host.Except(
                $"GAN training diverged in epoch {epoch}: the {network} loss became {loss}. " +
                "Try lower learning rates (GeneratorLearningRate, DiscriminatorLearningRate), GradientClipNorm, " +
                "a larger BatchSize, or Loss = Wasserstein; check that the features have no extreme outliers.");
        }
    }
}
