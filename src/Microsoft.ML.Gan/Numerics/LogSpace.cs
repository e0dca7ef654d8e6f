using System;

namespace Microsoft.ML.Gan.Numerics
{
    /// <summary>
    /// Sums and differences of numbers held as their logarithms (0 is −∞), and the log1p/expm1 they rest on, which
    /// .NET lacks (double.LogP1 and double.ExpM1 are log(1 + x) and exp(x) − 1 as written, exact only for large x).
    /// </summary>
    internal static class LogSpace
    {
        /// <summary>log(eˣ + eʸ).</summary>
        public static double Add(double logX, double logY)
        {
            double a = Math.Min(logX, logY), b = Math.Max(logX, logY);
            if (double.IsNegativeInfinity(a))
                return b;
            return Log1p(Math.Exp(a - b)) + b;
        }

        /// <summary>log(eˣ − eʸ) for x ≥ y (−∞ when they are equal); throws when x &lt; y, whose difference has no log.</summary>
        public static double Subtract(double logX, double logY)
        {
            if (logX < logY)
                throw new ArgumentOutOfRangeException(nameof(logY), logY, $"The difference e^{logX} − e^{logY} is negative: it has no logarithm.");
            if (double.IsNegativeInfinity(logY))
                return logX;
            if (logX == logY)
                return double.NegativeInfinity;
            double gap = Expm1(logX - logY);
            // e^(x−y) − 1 overflows only when y is negligible next to x.
            return double.IsPositiveInfinity(gap) ? logX : Math.Log(gap) + logY;
        }

        /// <summary>log(1 + x) accurate for small x (D. Goldberg, "What every computer scientist should know about floating-point arithmetic", 1991, theorem 4).</summary>
        public static double Log1p(double x)
        {
            double u = 1 + x;
            if (u == 1)
                return x;
            if (double.IsPositiveInfinity(u))
                return Math.Log(u);
            return Math.Log(u) * x / (u - 1);
        }

        /// <summary>eˣ − 1 accurate for small x (W. Kahan's correction of exp(x) − 1 by x / log(exp(x))).</summary>
        public static double Expm1(double x)
        {
            double u = Math.Exp(x);
            if (u == 1)
                return x;
            double um1 = u - 1;
            if (um1 == -1 || double.IsPositiveInfinity(u))
                return um1;
            return um1 * x / Math.Log(u);
        }
    }
}
