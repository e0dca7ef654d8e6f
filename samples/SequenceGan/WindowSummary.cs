using System;
using System.Collections.Generic;
using System.Linq;

namespace SequenceGan
{
    /// <summary>A few plain statistics of windows of one column: its mean and spread, and the lag-1 autocorrelation within windows.</summary>
    public sealed record WindowSummary(double Mean, double Std, double Lag1)
    {
        public static WindowSummary Of(IReadOnlyList<double[]> windows)
        {
            var all = windows.SelectMany(w => w).ToArray();
            double mean = all.Average();
            double std = Math.Sqrt(all.Average(x => (x - mean) * (x - mean)));
            return new WindowSummary(mean, std, windows.Average(Lag1Of));
        }

        private static double Lag1Of(double[] w)
        {
            double m = w.Average();
            double c0 = w.Sum(x => (x - m) * (x - m));
            double c1 = 0;
            for (int t = 1; t < w.Length; t++)
                c1 += (w[t] - m) * (w[t - 1] - m);
            return c0 > 0 ? c1 / c0 : 0;
        }

        public override string ToString() => $"mean {Mean,12:G6}  std {Std,12:G6}  lag-1 autocorrelation {Lag1,6:F3}";
    }
}
