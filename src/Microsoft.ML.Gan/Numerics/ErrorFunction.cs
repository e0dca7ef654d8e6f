using System;

namespace Microsoft.ML.Gan.Numerics
{
    /// <summary>
    /// The complementary error function to double precision, and its logarithm far into the tail where erfc itself
    /// underflows (erfc(27) is below the smallest double; the privacy accountant needs log erfc(x) for x in the
    /// hundreds): W. J. Cody's rational Chebyshev approximations (Mathematics of Computation 23, 1969; the
    /// coefficients of his SPECFUN routine CALERF), relative error about 1e-16 on each interval. Also the coarser
    /// erfc the normal scores of table models were built on (<see cref="ApproximateErfc"/>).
    /// </summary>
    internal static class ErrorFunction
    {
        private const double InverseSqrtPi = 0.56418958354775628695;

        // Beyond this erfc(x) underflows to zero (Cody's XBIG for IEEE doubles).
        private const double UnderflowAt = 26.543;

        /// <summary>erfc(x) = 1 − erf(x), for every x (2 at −∞, 0 from about 26.5 on).</summary>
        public static double Erfc(double x)
        {
            double y = Math.Abs(x);
            if (y <= 0.46875)
                return 1 - x * ErfNearZero(y);
            double r = y >= UnderflowAt ? 0 : ExpMinusSquare(y) * ScaledErfc(y);
            return x < 0 ? 2 - r : r;
        }

        /// <summary>
        /// log erfc(x) for every x: from log 2 at −∞ to about −x² − log(x√π) in the right tail, where it is computed as
        /// −x² plus the log of the scaled function e^{x²}·erfc(x), so it stays finite and accurate where erfc underflows.
        /// </summary>
        public static double LogErfc(double x)
        {
            if (double.IsNaN(x))
                return double.NaN;
            if (x <= 0.46875)
                return Math.Log(Erfc(x));
            return Math.Log(ScaledErfc(x)) - x * x;
        }

        /// <summary>
        /// erfc(x) to a relative error under 1.2e-7 (W. H. Press et al., Numerical Recipes, 3rd ed., erfccheb): what
        /// <see cref="StandardNormal"/> has always used. Table models map values to normal scores and back through it
        /// when they generate, so it stays bit for bit as it was: a model saved earlier generates the same rows.
        /// </summary>
        public static double ApproximateErfc(double x)
        {
            double z = Math.Abs(x);
            double t = 1 / (1 + 0.5 * z);
            double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
            return x >= 0 ? r : 2 - r;
        }

        // erf(y)/y for 0 ≤ y ≤ 0.46875 (erf is odd, so erf(x) = x·this(|x|)).
        private static double ErfNearZero(double y)
        {
            double z = y > 1.11e-16 ? y * y : 0;
            double num = 1.85777706184603153e-1 * z, den = z;
            num = (num + 3.16112374387056560e0) * z; den = (den + 2.36012909523441209e1) * z;
            num = (num + 1.13864154151050156e2) * z; den = (den + 2.44024637934444173e2) * z;
            num = (num + 3.77485237685302021e2) * z; den = (den + 1.28261652607737228e3) * z;
            return (num + 3.20937758913846947e3) / (den + 2.84423683343917062e3);
        }

        // e^{y²}·erfc(y) for y > 0.46875: one rational function up to 4, the asymptotic one in 1/y² beyond.
        private static double ScaledErfc(double y)
        {
            if (y <= 4)
            {
                double num = 2.15311535474403846e-8 * y, den = y;
                num = (num + 5.64188496988670089e-1) * y; den = (den + 1.57449261107098347e1) * y;
                num = (num + 8.88314979438837594e0) * y; den = (den + 1.17693950891312499e2) * y;
                num = (num + 6.61191906371416295e1) * y; den = (den + 5.37181101862009858e2) * y;
                num = (num + 2.98635138197400131e2) * y; den = (den + 1.62138957456669019e3) * y;
                num = (num + 8.81952221241769090e2) * y; den = (den + 3.29079923573345963e3) * y;
                num = (num + 1.71204761263407058e3) * y; den = (den + 4.36261909014324716e3) * y;
                num = (num + 2.05107837782607147e3) * y; den = (den + 3.43936767414372164e3) * y;
                return (num + 1.23033935479799725e3) / (den + 1.23033935480374942e3);
            }
            double s = 1 / (y * y);
            double pn = 1.63153871373020978e-2 * s, pd = s;
            pn = (pn + 3.05326634961232344e-1) * s; pd = (pd + 2.56852019228982242e0) * s;
            pn = (pn + 3.60344899949804439e-1) * s; pd = (pd + 1.87295284992346047e0) * s;
            pn = (pn + 1.25781726111229246e-1) * s; pd = (pd + 5.27905102951428412e-1) * s;
            pn = (pn + 1.60837851487422766e-2) * s; pd = (pd + 6.05183413124413191e-2) * s;
            double r = s * (pn + 6.58749161529837803e-4) / (pd + 2.33520497626869185e-3);
            return (InverseSqrtPi - r) / y;
        }

        // e^{−y²}, with y² split as Cody does (y rounded down to sixteenths, squared exactly, plus the rest) so that
        // the rounding of y² does not become a relative error of y² in the result.
        private static double ExpMinusSquare(double y)
        {
            double head = Math.Floor(16 * y) / 16;
            double rest = (y - head) * (y + head);
            return Math.Exp(-head * head) * Math.Exp(-rest);
        }
    }
}
