using System;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>What the speed benchmarks share: a vector column from a flat array, reading a column to the end, a full collection between timings.</summary>
    internal static class BenchmarkViews
    {
        private sealed class Row
        {
            public float[] Features = Array.Empty<float>();
        }

        /// <summary>A view with one <c>Features</c> column of <paramref name="size"/> values per row.</summary>
        public static IDataView View(MLContext ml, float[] flat, int size)
        {
            var schema = SchemaDefinition.Create(typeof(Row));
            schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
            var rows = Enumerable.Range(0, flat.Length / size).Select(i => new Row { Features = flat.AsSpan(i * size, size).ToArray() }).ToArray();
            return ml.Data.LoadFromEnumerable(rows, schema);
        }

        /// <summary>Reads every row of a vector column through a cursor, as a consumer of generated rows would.</summary>
        public static void ReadColumn(IDataView view, string column)
        {
            var col = view.Schema[column];
            using var cursor = view.GetRowCursor(new[] { col });
            var getter = cursor.GetGetter<VBuffer<float>>(col);
            VBuffer<float> value = default;
            float sum = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                sum += value.GetValues()[0];
            }
            GC.KeepAlive(sum);
        }

        /// <summary>A full collection, so that one contender's garbage is not collected in another's time.</summary>
        public static void Collect()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
    }
}
