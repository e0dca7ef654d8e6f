using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// A one-dimensional Gaussian mixture fitted by expectation–maximisation: the modes of one continuous
    /// column. Means start from a k-means++ draw (seeded), so a column with fewer distinct values than
    /// components gets one component per value; components that end with weight below
    /// <see cref="MinimumWeight"/> are dropped and the rest refitted. Each step is O(rows × components).
    /// </summary>
    internal sealed class GaussianMixture1D
    {
        public const double MinimumWeight = 0.005;

        /// <summary>
        /// Smallest component variance, in units of the column's variance: keeps a component on a repeated value
        /// (a spike, such as the zeros of capital-gain) from collapsing to zero width.
        /// </summary>
        public const double VarianceFloor = 1e-6;

        public GaussianMixture1D(double[] weights, double[] means, double[] stdDevs)
        {
            if (weights.Length == 0 || weights.Length != means.Length || means.Length != stdDevs.Length)
                throw new ArgumentException($"A mixture needs as many weights ({weights.Length}), means ({means.Length}) and standard deviations ({stdDevs.Length}), at least one.");
            Weights = weights;
            Means = means;
            StdDevs = stdDevs;
        }

        public double[] Weights { get; }

        public double[] Means { get; }

        public double[] StdDevs { get; }

        public int Count => Weights.Length;

        /// <summary>Iterations the fit ran (all rounds together); for tests and diagnostics.</summary>
        public int Iterations { get; private init; }

        /// <param name="values">Present (finite) values; at least one.</param>
        /// <param name="maxComponents">Components to start from.</param>
        /// <param name="rng">Draws the initial means.</param>
        /// <param name="maxIterations">EM iterations in all.</param>
        /// <param name="tolerance">Stop when the mean log-likelihood per row improves by less than this.</param>
        public static GaussianMixture1D Fit(double[] values, int maxComponents, Random rng, int maxIterations = 100, double tolerance = 1e-5)
        {
            if (values.Length == 0)
                throw new ArgumentException("A mixture needs at least one value.", nameof(values));
            if (maxComponents < 1)
                throw new ArgumentOutOfRangeException(nameof(maxComponents), maxComponents, "At least one component.");
            double mean = values.Average();
            double std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
            if (!(std > 1e-9 * Math.Max(1, Math.Abs(mean))))
                return new GaussianMixture1D(new[] { 1.0 }, new[] { mean }, new[] { Math.Max(std, 1e-9 * Math.Max(1, Math.Abs(mean))) });

            // Fitted on standardised values, so that the variance floor means the same in any units and the
            // moment sums do not lose precision on large values (fnlwgt is in the hundreds of thousands).
            var z = Array.ConvertAll(values, v => (v - mean) / std);
            var means = KMeansPlusPlus(z, maxComponents, rng);
            var (w, m, v) = HardAssignment(z, means, VarianceFloor);
            int iterations = 0;
            while (true)
            {
                iterations += Em(z, w, m, v, VarianceFloor, maxIterations - iterations, tolerance);
                var keep = Enumerable.Range(0, w.Length).Where(k => w[k] >= MinimumWeight).ToArray();
                if (keep.Length == w.Length || keep.Length == 0 || iterations >= maxIterations)
                    break;
                double total = keep.Sum(k => w[k]);
                w = keep.Select(k => w[k] / total).ToArray();
                m = keep.Select(k => m[k]).ToArray();
                v = keep.Select(k => v[k]).ToArray();
            }
            var order = Enumerable.Range(0, m.Length).OrderBy(k => m[k]).ToArray();   // modes left to right: stable, readable
            return new GaussianMixture1D(order.Select(k => w[k]).ToArray(), order.Select(k => mean + std * m[k]).ToArray(),
                order.Select(k => std * Math.Sqrt(v[k])).ToArray()) { Iterations = iterations };
        }

        /// <summary>Log of each component's weighted density at <paramref name="value"/>, into <paramref name="logp"/>.</summary>
        public void LogJoint(double value, Span<double> logp)
        {
            for (int k = 0; k < Count; k++)
            {
                double z = (value - Means[k]) / StdDevs[k];
                logp[k] = Math.Log(Weights[k]) - Math.Log(StdDevs[k]) - 0.5 * z * z;
            }
        }

        /// <summary>The component most likely to have produced the value.</summary>
        public int MostLikely(double value)
        {
            Span<double> logp = stackalloc double[Count];
            LogJoint(value, logp);
            int best = 0;
            for (int k = 1; k < Count; k++)
                if (logp[k] > logp[best]) best = k;
            return best;
        }

        /// <summary>A component drawn from the posterior p(k | value).</summary>
        public int Sample(double value, Random rng)
        {
            Span<double> p = stackalloc double[Count];
            LogJoint(value, p);
            double max = double.NegativeInfinity;
            foreach (double l in p) max = Math.Max(max, l);
            double total = 0;
            for (int k = 0; k < Count; k++)
                total += p[k] = Math.Exp(p[k] - max);
            double u = rng.NextDouble() * total;
            for (int k = 0; k < Count - 1; k++)
            {
                u -= p[k];
                if (u < 0)
                    return k;
            }
            return Count - 1;
        }

        // k-means++: each new mean drawn with probability proportional to the squared distance to the nearest one
        // so far; stops early when every value sits on a mean (fewer distinct values than components).
        private static double[] KMeansPlusPlus(double[] values, int k, Random rng)
        {
            var means = new List<double> { values[rng.Next(values.Length)] };
            var d2 = new double[values.Length];
            for (int i = 0; i < values.Length; i++)
                d2[i] = Sq(values[i] - means[0]);
            while (means.Count < k)
            {
                double total = 0;
                foreach (double d in d2) total += d;
                if (total <= 0)
                    break;
                double u = rng.NextDouble() * total;
                int pick = values.Length - 1;
                for (int i = 0; i < values.Length; i++)
                {
                    u -= d2[i];
                    if (u < 0) { pick = i; break; }
                }
                double c = values[pick];
                means.Add(c);
                for (int i = 0; i < values.Length; i++)
                    d2[i] = Math.Min(d2[i], Sq(values[i] - c));
            }
            return means.ToArray();
        }

        // Starting weights and variances from assigning each value to its nearest mean.
        private static (double[] W, double[] M, double[] V) HardAssignment(double[] values, double[] means, double floor)
        {
            int k = means.Length;
            var count = new double[k];
            var sum = new double[k];
            var sumSq = new double[k];
            foreach (double x in values)
            {
                int best = 0;
                for (int j = 1; j < k; j++)
                    if (Math.Abs(x - means[j]) < Math.Abs(x - means[best])) best = j;
                count[best]++;
                sum[best] += x;
                sumSq[best] += x * x;
            }
            var w = new double[k];
            var m = new double[k];
            var v = new double[k];
            for (int j = 0; j < k; j++)
            {
                double n = Math.Max(count[j], 1);
                w[j] = Math.Max(count[j], 1) / values.Length;
                m[j] = count[j] > 0 ? sum[j] / n : means[j];
                v[j] = Math.Max(sumSq[j] / n - m[j] * m[j], floor);
            }
            double total = w.Sum();
            for (int j = 0; j < k; j++) w[j] /= total;
            return (w, m, v);
        }

        /// <summary>EM steps in place; returns how many ran.</summary>
        private static int Em(double[] x, double[] w, double[] m, double[] v, double floor, int maxIterations, double tolerance)
        {
            int n = x.Length, k = w.Length;
            var logp = new double[k];
            var rSum = new double[k];
            var rx = new double[k];
            var rxx = new double[k];
            double previous = double.NegativeInfinity;
            int it = 0;
            while (it < maxIterations)
            {
                it++;
                var logW = new double[k];
                var logNorm = new double[k];
                for (int j = 0; j < k; j++)
                {
                    logW[j] = Math.Log(w[j]);
                    logNorm[j] = -0.5 * Math.Log(2 * Math.PI * v[j]);
                }
                Array.Clear(rSum);
                Array.Clear(rx);
                Array.Clear(rxx);
                double logLikelihood = 0;
                for (int i = 0; i < n; i++)
                {
                    double xi = x[i];
                    double max = double.NegativeInfinity;
                    for (int j = 0; j < k; j++)
                    {
                        double d = xi - m[j];
                        double l = logW[j] + logNorm[j] - 0.5 * d * d / v[j];
                        logp[j] = l;
                        if (l > max) max = l;
                    }
                    double total = 0;
                    for (int j = 0; j < k; j++)
                        total += logp[j] = Math.Exp(logp[j] - max);
                    logLikelihood += max + Math.Log(total);
                    double inv = 1 / total;
                    for (int j = 0; j < k; j++)
                    {
                        double r = logp[j] * inv;
                        rSum[j] += r;
                        rx[j] += r * xi;
                        rxx[j] += r * xi * xi;
                    }
                }
                for (int j = 0; j < k; j++)
                {
                    double nj = Math.Max(rSum[j], 1e-12);
                    w[j] = nj / n;
                    m[j] = rx[j] / nj;
                    v[j] = Math.Max(rxx[j] / nj - m[j] * m[j], floor);
                }
                logLikelihood /= n;
                if (logLikelihood - previous < tolerance)
                    break;
                previous = logLikelihood;
            }
            return it;
        }

        private static double Sq(double d) => d * d;
    }
}
