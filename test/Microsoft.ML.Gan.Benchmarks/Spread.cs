using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>Figures over seeds as the tables print them: "mean ± sample standard deviation".</summary>
    internal static class Spread
    {
        public static string MeanAndDeviation(IEnumerable<double> values, string format = "F3")
        {
            var v = values.ToArray();
            double mean = v.Average();
            double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
            return mean.ToString(format, CultureInfo.InvariantCulture) + " ± " + sd.ToString(format, CultureInfo.InvariantCulture);
        }
    }
}
