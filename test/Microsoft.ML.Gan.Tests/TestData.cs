using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Tests
{
    /// <summary>Small in-memory data sets and tiny training settings, so the suite stays fast.</summary>
    internal static class TestData
    {
        public sealed class VectorRow
        {
            public float[] Features = Array.Empty<float>();
        }

        /// <summary>A view with one vector column of the given rows' size.</summary>
        public static IDataView Vectors(MLContext ml, IReadOnlyList<float[]> rows, string column = "Features")
        {
            int size = rows.Count > 0 ? rows[0].Length : 2;
            var schema = SchemaDefinition.Create(typeof(VectorRow));
            var member = schema[nameof(VectorRow.Features)];
            member.ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
            member.ColumnName = column;
            return ml.Data.LoadFromEnumerable(rows.Select(r => new VectorRow { Features = r }), schema);
        }

        /// <summary>The rows as training holds them: read by <see cref="FeatureRows.Read"/> from an in-memory view.</summary>
        public static FeatureRows Rows(IReadOnlyList<float[]> rows)
        {
            var ml = new MLContext(seed: 1);
            IHost host = ((IHostEnvironment)ml).Register("test");
            return FeatureRows.Read(host, Vectors(ml, rows), "Features", rows[0].Length, long.MaxValue)!;
        }

        /// <summary><see cref="Rows(IReadOnlyList{float[]})"/> of row-major <paramref name="values"/>, <paramref name="size"/> a row.</summary>
        public static FeatureRows Rows(float[] values, int size) => Rows(values.Chunk(size).ToArray());

        /// <summary>Every row's values, row-major (without the unfilled end of the last chunk).</summary>
        public static float[] Values(FeatureRows rows)
        {
            var values = new float[rows.Rows * rows.Size];
            for (long r = 0; r < rows.Rows; r++)
                rows.Row(r).CopyTo(values.AsSpan((int)(r * rows.Size), rows.Size));
            return values;
        }

        public static float[][] Gaussian(int rows, int size, double mean, double std, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, rows)
                .Select(_ => Enumerable.Range(0, size).Select(_ => (float)(mean + std * Normal(rng))).ToArray())
                .ToArray();
        }

        public static double Normal(Random rng) =>
            Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        /// <summary>Reads a float vector column into arrays.</summary>
        public static float[][] Column(IDataView data, string column)
        {
            var col = data.Schema[column];
            var result = new List<float[]>();
            using var cursor = data.GetRowCursor(new[] { col });
            var getter = cursor.GetGetter<VBuffer<float>>(col);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                getter(ref value);
                result.Add(value.DenseValues().ToArray());
            }
            return result.ToArray();
        }

        public static GanEstimator.Options Tiny(int epochs = 2, int seed = 1) => new()
        {
            LatentDimension = 4,
            GeneratorHiddenLayers = new[] { 16 },
            DiscriminatorHiddenLayers = new[] { 16 },
            Epochs = epochs,
            BatchSize = 32,
            Seed = seed,
        };

        public static void AssertSame(float[][] expected, float[][] actual)
        {
            Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(expected.Length, actual.Length, "row count");
            for (int i = 0; i < expected.Length; i++)
                Microsoft.VisualStudio.TestTools.UnitTesting.CollectionAssert.AreEqual(expected[i], actual[i], $"row {i}");
        }
    }
}
