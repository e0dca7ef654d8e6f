using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Privacy
{
    /// <summary>
    /// Privacy spent by steps of the sampled Gaussian mechanism, by RDP: the RDP of a run is the sum over its steps
    /// (composition), converted to (ε, δ) at the best of a fixed list of orders (<see cref="RdpConversion"/>). Steps
    /// at the same noise multiplier and sampling rate are kept as one segment with their count, its per-step RDP
    /// computed once, so that asking for ε after every epoch costs one conversion.
    /// </summary>
    internal sealed class RdpAccountant
    {
        /// <summary>
        /// The orders tried: 1.1 to 10.9 in tenths, then the integers 12 to 63 (Opacus's RDPAccountant.DEFAULT_ALPHAS):
        /// a small ε at many steps is reached at a low order, a single step's at a high one.
        /// </summary>
        public static IReadOnlyList<double> DefaultOrders { get; } =
            Enumerable.Range(1, 99).Select(x => 1 + x / 10.0).Concat(Enumerable.Range(12, 52).Select(x => (double)x)).ToArray();

        private readonly double[] _orders;
        private readonly List<Segment> _segments = new List<Segment>();

        /// <summary>An accountant with no steps yet, converting at <paramref name="orders"/> (the default orders when null).</summary>
        public RdpAccountant(IReadOnlyList<double>? orders = null)
        {
            _orders = (orders ?? DefaultOrders).ToArray();
            Contracts.CheckParam(_orders.Length > 0 && _orders.All(a => a > 1), nameof(orders), "RDP orders are above 1, at least one.");
        }

        /// <summary>The orders ε is converted at.</summary>
        public IReadOnlyList<double> Orders => _orders;

        /// <summary>Steps taken so far.</summary>
        public long Steps => _segments.Sum(s => s.Steps);

        /// <summary>Records <paramref name="steps"/> steps at the given noise multiplier and sampling rate.</summary>
        public void Step(double noiseMultiplier, double sampleRate, long steps = 1)
        {
            Contracts.CheckParam(steps >= 0, nameof(steps), $"Steps are zero or more; it was {steps}.");
            if (steps == 0)
                return;
            if (_segments.Count > 0)
            {
                var last = _segments[^1];
                if (last.NoiseMultiplier == noiseMultiplier && last.SampleRate == sampleRate)
                {
                    last.Steps += steps;
                    return;
                }
            }
            _segments.Add(new Segment(noiseMultiplier, sampleRate, steps, StepRdp(sampleRate, noiseMultiplier, _orders)));
        }

        /// <summary>The (ε, δ) guarantee of the steps so far at <paramref name="delta"/>: ε = 0 (order NaN) before any step.</summary>
        public PrivacySpent GetPrivacySpent(double delta)
        {
            if (_segments.Count == 0)
                return new PrivacySpent(0, double.NaN);
            var rdp = new double[_orders.Length];
            foreach (var segment in _segments)
            {
                for (int k = 0; k < rdp.Length; k++)
                    rdp[k] += segment.StepRdp[k] * segment.Steps;
            }
            return RdpConversion.ToEpsilon(_orders, rdp, delta);
        }

        /// <summary>ε after <paramref name="steps"/> steps at one noise multiplier and sampling rate.</summary>
        public static PrivacySpent Compute(double sampleRate, double noiseMultiplier, long steps, double delta, IReadOnlyList<double>? orders = null)
        {
            var accountant = new RdpAccountant(orders);
            accountant.Step(noiseMultiplier, sampleRate, steps);
            return accountant.GetPrivacySpent(delta);
        }

        private static double[] StepRdp(double sampleRate, double noiseMultiplier, double[] orders) =>
            orders.Select(a => SampledGaussianRdp.Rdp(sampleRate, noiseMultiplier, a)).ToArray();

        private sealed class Segment
        {
            public Segment(double noiseMultiplier, double sampleRate, long steps, double[] stepRdp)
            {
                NoiseMultiplier = noiseMultiplier;
                SampleRate = sampleRate;
                Steps = steps;
                StepRdp = stepRdp;
            }

            public double NoiseMultiplier { get; }

            public double SampleRate { get; }

            public long Steps { get; set; }

            public double[] StepRdp { get; }
        }
    }
}
