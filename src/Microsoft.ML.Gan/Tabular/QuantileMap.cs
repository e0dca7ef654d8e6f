using System;
using System.Collections.Generic;
using Microsoft.ML.Gan.Numerics;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// A continuous column's empirical quantile function, to and from standard normal scores (a Gaussian copula's
    /// marginal transform). Whatever the column's shape (skewed, multimodal, a spike of repeated values, a few integer
    /// levels), its scores are standard normal, and a relation between columns that is monotone in the values stays
    /// monotone and smooth in the scores: the networks learn it as one scalar per column instead of a mode choice
    /// plus an offset. Held as at most <see cref="MaxKnots"/> quantiles (about 8 KB a column), not the rows.
    /// <para>
    /// Positions: knot j (0 ≤ j &lt; M) sits at position j, with probability u = (j + 0.5) / M; the column's minimum
    /// and maximum close the ends at positions −0.5 and M − 0.5. The quantile function interpolates linearly between
    /// knots, so repeated values (equal knots) decode to exactly that value over the whole run. A value is encoded by
    /// drawing a position uniformly among those that decode to it, or within half a knot of the one that does (a
    /// randomised probability integral transform), so that ties and integer levels still give continuous, standard
    /// normal scores.
    /// </para>
    /// </summary>
    internal sealed class QuantileMap
    {
        /// <summary>Most quantiles kept per column (as many as the rows below that).</summary>
        public const int MaxKnots = 1000;

        // Smallest and largest probability a score is taken at; Φ⁻¹ of these is about ±4.75.
        private const double ProbabilityClip = 1e-6;

        // Positions −0.5, 0, 1, ..., M − 1, M − 0.5 and the values there (non-decreasing).
        private readonly double[] _values;

        /// <param name="knots">The quantiles at positions 0 .. M − 1, non-decreasing.</param>
        /// <param name="min">The column's smallest value, at most the first knot.</param>
        /// <param name="max">The column's largest value, at least the last knot.</param>
        public QuantileMap(double[] knots, double min, double max)
        {
            if (knots.Length == 0)
                throw new ArgumentException("At least one quantile.", nameof(knots));
            _values = new double[knots.Length + 2];
            _values[0] = min;
            knots.CopyTo(_values, 1);
            _values[^1] = max;
            for (int i = 1; i < _values.Length; i++)
            {
                if (!(_values[i] >= _values[i - 1]) || !double.IsFinite(_values[i]))
                    throw new ArgumentException($"Quantiles must be finite and non-decreasing from the minimum {min} to the maximum {max}.", nameof(knots));
            }
            Knots = knots;
        }

        /// <summary>The quantiles at positions 0 .. M − 1 (what a model file stores).</summary>
        public double[] Knots { get; }

        private int M => Knots.Length;

        /// <summary>The map of a column's present values (at least one).</summary>
        public static QuantileMap Fit(IReadOnlyList<double> present)
        {
            if (present.Count == 0)
                throw new ArgumentException("At least one value.", nameof(present));
            var sorted = new double[present.Count];
            for (int i = 0; i < sorted.Length; i++)
                sorted[i] = present[i];
            Array.Sort(sorted);
            int n = sorted.Length, m = Math.Min(n, MaxKnots);
            var knots = new double[m];
            for (int j = 0; j < m; j++)
            {
                // The sample quantile at u = (j + 0.5) / m, each sorted value standing at its mid-rank (i + 0.5) / n.
                double position = Math.Clamp((j + 0.5) / m * n - 0.5, 0, n - 1);
                int below = (int)Math.Floor(position);
                int above = Math.Min(below + 1, n - 1);
                knots[j] = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
            }
            return new QuantileMap(knots, sorted[0], sorted[^1]);
        }

        /// <summary>The standard normal score of <paramref name="value"/>; a value that several positions decode to draws one of them from <paramref name="rng"/>.</summary>
        public double ToNormal(double value, Random rng)
        {
            int last = _values.Length - 1;
            int lo = LowerBound(value);                 // first index with a value ≥ the value
            int hi = UpperBound(value) - 1;             // last index with a value ≤ the value
            double position;
            if (lo > last)
                position = Position(last);
            else if (hi < 0)
                position = Position(0);
            else if (lo <= hi)
            {
                // The value is a knot, or a run of equal knots: any position from halfway to the previous knot to
                // halfway to the next decodes to (about) it.
                double left = lo > 0 ? 0.5 * (Position(lo - 1) + Position(lo)) : Position(0);
                double right = hi < last ? 0.5 * (Position(hi) + Position(hi + 1)) : Position(last);
                position = left + rng.NextDouble() * (right - left);
            }
            else
            {
                // Strictly between knots hi and lo = hi + 1 (a table of more rows than knots): the position that decodes
                // to it, give or take half a knot, as a knot's value is; so that a value repeated between two knots is
                // not one point among continuous scores.
                position = Position(hi) + (value - _values[hi]) / (_values[lo] - _values[hi]) * (Position(lo) - Position(hi));
                position = Math.Clamp(position + rng.NextDouble() - 0.5, Position(0), Position(last));
            }
            double u = Math.Clamp((position + 0.5) / M, ProbabilityClip, 1 - ProbabilityClip);
            return StandardNormal.InverseCdf(u);
        }

        /// <summary>The value a standard normal score stands for: the quantile function at Φ(score).</summary>
        public double FromNormal(double score)
        {
            double position = StandardNormal.Cdf(score) * M - 0.5;
            // Index i of _values sits at position i − 1 for 1 ≤ i ≤ M; the ends at −0.5 and M − 0.5.
            if (position <= 0)
                return Lerp(_values[0], _values[1], (position + 0.5) / 0.5);
            if (position >= M - 1)
                return Lerp(_values[M], _values[M + 1], (position - (M - 1)) / 0.5);
            int below = (int)Math.Floor(position);
            return Lerp(_values[below + 1], _values[below + 2], position - below);
        }

        // The position of index i of _values.
        private double Position(int i) => i == 0 ? -0.5 : i == _values.Length - 1 ? M - 0.5 : i - 1;

        private static double Lerp(double a, double b, double t) => a + Math.Clamp(t, 0, 1) * (b - a);

        private int LowerBound(double value)
        {
            int lo = 0, hi = _values.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_values[mid] < value) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        private int UpperBound(double value)
        {
            int lo = 0, hi = _values.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_values[mid] <= value) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }
}
