using System;

namespace Microsoft.ML.Gan.Numerics
{
    /// <summary>
    /// The standard normal distribution's CDF Φ and its inverse, Φ to about 1e-7, the inverse consistent with it
    /// (the inverse is refined by Newton steps on this Φ), so that a value mapped to a normal score and back returns.
    /// </summary>
    internal static class StandardNormal
    {
        /// <summary>
        /// Φ(z) through <see cref="ErrorFunction.ApproximateErfc"/> (relative error under 1.2e-7), not the double-precise
        /// erfc: saved table models generate through this Φ, and their rows stay the same only if it does.
        /// </summary>
        public static double Cdf(double z) => 0.5 * ErrorFunction.ApproximateErfc(-z / Math.Sqrt(2));

        /// <summary>Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation, then two Newton steps on <see cref="Cdf"/>.</summary>
        public static double InverseCdf(double p)
        {
            if (!(p > 0 && p < 1))
                throw new ArgumentOutOfRangeException(nameof(p), p, "A probability strictly between 0 and 1.");
            double z = Acklam(p);
            for (int i = 0; i < 2; i++)
            {
                double density = Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
                if (!(density > 0))
                    break;
                z -= (Cdf(z) - p) / density;
            }
            return z;
        }

        private static double Acklam(double p)
        {
            double[] a = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
            double[] b = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01 };
            double[] c = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
            double[] d = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };
            const double low = 0.02425;
            if (p < low)
            {
                double q = Math.Sqrt(-2 * Math.Log(p));
                return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            }
            if (p > 1 - low)
            {
                double q = Math.Sqrt(-2 * Math.Log(1 - p));
                return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
            }
            double u = p - 0.5, r = u * u;
            return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * u / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
    }
}
