using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan.Privacy
{
    /// <summary>
    /// A column's range from one noisy histogram over a public grid (docs/ARCHITECTURE.md, "Private statistics"): bins
    /// for missing, zero, and each power of two from 2^-10 to 2^63 on either side of zero; every value adds one to
    /// exactly one bin; each count gets Gaussian noise; the range spans the bins whose noisy count is above
    /// <see cref="Threshold"/> standard deviations. The grid is fixed in advance, so choosing bins by their noisy
    /// counts is post-processing of the release and costs nothing more.
    /// </summary>
    internal static class NoisyRange
    {
        /// <summary>
        /// A bin of the public grid is believed non-empty above this many standard deviations of the count noise: with
        /// about 150 bins a column, a bin with no value passes with probability about 10⁻³.
        /// </summary>
        public const double Threshold = 4.5;

        private const int LowestPower = -10;
        private const int HighestPower = 62;
        private const int Powers = HighestPower - LowestPower + 1;

        /// <summary>Bins of the grid: missing, zero, then the negative and the positive powers of two.</summary>
        public const int Bins = 2 + 2 * Powers;

        /// <summary>
        /// The released [low, high] of <paramref name="values"/> (NaN counts as missing): the edges of the bins believed
        /// non-empty, or of the bin with the largest noisy count when none is (a column must have a range).
        /// </summary>
        public static (double Low, double High) Release(IEnumerable<double> values, double countNoise, Random noise)
        {
            var counts = new double[Bins];
            foreach (double v in values)
                counts[Bin(v)]++;
            for (int b = 0; b < counts.Length; b++)
                counts[b] += Gaussian(noise) * countNoise;
            double floor = Threshold * countNoise;
            var present = Enumerable.Range(1, Bins - 1).Where(b => counts[b] > floor).ToList();
            if (present.Count == 0)
                present.Add(Enumerable.Range(1, Bins - 1).OrderByDescending(b => counts[b]).ThenBy(b => b).First());
            return (present.Min(b => Edges(b).Low), present.Max(b => Edges(b).High));
        }

        /// <summary>A draw from N(0, 1) by Box–Muller on a seeded <see cref="Random"/>: the same noise for a seed in every process.</summary>
        public static double Gaussian(Random rng)
        {
            double u = 1 - rng.NextDouble(), v = rng.NextDouble();
            return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
        }

        private static int Bin(double v)
        {
            if (double.IsNaN(v))
                return 0;
            if (v == 0)
                return 1;
            int power = Math.Clamp((int)Math.Floor(Math.Log2(Math.Abs(v))), LowestPower, HighestPower) - LowestPower;
            return v < 0 ? 2 + power : 2 + Powers + power;
        }

        private static (double Low, double High) Edges(int bin)
        {
            if (bin == 1)
                return (0, 0);
            bool negative = bin < 2 + Powers;
            int power = (negative ? bin - 2 : bin - 2 - Powers) + LowestPower;
            double low = power == LowestPower ? 0 : Math.Pow(2, power), high = Math.Pow(2, power + 1);
            return negative ? (-high, -low) : (low, high);
        }
    }
}
