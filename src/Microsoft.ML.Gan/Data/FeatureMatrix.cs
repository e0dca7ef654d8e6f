using System;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// Reads a known-size float vector column once into one contiguous [rows, size] tensor: the layout
    /// training wants (index_select of a shuffled minibatch is one native call, never a per-row tensor).
    /// </summary>
    internal static class FeatureMatrix
    {
        private const int CheckAliveEveryRows = 4096;

        // dataName: how messages name the data ("the training data", "the synthetic data");
        // purpose: what needs finite values, for the non-finite message ("GAN training", "Evaluation").
        public static Tensor Load(IHost host, IDataView data, string columnName, int size,
            string dataName = "the training data", string purpose = "GAN training") =>
            LoadWithin(host, data, columnName, size, long.MaxValue, dataName, purpose)!;

        /// <summary>
        /// As <see cref="Load"/>, but stops and returns null as soon as the column holds more than
        /// <paramref name="maxBytes"/> bytes of floats: one pass decides and loads, with no separate count.
        /// </summary>
        public static Tensor? LoadWithin(IHost host, IDataView data, string columnName, int size, long maxBytes,
            string dataName = "the training data", string purpose = "GAN training")
        {
            var column = data.Schema[columnName];
            long? knownRows = data.GetRowCount();
            if (knownRows * size * 4L > maxBytes)
                return null;
            float[] values = new float[checked((int)Math.Min((knownRows ?? 1024) * size, Array.MaxLength))];
            long rows = 0;

            using (var cursor = data.GetRowCursor(new[] { column }))
            {
                var getter = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> row = default;
                while (cursor.MoveNext())
                {
                    if (rows % CheckAliveEveryRows == 0)
                        host.CheckAlive();
                    getter(ref row);
                    long end = (rows + 1) * size;
                    if (end * 4L > maxBytes)
                        return null;
                    if (end > values.Length)
                    {
                        if (end > Array.MaxLength)
                            throw host.Except($"Column '{columnName}' holds more than {Array.MaxLength} values, more than fit in memory as one block.");
                        Array.Resize(ref values, (int)Math.Min(Math.Max(end, 2L * values.Length), Array.MaxLength));
                    }
                    row.CopyTo(values.AsSpan((int)(rows * size), size));
                    rows++;
                }
            }

            if (rows == 0)
                throw host.Except($"Column '{columnName}': {dataName} has no rows.");

            // The array is exact when the view knew its row count: no trimming copy then.
            if (values.Length != rows * size)
                Array.Resize(ref values, (int)(rows * size));
            var matrix = torch.tensor(values, new long[] { rows, size });
            ThrowIfNotFinite(host, matrix, columnName, dataName, purpose);
            return matrix;
        }

        private static void ThrowIfNotFinite(IHost host, Tensor matrix, string columnName, string dataName, string purpose)
        {
            using var scope = torch.NewDisposeScope();
            var bad = torch.isfinite(matrix).logical_not();
            if (!bad.any().item<bool>())
                return;
            var first = bad.nonzero()[0];
            long row = first[0].item<long>();
            long slot = first[1].item<long>();
            float value = matrix[row, slot].item<float>();
            throw host.Except(
                $"Column '{columnName}' has a non-finite value ({value}) in row {row}, slot {slot} of {dataName}. " +
                $"{purpose} needs finite features: filter those rows (ml.Data.FilterRowsByMissingValues) " +
                "or impute them (ml.Transforms.ReplaceMissingValues) first.");
        }
    }
}
