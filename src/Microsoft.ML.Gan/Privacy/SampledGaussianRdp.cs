using System;
using Microsoft.ML.Gan.Numerics;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Privacy
{
    /// <summary>
    /// Rényi differential privacy of one step of the sampled Gaussian mechanism: each example is in the batch with
    /// probability q (Poisson sampling), the batch's sum of clipped gradients (L2 sensitivity 1) gets Gaussian noise of
    /// standard deviation σ. The RDP at order α is log(A_α)/(α − 1), A_α the series of Mironov, Talwar and Zhang,
    /// "Rényi Differential Privacy of the Sampled Gaussian Mechanism" (2019), section 3.3: a finite binomial sum for an
    /// integer α, two infinite series of Gaussian tail integrals for a fractional α, both summed in log space. The
    /// terms, their order, the stopping rule and the special cases are those of Opacus's analysis (docs/ARCHITECTURE.md,
    /// "Privacy accounting"), so that the two agree to rounding.
    /// </summary>
    internal static class SampledGaussianRdp
    {
        // The fractional series stops at the first pair of terms below e^-30 (Opacus's rule).
        private const double SeriesEnd = -30;

        /// <summary>The RDP of one step at <paramref name="order"/>; +∞ without noise, 0 without sampling.</summary>
        public static double Rdp(double sampleRate, double noiseMultiplier, double order)
        {
            Contracts.CheckParam(sampleRate >= 0 && sampleRate <= 1, nameof(sampleRate), $"A sampling rate is in [0, 1]; it was {sampleRate}.");
            Contracts.CheckParam(noiseMultiplier >= 0 && !double.IsPositiveInfinity(noiseMultiplier), nameof(noiseMultiplier),
                $"A noise multiplier is zero or more and finite; it was {noiseMultiplier}.");
            Contracts.CheckParam(order > 1, nameof(order), $"An RDP order is above 1; it was {order}.");
            if (sampleRate == 0)
                return 0;
            if (noiseMultiplier == 0)
                return double.PositiveInfinity;
            // Every step sees every example: the plain Gaussian mechanism, α/(2σ²) (Mironov, "Rényi Differential Privacy", 2017).
            if (sampleRate == 1)
                return order / (2 * noiseMultiplier * noiseMultiplier);
            if (double.IsPositiveInfinity(order))
                return double.PositiveInfinity;
            double logA = order == Math.Floor(order)
                ? LogAIntegerOrder(sampleRate, noiseMultiplier, order)
                : LogAFractionalOrder(sampleRate, noiseMultiplier, order);
            return logA / (order - 1);
        }

        // A_α = Σ_{i=0..α} C(α, i) q^i (1 − q)^(α−i) exp((i² − i)/(2σ²)).
        private static double LogAIntegerOrder(double q, double sigma, double alpha)
        {
            double logQ = Math.Log(q), logNotQ = Math.Log(1 - q), twoVariance = 2 * sigma * sigma;
            double logA = double.NegativeInfinity, logBinomial = 0;
            for (double i = 0; i <= alpha; i++)
            {
                double term = logBinomial + i * logQ + (alpha - i) * logNotQ + (i * i - i) / twoVariance;
                logA = LogSpace.Add(logA, term);
                // C(α, i+1) = C(α, i)·(α − i)/(i + 1), kept as a log so that large orders do not overflow.
                logBinomial += Math.Log(alpha - i) - Math.Log(i + 1);
            }
            return logA;
        }

        // A_α split at z0 = σ² log(1/q − 1) + ½ into two integrals, each a series in the generalised binomial
        // coefficients C(α, i), whose signs alternate once i > α; each term carries a Gaussian tail ½·erfc(·/(σ√2)).
        private static double LogAFractionalOrder(double q, double sigma, double alpha)
        {
            double logQ = Math.Log(q), logNotQ = Math.Log(1 - q), twoVariance = 2 * sigma * sigma;
            double z0 = sigma * sigma * Math.Log(1 / q - 1) + 0.5, scale = Math.Sqrt(2) * sigma, logHalf = Math.Log(0.5);
            double logA0 = double.NegativeInfinity, logA1 = double.NegativeInfinity;
            double logAbsBinomial = 0;
            bool positive = true;
            for (double i = 0; ; i++)
            {
                double j = alpha - i;
                double logT0 = logAbsBinomial + i * logQ + j * logNotQ;
                double logT1 = logAbsBinomial + j * logQ + i * logNotQ;
                double logS0 = logT0 + (i * i - i) / twoVariance + logHalf + ErrorFunction.LogErfc((i - z0) / scale);
                double logS1 = logT1 + (j * j - j) / twoVariance + logHalf + ErrorFunction.LogErfc((z0 - j) / scale);
                if (positive)
                {
                    logA0 = LogSpace.Add(logA0, logS0);
                    logA1 = LogSpace.Add(logA1, logS1);
                }
                else
                {
                    logA0 = LogSpace.Subtract(logA0, logS0);
                    logA1 = LogSpace.Subtract(logA1, logS1);
                }
                if (Math.Max(logS0, logS1) < SeriesEnd)
                    break;
                // C(α, i+1) = C(α, i)·(α − i)/(i + 1): its sign flips each time α − i is negative.
                logAbsBinomial += Math.Log(Math.Abs(alpha - i)) - Math.Log(i + 1);
                if (alpha - i < 0)
                    positive = !positive;
            }
            return LogSpace.Add(logA0, logA1);
        }
    }
}
