using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;

namespace Microsoft.ML.Gan.Benchmarks.Generalise
{
    /// <summary>One row of the generated household table (numbers as Single; a missing Spend is NaN).</summary>
    public sealed class HouseholdRow
    {
        public string Region = "";
        public float Age;
        public float Income;
        public float Rooms;
        public string Owner = "";
        public float Spend;
    }

    /// <summary>
    /// A table with a known structure that no default was tuned on, documented in docs/BENCHMARKS.md:
    /// <list type="bullet">
    /// <item>Region: North 40%, South 30%, East 20%, West 10%.</item>
    /// <item>Age: whole years, uniform on 20..80.</item>
    /// <item>Income = exp(10 + 0.012 (Age − 50) + r_Region + 0.5 z), r = (0, −0.2, 0.1, 0.3): log-normal, heavy tail.</item>
    /// <item>Rooms = min(9, 1 + Poisson(1 + Income / 40,000)): a small count.</item>
    /// <item>Owner = "yes" with probability σ(−3 + 0.05 (Age − 20) + 0.8 ln(Income / 22,000)).</item>
    /// <item>Spend = 100 + 3 (Age − 50) + 60 ln(Income / 22,000) + s_Region + 25 [Owner] + 20 z, s = (0, 40, −30, 80);
    /// missing with probability σ(−0.3 + m_Region + 0.05 (Age − 50)), m = (−1.2, 0.4, 0.9, −0.4): about 42% missing,
    /// from 18% (young, North) to over 80% (old, East) — its values and its missingness both depend on the other columns.</item>
    /// </list>
    /// </summary>
    public static class GeneratedTable
    {
        public const string Target = nameof(HouseholdRow.Spend);
        public static readonly string[] Categorical = { nameof(HouseholdRow.Region), nameof(HouseholdRow.Owner) };
        public static readonly string[] Numeric = { nameof(HouseholdRow.Age), nameof(HouseholdRow.Income), nameof(HouseholdRow.Rooms) };

        private static readonly string[] Regions = { "North", "South", "East", "West" };
        private static readonly double[] RegionShare = { 0.4, 0.3, 0.2, 0.1 };
        private static readonly double[] RegionIncome = { 0, -0.2, 0.1, 0.3 };
        private static readonly double[] RegionSpend = { 0, 40, -30, 80 };
        private static readonly double[] RegionMissing = { -1.2, 0.4, 0.9, -0.4 };

        /// <param name="withMissing">false: the same rows with every Spend present (draws the same random numbers).</param>
        public static List<HouseholdRow> Rows(int count, int seed, bool withMissing = true)
        {
            var rng = new Random(seed);
            var rows = new List<HouseholdRow>(count);
            for (int i = 0; i < count; i++)
            {
                int region = Pick(rng.NextDouble());
                double age = Math.Round(20 + 60 * rng.NextDouble());
                double income = Math.Exp(10 + 0.012 * (age - 50) + RegionIncome[region] + 0.5 * Normal(rng));
                double rooms = Math.Min(9, 1 + Poisson(1 + income / 40_000, rng));
                bool owner = rng.NextDouble() < Sigmoid(-3 + 0.05 * (age - 20) + 0.8 * Math.Log(income / 22_000));
                double spend = 100 + 3 * (age - 50) + 60 * Math.Log(income / 22_000) + RegionSpend[region] + (owner ? 25 : 0) + 20 * Normal(rng);
                bool missing = rng.NextDouble() < Sigmoid(-0.3 + RegionMissing[region] + 0.05 * (age - 50));
                rows.Add(new HouseholdRow
                {
                    Region = Regions[region],
                    Age = (float)age,
                    Income = (float)Math.Round(income),
                    Rooms = (float)rooms,
                    Owner = owner ? "yes" : "no",
                    Spend = missing && withMissing ? float.NaN : (float)Math.Round(spend, 1),
                });
            }
            return rows;
        }

        public static TableCase Case(MLContext ml, int count, int seed, bool withMissing = true) => new(
            $"generated household table, {count:N0} rows{(withMissing ? "" : ", no missing Spend")}",
            ml.Data.LoadFromEnumerable(Rows(count, seed, withMissing)), Target, Categorical, Numeric);

        private static int Pick(double u)
        {
            for (int k = 0; k < RegionShare.Length - 1; k++)
            {
                u -= RegionShare[k];
                if (u < 0)
                    return k;
            }
            return RegionShare.Length - 1;
        }

        private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

        private static double Normal(Random rng) =>
            Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        private static int Poisson(double lambda, Random rng)
        {
            double limit = Math.Exp(-lambda), p = 1;
            int k = 0;
            while ((p *= rng.NextDouble()) > limit)
                k++;
            return k;
        }
    }
}
