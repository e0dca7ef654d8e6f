using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;

namespace Microsoft.ML.Gan.Tests.Sequences
{
    /// <summary>Long-format sequence data for the sequence GAN's tests: sines per sequence, and ways to read generated rows.</summary>
    internal static class SequenceTestData
    {
        /// <summary>One row of long-format data: a sequence id, a time and two features of different types.</summary>
        public sealed class Step
        {
            public int Id;
            public float Time;
            public float Value;
            public double Other;
        }

        /// <summary>
        /// <paramref name="sequences"/> sequences of <paramref name="steps"/> rows: Value = sin(f·t + p) with f and p drawn per
        /// sequence (the Sines recipe's shape), Other = 10 + 5·cos of the same, so the two features move together.
        /// </summary>
        public static List<Step> Sines(int sequences, int steps, int seed)
        {
            var rng = new Random(seed);
            var rows = new List<Step>();
            for (int s = 0; s < sequences; s++)
            {
                double f = 0.3 + 0.3 * rng.NextDouble(), p = 2 * Math.PI * rng.NextDouble();
                for (int t = 0; t < steps; t++)
                    rows.Add(new Step { Id = s, Time = t, Value = (float)Math.Sin(f * t + p), Other = 10 + 5 * Math.Cos(f * t + p) });
            }
            return rows;
        }

        public static IDataView View(MLContext ml, IEnumerable<Step> rows) => ml.Data.LoadFromEnumerable(rows.ToList());

        /// <summary>Options small enough for tests (not for learning much): windows of 8, one 8-unit GRU per network.</summary>
        public static SequenceGanEstimator.Options Tiny(int epochs = 2, int seed = 1) => new()
        {
            FeatureColumnNames = new[] { nameof(Step.Value), nameof(Step.Other) },
            SequenceIdColumnName = nameof(Step.Id),
            OrderColumnName = nameof(Step.Time),
            WindowLength = 8,
            GeneratorHiddenLayers = new[] { 8 },
            DiscriminatorHiddenLayers = new[] { 8 },
            Epochs = epochs,
            BatchSize = 16,
            Seed = seed,
        };

        /// <summary>Every generated row as text, each number by its bit pattern: (sequence id, step, Value, Other).</summary>
        public static string[] Rows(IDataView generated)
        {
            var rows = new List<string>();
            using var cursor = generated.GetRowCursor(generated.Schema);
            var id = cursor.GetGetter<long>(generated.Schema["SequenceId"]);
            var step = cursor.GetGetter<int>(generated.Schema["Step"]);
            var value = cursor.GetGetter<float>(generated.Schema["Value"]);
            var other = cursor.GetGetter<double>(generated.Schema["Other"]);
            long i = 0;
            int t = 0;
            float v = 0;
            double o = 0;
            while (cursor.MoveNext())
            {
                id(ref i);
                step(ref t);
                value(ref v);
                other(ref o);
                rows.Add(string.Join(" ", i.ToString(CultureInfo.InvariantCulture), t.ToString(CultureInfo.InvariantCulture),
                    BitConverter.SingleToInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture),
                    BitConverter.DoubleToInt64Bits(o).ToString("x16", CultureInfo.InvariantCulture)));
            }
            return rows.ToArray();
        }

        /// <summary>The Value column of generated rows as windows of <paramref name="length"/> steps.</summary>
        public static double[][] Windows(IDataView generated, int length, string column = "Value") =>
            generated.GetColumn<float>(column).Select(v => (double)v).Chunk(length).ToArray();
    }
}
