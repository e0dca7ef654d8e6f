using System;
using System.Collections.Generic;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Privacy;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// DP-SGD's plan and ledger for one run of the critic. The plan: each step samples every training row independently
    /// with probability q = batch / rows (Poisson sampling, what <see cref="SampledGaussianRdp"/> assumes, so the
    /// accountant's amplification by sampling holds); the run has epochs × ⌊rows / batch⌋ steps, as many as the
    /// non-private run's full minibatches; σ is the smallest noise multiplier whose ε after those steps is at most the
    /// target (<see cref="NoiseCalibration"/>). The ledger: an <see cref="RdpAccountant"/> stepped once per critic step,
    /// and a refusal to take a step past the plan, so ε never exceeds the target. The noise is N(0, σ²C²) per gradient
    /// coordinate, drawn from a stream of its own derived from the seed and the epoch (so a resumed run draws the same).
    /// </summary>
    internal sealed class PrivateCritic : IDisposable
    {
        /// <summary>Seed streams of the gradient noise: this plus the epoch.</summary>
        internal const long NoiseStream = 0xD95C_0000_0000;

        private readonly RdpAccountant _accountant = new RdpAccountant();
        private readonly int _seed;
        private torch.Generator? _noise;

        /// <param name="settings">ε, δ (or its rule) and C.</param>
        /// <param name="critic">The critic, checked to be one whose examples do not mix (<see cref="PerExampleClipping"/>).</param>
        /// <param name="rows">Training rows n.</param>
        /// <param name="batch">The expected sample size q·n.</param>
        /// <param name="epochs">Planned epochs.</param>
        /// <param name="seed">The run's seed, for the noise streams.</param>
        public PrivateCritic(PrivacySettings settings, Discriminator critic, long rows, int batch, int epochs, int seed)
        {
            if (rows < 1 || batch < 1 || batch > rows)
                throw new ArgumentOutOfRangeException(nameof(batch), batch, $"A sample of {batch} expected rows out of {rows}.");
            Clipping = new PerExampleClipping(critic);
            ClipNorm = settings.ClipNorm;
            TargetEpsilon = settings.Epsilon;
            Delta = settings.ResolveDelta(rows);
            Statistics = settings.Statistics;
            AccountedDelta = Delta - (Statistics?.ThresholdDelta ?? 0);
            ExpectedBatch = batch;
            SampleRate = (double)batch / rows;
            StepsPerEpoch = Math.Max(1, rows / batch);
            PlannedSteps = StepsPerEpoch * epochs;
            var before = Statistics is { } release ? new[] { (release.NoiseMultiplier, 1.0, 1L) } : null;
            NoiseMultiplier = NoiseCalibration.NoiseMultiplier(TargetEpsilon, AccountedDelta, SampleRate, PlannedSteps, before: before);
            if (Statistics is { } statistics)
                _accountant.Step(statistics.NoiseMultiplier, 1.0);
            _seed = seed;
        }

        public PerExampleClipping Clipping { get; }
        public double ClipNorm { get; }
        public double TargetEpsilon { get; }
        /// <summary>The run's δ: what the accountant converts at plus what the category thresholds of the statistics take.</summary>
        public double Delta { get; }

        /// <summary>The statistics released before training (their noise and the δ their thresholds take); null when none.</summary>
        public StatisticsNoise? Statistics { get; }

        /// <summary>The δ the RDP accountant converts at.</summary>
        public double AccountedDelta { get; }
        public double SampleRate { get; }
        public int ExpectedBatch { get; }
        public long StepsPerEpoch { get; }
        public long PlannedSteps { get; }

        /// <summary>σ: the noise's standard deviation over the clip norm.</summary>
        public double NoiseMultiplier { get; }

        /// <summary>Critic steps accounted so far.</summary>
        public long Steps { get; private set; }

        /// <summary>ε spent so far at <see cref="Delta"/>, the statistics' release included (0 before anything).</summary>
        public double Epsilon => _accountant.GetPrivacySpent(AccountedDelta).Epsilon;

        /// <summary>Whether one more step stays within the plan (and so within the budget).</summary>
        public bool CanStep => Steps < PlannedSteps;

        /// <summary>Accounts for <paramref name="steps"/> steps (one taken, or a resumed run's earlier ones).</summary>
        public void Spend(long steps = 1)
        {
            if (Steps + steps > PlannedSteps)
                throw new InvalidOperationException($"{steps} more critic steps would pass the {PlannedSteps} the privacy budget was planned for.");
            _accountant.Step(NoiseMultiplier, SampleRate, steps);
            Steps += steps;
        }

        /// <summary>ε after the statistics and <paramref name="steps"/> critic steps: a resumed run's history before its checkpoint.</summary>
        public double EpsilonAfter(long steps)
        {
            var accountant = new RdpAccountant();
            if (Statistics is { } statistics)
                accountant.Step(statistics.NoiseMultiplier, 1.0);
            accountant.Step(NoiseMultiplier, SampleRate, steps);
            return accountant.GetPrivacySpent(AccountedDelta).Epsilon;
        }

        /// <summary>The run's guarantee after <see cref="Steps"/> steps, for the model file and the user.</summary>
        public PrivacyGuarantee Guarantee(IReadOnlyList<double> epsilonByEpoch) => new()
        {
            Epsilon = Epsilon,
            Delta = Delta,
            NoiseMultiplier = NoiseMultiplier,
            SampleRate = SampleRate,
            Steps = Steps,
            ClipNorm = ClipNorm,
            StatisticsNoiseMultiplier = Statistics?.NoiseMultiplier ?? double.NaN,
            EpsilonByEpoch = epsilonByEpoch,
        };

        /// <summary>Starts the epoch's noise stream.</summary>
        public void StartEpoch(int epoch)
        {
            _noise?.Dispose();
            _noise = new torch.Generator(SeedStreams.Derive(_seed, NoiseStream + epoch), torch.CPU);
        }

        /// <summary>
        /// Adds N(0, σ²C²) to each of the summed clipped gradients, then divides by the expected sample size q·n (not
        /// the sample's size, which would reveal it): the critic's privatised mean gradient.
        /// </summary>
        public void Privatise(Tensor gradients)
        {
            if (_noise is null)
                throw new InvalidOperationException("No epoch started.");
            using var noGrad = torch.no_grad();
            using var noise = torch.randn(gradients.shape, dtype: ScalarType.Float64, generator: _noise);
            using var scaled = noise.mul_(NoiseMultiplier * ClipNorm).to(gradients.dtype, gradients.device);
            gradients.add_(scaled).div_(ExpectedBatch);
        }

        public void Dispose() => _noise?.Dispose();
    }
}
