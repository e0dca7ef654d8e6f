using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>Latent vectors for the latent-space helpers: drawing them, lines between them, and a data view of them.</summary>
    internal static class LatentSpace
    {
        public static float[][] Sample(int count, int dimension, int seed)
        {
            using var scope = torch.NewDisposeScope();
            using var rng = new torch.Generator(SeedStreams.Derive(seed, long.MaxValue), torch.CPU);
            var values = torch.randn(count, dimension, generator: rng).data<float>().ToArray();
            var rows = new float[count][];
            for (int i = 0; i < count; i++)
                rows[i] = values.AsSpan(i * dimension, dimension).ToArray();
            return rows;
        }

        public static float[][] Line(float[] from, float[] to, int steps, int dimension)
        {
            Check(from, dimension, nameof(from));
            Check(to, dimension, nameof(to));
            var rows = new float[steps][];
            for (int s = 0; s < steps; s++)
            {
                float t = s / (float)(steps - 1);
                rows[s] = new float[dimension];
                for (int j = 0; j < dimension; j++)
                    rows[s][j] = (1 - t) * from[j] + t * to[j];
            }
            return rows;
        }

        public static IDataView ToDataView(IHostEnvironment env, IReadOnlyList<float[]> latent, string columnName, int dimension)
        {
            var values = new VBuffer<float>[latent.Count];
            for (int i = 0; i < latent.Count; i++)
            {
                Check(latent[i], dimension, $"latent[{i}]");
                values[i] = new VBuffer<float>(dimension, (float[])latent[i].Clone());
            }
            var builder = new ArrayDataViewBuilder(env);
            builder.AddColumn(columnName, NumberDataViewType.Single, values);
            return builder.GetDataView(latent.Count);
        }

        private static void Check(float[]? vector, int dimension, string name)
        {
            if (vector is null)
                throw new ArgumentNullException(name);
            if (vector.Length != dimension)
                throw new ArgumentException($"A latent vector has {dimension} values (the model's LatentDimension); {name} has {vector.Length}.", name);
        }
    }
}
