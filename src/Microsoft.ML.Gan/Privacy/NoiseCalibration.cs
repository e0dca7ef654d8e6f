using System;
using System.Collections.Generic;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Privacy
{
    /// <summary>
    /// The noise multiplier that spends a target ε over a planned run, by bisection on σ as Opacus's
    /// get_noise_multiplier does: σ doubles from 20 until ε(σ) ≤ target, then the bracket [σ_low, σ_high] halves,
    /// always keeping ε(σ_high) ≤ target, until target − ε(σ_high) ≤ the tolerance. ε falls as σ grows, so the σ
    /// returned never overspends and underspends by at most the tolerance.
    /// </summary>
    internal static class NoiseCalibration
    {
        /// <summary>Opacus's default ε tolerance.</summary>
        public const double DefaultEpsilonTolerance = 0.01;

        // Beyond this no useful training is left: the budget is too small for the run (Opacus's MAX_SIGMA).
        private const double MaxNoiseMultiplier = 1e6;

        /// <summary>
        /// The smallest σ found whose ε after <paramref name="steps"/> steps is at most <paramref name="targetEpsilon"/>,
        /// composed after the releases in <paramref name="before"/> when given (each a noise multiplier, a sampling rate and
        /// a number of steps: what the run published about the data before training, at its own noise).
        /// </summary>
        public static double NoiseMultiplier(double targetEpsilon, double delta, double sampleRate, long steps,
            double epsilonTolerance = DefaultEpsilonTolerance, IReadOnlyList<double>? orders = null,
            IReadOnlyList<(double NoiseMultiplier, double SampleRate, long Steps)>? before = null)
        {
            Contracts.CheckParam(targetEpsilon > 0 && !double.IsPositiveInfinity(targetEpsilon), nameof(targetEpsilon),
                $"A target ε is above zero and finite; it was {targetEpsilon}.");
            Contracts.CheckParam(delta > 0 && delta < 1, nameof(delta), $"δ is in (0, 1); it was {delta}.");
            Contracts.CheckParam(sampleRate > 0 && sampleRate <= 1, nameof(sampleRate), $"A sampling rate is in (0, 1]; it was {sampleRate}.");
            Contracts.CheckParam(steps >= 1, nameof(steps), $"A run has one step or more; it was {steps}.");
            Contracts.CheckParam(epsilonTolerance > 0, nameof(epsilonTolerance), $"The ε tolerance is above zero; it was {epsilonTolerance}.");

            double Epsilon(double sigma)
            {
                var accountant = new RdpAccountant(orders);
                foreach (var (noise, rate, count) in before ?? Array.Empty<(double, double, long)>())
                    accountant.Step(noise, rate, count);
                accountant.Step(sigma, sampleRate, steps);
                return accountant.GetPrivacySpent(delta).Epsilon;
            }

            if (before is not null && before.Count > 0)
            {
                var prior = new RdpAccountant(orders);
                foreach (var (noise, rate, count) in before)
                    prior.Step(noise, rate, count);
                double spent = prior.GetPrivacySpent(delta).Epsilon;
                if (!(spent < targetEpsilon))
                    throw Contracts.ExceptParam(nameof(targetEpsilon),
                        $"ε = {targetEpsilon} is already spent before training (ε = {spent:G4} at δ = {delta}); nothing is left for the steps.");
            }

            double sigmaLow = 0, sigmaHigh = 10, epsilonHigh = double.PositiveInfinity;
            while (epsilonHigh > targetEpsilon)
            {
                sigmaHigh *= 2;
                epsilonHigh = Epsilon(sigmaHigh);
                if (sigmaHigh > MaxNoiseMultiplier)
                    throw Contracts.ExceptParam(nameof(targetEpsilon),
                        $"ε = {targetEpsilon} cannot be reached in {steps} steps at sampling rate {sampleRate} (δ = {delta}): it needs a noise multiplier above {MaxNoiseMultiplier}.");
            }
            while (targetEpsilon - epsilonHigh > epsilonTolerance)
            {
                double sigma = (sigmaLow + sigmaHigh) / 2;
                // A tolerance finer than ε's rounding would otherwise halve the bracket forever.
                if (sigma == sigmaLow || sigma == sigmaHigh)
                    break;
                double epsilon = Epsilon(sigma);
                if (epsilon < targetEpsilon)
                {
                    sigmaHigh = sigma;
                    epsilonHigh = epsilon;
                }
                else
                    sigmaLow = sigma;
            }
            return sigmaHigh;
        }
    }
}
