using System;
using System.Collections.Generic;
using Microsoft.ML;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>A small table with orders, dates, a bounded score and dependent categories, for the constraint tests.</summary>
    internal static class ConstrainedTableData
    {
        public static readonly DateTime FirstDay = new(2020, 1, 1);

        public sealed class Row
        {
            public float Start;        // Start ≤ End
            public float End;
            public DateTime Opened;    // Opened ≤ Closed; whole days
            public DateTime Closed;
            public double Low;         // Low ≤ High where both are present; Low is missing in some rows
            public double High;
            public float Score;        // in [0, 1]
            public string Country = "";
            public string City = "";   // determined by Country
        }

        private static readonly (string Country, string[] Cities)[] Places =
        {
            ("France", new[] { "Paris", "Lyon" }),
            ("Italy", new[] { "Rome", "Milan" }),
            ("Peru", new[] { "Lima", "Cusco" }),
        };

        public static List<Row> Rows(int rows, int seed = 1)
        {
            var rng = new Random(seed);
            var list = new List<Row>(rows);
            for (int i = 0; i < rows; i++)
            {
                var place = Places[rng.Next(Places.Length)];
                float start = (float)(50 + 20 * TableTestData.Normal(rng));
                var opened = FirstDay.AddDays(rng.Next(0, 365));
                double high = 10 + 5 * rng.NextDouble();
                list.Add(new Row
                {
                    Start = start,
                    // Small gaps next to large values: an unconstrained model often puts End below Start.
                    End = start + (float)(3 * rng.NextDouble()),
                    Opened = opened,
                    Closed = opened.AddDays(rng.Next(0, 30)),
                    Low = rng.NextDouble() < 0.2 ? double.NaN : high - 2 * rng.NextDouble(),
                    High = high,
                    Score = (float)Math.Clamp(0.5 + 0.3 * TableTestData.Normal(rng), 0, 1),
                    Country = place.Country,
                    City = place.Cities[rng.Next(2)],
                });
            }
            return list;
        }

        public static IDataView View(MLContext ml, int rows, int seed = 1) => ml.Data.LoadFromEnumerable(Rows(rows, seed));
    }
}
