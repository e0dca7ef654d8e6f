using System;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>Checks, reads and subsamples the data sets that <see cref="GenerativeEvaluator"/> compares.</summary>
    internal static class EvaluationSets
    {
        /// <summary>Checks that <paramref name="data"/> has the column as a known-size float vector; returns its size.</summary>
        public static int CheckColumn(IHost host, IDataView data, string paramName, string role, string name) =>
            ColumnChecks.CheckFeature(host, data.Schema, name, paramName, role).Size;

        /// <summary>Every row of the column as a [rows, size] double tensor; refuses empty data and non-finite values.</summary>
        public static Tensor Load(IHost host, IDataView data, string column, int size, string dataName)
        {
            using var features = FeatureMatrix.Load(host, data, column, size, dataName, "Evaluation");
            return features.to_type(ScalarType.Float64);
        }

        /// <summary>
        /// The rows in a seeded random order, at most <paramref name="maxRows"/> of them (without replacement).
        /// Always shuffled, so that taking a prefix (the classifier test's balancing and split) is a random subset.
        /// </summary>
        public static Tensor Sample(Tensor rows, int? maxRows, int seed)
        {
            int n = checked((int)rows.shape[0]);
            int take = maxRows is int max ? Math.Min(max, n) : n;
            // Partial Fisher-Yates: O(n) managed work on indices only; the rows move in one index_select.
            var order = new long[n];
            for (int i = 0; i < n; i++)
                order[i] = i;
            var rng = new Random(seed);
            for (int i = 0; i < take; i++)
            {
                int j = rng.Next(i, n);
                (order[i], order[j]) = (order[j], order[i]);
            }
            using var index = torch.tensor(order.AsSpan(0, take).ToArray());
            return rows.index_select(0, index);
        }
    }
}
