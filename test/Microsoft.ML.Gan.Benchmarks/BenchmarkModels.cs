using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>A model shape the benchmarks train: feature size and generator options.</summary>
    internal sealed record ModelSpec(string Name, int FeatureSize, int LatentDimension, int[] GeneratorHiddenLayers, int Rows)
    {
        /// <summary>2-D data, the sample's generator (latent 2, hidden 256x256).</summary>
        public static ModelSpec Small { get; } = new("2-D (latent 2, G 256x256)", 2, 2, new[] { 256, 256 }, 512);

        /// <summary>64-D data, a generator of about one million parameters (latent 128, hidden 1024x800).</summary>
        public static ModelSpec OneMillion { get; } = new("64-D (latent 128, G 1024x800)", 64, 128, new[] { 1024, 800 }, 512);

        /// <summary>Generator parameters: the sum over its linear layers of in*out + out.</summary>
        public long GeneratorParameters
        {
            get
            {
                long total = 0;
                int width = LatentDimension;
                foreach (int next in GeneratorHiddenLayers.Append(FeatureSize))
                {
                    total += (long)width * next + next;
                    width = next;
                }
                return total;
            }
        }

        /// <summary>One epoch on Gaussian data: the weights are what is measured, not their quality.</summary>
        public GanEstimator.Options Options() => new()
        {
            FeatureColumnName = "Features",
            LatentDimension = LatentDimension,
            GeneratorHiddenLayers = GeneratorHiddenLayers,
            DiscriminatorHiddenLayers = new[] { 256, 256 },
            Epochs = 1,
            BatchSize = 128,
            Seed = 1,
        };

        /// <summary>Trains the model; returns it with the training data's schema (what Model.Save records).</summary>
        public (GanTransformer Model, DataViewSchema Schema) Train(MLContext ml)
        {
            var data = BenchmarkData.Gaussian(ml, Rows, FeatureSize, seed: 1);
            return (ml.Generative().Gan(Options()).Fit(data), data.Schema);
        }
    }

    internal static class BenchmarkData
    {
        private sealed class VectorRow
        {
            public float[] Features = Array.Empty<float>();
        }

        /// <summary>A view of <paramref name="rows"/> standard normal vectors of <paramref name="size"/> floats, column "Features".</summary>
        public static IDataView Gaussian(MLContext ml, int rows, int size, int seed)
        {
            var rng = new Random(seed);
            var values = Enumerable.Range(0, rows)
                .Select(_ => new VectorRow { Features = Enumerable.Range(0, size).Select(_ => (float)Normal(rng)).ToArray() })
                .ToArray();
            var schema = SchemaDefinition.Create(typeof(VectorRow));
            schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
            return ml.Data.LoadFromEnumerable(values, schema);
        }

        private static double Normal(Random rng) =>
            Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        /// <summary>Reads every row of a float vector column into one flat array (this is what runs the generator).</summary>
        public static float[] ReadFlat(IDataView data, string column)
        {
            var col = data.Schema[column];
            var result = new List<float>();
            using var cursor = data.GetRowCursor(new[] { col });
            var getter = cursor.GetGetter<VBuffer<float>>(col);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                getter(ref value);
                foreach (float f in value.DenseValues())
                    result.Add(f);
            }
            return result.ToArray();
        }

        /// <summary>The GAN stage of a loaded model: the model itself, or the last GAN of a chain.</summary>
        public static GanTransformer Gan(ITransformer loaded) =>
            loaded as GanTransformer
            ?? (loaded as IEnumerable<ITransformer>)?.OfType<GanTransformer>().LastOrDefault()
            ?? throw new InvalidOperationException($"No GanTransformer in the loaded {loaded.GetType().Name}.");

        /// <summary>True when both arrays hold the same bits (NaNs included).</summary>
        public static bool BitIdentical(float[] a, float[] b) =>
            MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan()));
    }
}
