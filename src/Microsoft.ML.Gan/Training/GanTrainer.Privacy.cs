using System;
using System.Collections.Generic;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Privacy;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The critic's DP-SGD path (<see cref="TrainerSettings.Privacy"/>), apart from the non-private one, which it leaves
    /// as it was. An epoch is <see cref="PrivateCritic.StepsPerEpoch"/> critic steps, each on its own Poisson sample of
    /// the rows; the generator steps after every DiscriminatorSteps-th critic step, as without privacy.
    /// </summary>
    internal sealed partial class GanTrainer
    {
        private PrivateCritic StartPrivacy(IChannel ch, PrivacySettings privacy, TrainingState state, MinibatchSource data, int batch, long stepsTaken)
        {
            if (!Adversarial || state.Discriminator is null)
                throw _host.Except("Differentially private training needs a critic; the MMD loss has none.");
            if (!data.SamplesPoisson || data.Rows is null)
                throw _host.Except("Differentially private training needs the rows in memory, sampled without regard to their values (Poisson sampling); " +
                    "this data is streamed or sampled by condition, which the privacy accountant does not cover.");
            if (_settings.Remedies.Packing != 1)
                throw _host.Except($"Differentially private training needs Packing = 1; it was {_settings.Remedies.Packing}.");
            if (Observer is not null)
                throw _host.Except("Differentially private training cannot choose its generator by a score on real rows (early stopping or best-epoch selection): that choice is not private.");
            PrivateCritic critic;
            try
            {
                critic = new PrivateCritic(privacy, state.Discriminator, data.Rows.Value, batch, _settings.Epochs, _seed);
            }
            catch (NotSupportedException e)
            {
                throw _host.Except(e, "Differentially private training: " + e.Message);
            }
            if (stepsTaken > 0)
                critic.Spend(stepsTaken);
            ch.Info(MessageSensitivity.None,
                $"Differential privacy: ε = {critic.TargetEpsilon} at δ = {critic.Delta:G4} over {critic.PlannedSteps} critic steps" +
                (critic.Statistics is { } statistics ? $" and the statistics released before them (noise multiplier {statistics.NoiseMultiplier:G4})" : "") + ", " +
                $"Poisson sampling rate {critic.SampleRate:G4}, noise multiplier σ = {critic.NoiseMultiplier:G6}, clip norm {critic.ClipNorm}.");
            return critic;
        }

        // A checkpoint's history does not store ε: each restored epoch's is recomputed from the plan and its critic steps.
        private static void RestoreEpsilons(PrivateCritic critic, List<GanEpochMetrics> history)
        {
            long steps = 0;
            for (int i = 0; i < history.Count; i++)
            {
                steps += history[i].DiscriminatorUpdates;
                history[i] = history[i].WithEpsilon(critic.EpsilonAfter(steps));
            }
        }

        /// <summary>One epoch of private critic steps (and the generator steps between them); returns the critic steps taken.</summary>
        private long PrivateEpoch(PrivateCritic critic, TrainingState state, MinibatchSource data, double noise, EpochReadings readings, int epoch, long stepsBefore)
        {
            critic.StartEpoch(epoch);
            long taken = 0;
            for (long step = 0; step < critic.StepsPerEpoch && critic.CanStep; step++)
            {
                _cancel.ThrowIfCancelled();
                using var scope = torch.NewDisposeScope();
                var sample = data.PoissonSample(critic.SampleRate, state.Rng);
                var real = new Minibatch(sample.Real.On(_device), sample.Condition?.On(_device));
                PrivateDiscriminatorStep(critic, state, data, real, noise, readings);
                if ((stepsBefore + ++taken) % _settings.DiscriminatorSteps != 0)
                    continue;
                // The generator's batch is the expected sample size: the sample's own size would depend on the data.
                GeneratorStep(state, data, real, noise, readings, generatedRows: critic.ExpectedBatch);
            }
            return taken;
        }

        /// <summary>
        /// One DP-SGD step of the critic: real and generated rows in one pass, each example's loss term clipped to C (the
        /// generated ones too: they carry no privacy risk, but clipping all keeps both halves of the loss on one scale and
        /// needs one pass), Gaussian noise on the sum, divided by the expected batch, then the optimizer. The generated rows
        /// are a fixed number, the expected batch, with conditions drawn as for generator steps.
        /// </summary>
        private void PrivateDiscriminatorStep(PrivateCritic dp, TrainingState state, MinibatchSource data, Minibatch batch, double noise, EpochReadings readings)
        {
            var (real, condition) = batch;
            long generated = dp.ExpectedBatch;
            var fakeCondition = condition is null ? null : data.SampleConditions(generated, state.Rng)?.On(_device);
            Tensor fake;
            using (torch.no_grad())
                fake = ToRows(state, state.Generator.forward(GeneratorInput(state.Rng, generated, fakeCondition)));
            var realSeen = WithInstanceNoise(real, noise, state.Rng);
            var fakeSeen = WithInstanceNoise(fake, noise, state.Rng);

            state.DiscriminatorFlat!.ZeroGradients();
            var pass = dp.Clipping.Forward(torch.cat(new[] { realSeen, fakeSeen }, 0),
                condition is null ? null : torch.cat(new[] { condition, fakeCondition! }, 0));
            long realCount = real.shape[0];
            var realOut = pass.Output.narrow(0, 0, realCount);
            var fakeOut = pass.Output.narrow(0, realCount, generated);
            var (realTerms, fakeTerms) = AdversarialLosses.DiscriminatorTerms(_settings.Loss, realOut, fakeOut, 1.0 - _settings.Remedies.LabelSmoothing);
            pass.BackwardClipped(torch.cat(new[] { realTerms, fakeTerms }, 0), dp.ClipNorm);
            dp.Spend();
            dp.Privatise(state.DiscriminatorFlat.Gradients!);
            // Clipping the noisy mean as a whole is post-processing: it costs no privacy.
            var norm = state.DiscriminatorFlat.ClipGradients(_settings.Optimizer.GradientClipNorm);
            state.DiscriminatorUpdate!.Step();

            Tensor loss;
            using (torch.no_grad())
                loss = (realTerms.sum() + fakeTerms.sum()) / generated;
            readings.Discriminator(loss, AdversarialLosses.Score(_settings.Loss, realOut), AdversarialLosses.Score(_settings.Loss, fakeOut), norm);
        }

        /// <summary>
        /// The epoch's figures as a private run may publish them: those computed from real rows outside the noisy update
        /// (the critic's loss, real score and gradient norm, the diversity ratio) are NaN; ε spent is added.
        /// </summary>
        private static GanEpochMetrics Redacted(GanEpochMetrics m, double epsilon) => new()
        {
            Epoch = m.Epoch,
            DiscriminatorLoss = double.NaN,
            GeneratorLoss = m.GeneratorLoss,
            MeanRealScore = double.NaN,
            MeanFakeScore = m.MeanFakeScore,
            DiscriminatorGradientNorm = double.NaN,
            GeneratorGradientNorm = m.GeneratorGradientNorm,
            DiversityRatio = double.NaN,
            DiscriminatorUpdates = m.DiscriminatorUpdates,
            GeneratorUpdates = m.GeneratorUpdates,
            Seconds = m.Seconds,
            Epsilon = epsilon,
        };
    }
}
