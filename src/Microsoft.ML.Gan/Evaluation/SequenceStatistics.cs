using System;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// Per-step comparisons of real and generated windows (<see cref="SequenceWindows"/>' layout): each feature's
    /// marginal distribution over every window and step, and each feature's autocorrelation curve averaged over windows.
    /// </summary>
    internal static class SequenceStatistics
    {
        /// <summary>Every value of feature <paramref name="feature"/>, over all windows and steps.</summary>
        public static double[] FeatureValues(float[] windows, int features, int feature)
        {
            var values = new double[windows.Length / features];
            for (int i = 0; i < values.Length; i++)
                values[i] = windows[(long)i * features + feature];
            return values;
        }

        /// <summary>
        /// The Wasserstein-1 distance (the area between the two empirical CDFs, in the values' units) and the
        /// Kolmogorov–Smirnov statistic (their largest gap) of two non-empty samples, in one pass over both sorted.
        /// </summary>
        public static (double Wasserstein, double KolmogorovSmirnov) Marginal(double[] a, double[] b)
        {
            var x = (double[])a.Clone();
            var y = (double[])b.Clone();
            Array.Sort(x);
            Array.Sort(y);
            int i = 0, j = 0;
            double area = 0, gap = 0;
            while (i < x.Length || j < y.Length)
            {
                // Step past every copy of the next value in both samples, so that ties are compared after the jump.
                double v = Math.Min(i < x.Length ? x[i] : double.PositiveInfinity, j < y.Length ? y[j] : double.PositiveInfinity);
                while (i < x.Length && x[i] == v) i++;
                while (j < y.Length && y[j] == v) j++;
                double difference = Math.Abs((double)i / x.Length - (double)j / y.Length);
                gap = Math.Max(gap, difference);
                double next = Math.Min(i < x.Length ? x[i] : double.PositiveInfinity, j < y.Length ? y[j] : double.PositiveInfinity);
                if (double.IsFinite(next))
                    area += difference * (next - v);
            }
            return (area, gap);
        }

        /// <summary>
        /// Feature <paramref name="feature"/>'s sample autocorrelation at lags 1 … length − 1, averaged over the windows:
        /// per window r(k) = Σₜ (xₜ − x̄)(xₜ₊ₖ − x̄) / Σₜ (xₜ − x̄)², x̄ the window's mean. A window whose values are all equal
        /// has no autocorrelation and is left out; with none left, every lag is NaN.
        /// </summary>
        public static double[] Autocorrelation(float[] windows, int length, int features, int feature)
        {
            int count = windows.Length / (length * features);
            var sums = new double[Math.Max(0, length - 1)];
            var centred = new double[length];
            int used = 0;
            for (int w = 0; w < count; w++)
            {
                double mean = 0;
                for (int t = 0; t < length; t++)
                    mean += centred[t] = SequenceWindows.At(windows, length, features, w, t, feature);
                mean /= length;
                double variance = 0;
                for (int t = 0; t < length; t++)
                {
                    centred[t] -= mean;
                    variance += centred[t] * centred[t];
                }
                // Values equal to float precision: the ratio would be rounding noise.
                if (variance <= 1e-12 * length)
                    continue;
                used++;
                for (int k = 1; k < length; k++)
                {
                    double s = 0;
                    for (int t = 0; t + k < length; t++)
                        s += centred[t] * centred[t + k];
                    sums[k - 1] += s / variance;
                }
            }
            for (int k = 0; k < sums.Length; k++)
                sums[k] = used == 0 ? double.NaN : sums[k] / used;
            return sums;
        }

        /// <summary>The mean |a − b| over the lags of two autocorrelation curves.</summary>
        public static double CurveDistance(double[] a, double[] b)
        {
            if (a.Length == 0)
                return 0;
            double sum = 0;
            for (int k = 0; k < a.Length; k++)
                sum += Math.Abs(a[k] - b[k]);
            return sum / a.Length;
        }
    }
}
