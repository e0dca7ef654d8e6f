using System;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// A table generated on the fly, never held in memory: one column "Features", a vector of
    /// <see cref="Columns"/> floats, row i a deterministic function of i. Each row belongs to one of four
    /// Gaussian clusters (picked by a hash of i) with standard normal noise around the cluster's centre, so the
    /// data has structure to learn and any row can be recomputed from its index alone. The row count is known
    /// (<see cref="GetRowCount"/>), the cursor runs on the caller's thread.
    /// </summary>
    internal sealed class SyntheticTable : IDataView
    {
        public const string Column = "Features";
        private const int Clusters = 4;

        public SyntheticTable(long rows, int columns)
        {
            Rows = rows;
            Columns = columns;
            var builder = new DataViewSchema.Builder();
            builder.AddColumn(Column, new VectorDataViewType(NumberDataViewType.Single, columns));
            Schema = builder.ToSchema();
        }

        public long Rows { get; }

        public int Columns { get; }

        public DataViewSchema Schema { get; }

        public bool CanShuffle => false;

        public long? GetRowCount() => Rows;

        public DataViewRowCursor GetRowCursor(System.Collections.Generic.IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            new Cursor(this);

        public DataViewRowCursor[] GetRowCursorSet(System.Collections.Generic.IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            new[] { GetRowCursor(columnsNeeded, rand) };

        /// <summary>Writes row <paramref name="row"/>'s values into <paramref name="values"/>.</summary>
        public void Fill(long row, Span<float> values)
        {
            ulong state = (ulong)row * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E5F5UL;
            int cluster = (int)(SplitMix(ref state) % Clusters);
            for (int j = 0; j < values.Length; j += 2)
            {
                // Box-Muller: two standard normals from two uniforms in (0, 1].
                double u1 = ((SplitMix(ref state) >> 11) + 1) * (1.0 / (1UL << 53));
                double u2 = (SplitMix(ref state) >> 11) * (1.0 / (1UL << 53));
                double r = Math.Sqrt(-2 * Math.Log(u1));
                (double s, double c) = Math.SinCos(2 * Math.PI * u2);
                values[j] = (float)(Centre(cluster, j) + r * c);
                if (j + 1 < values.Length)
                    values[j + 1] = (float)(Centre(cluster, j + 1) + r * s);
            }
        }

        // Cluster k's centre: +-3 in a pattern that differs per cluster and column.
        private static double Centre(int cluster, int column) => ((cluster >> (column % 2)) & 1) == 0 ? -3 : 3 + column % 5;

        private static ulong SplitMix(ref ulong state)
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        private sealed class Cursor : DataViewRowCursor
        {
            private readonly SyntheticTable _table;
            private readonly float[] _values;
            private long _position = -1;

            public Cursor(SyntheticTable table)
            {
                _table = table;
                _values = new float[table.Columns];
            }

            public override DataViewSchema Schema => _table.Schema;
            public override long Position => _position;
            public override long Batch => 0;

            public override bool MoveNext()
            {
                if (_position + 1 >= _table.Rows)
                    return false;
                _position++;
                _table.Fill(_position, _values);
                return true;
            }

            public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == 0;

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (column.Index != 0 || typeof(TValue) != typeof(VBuffer<float>))
                    throw new InvalidOperationException($"SyntheticTable has one column, {Column}, of VBuffer<float>; asked for {typeof(TValue).Name}.");
                ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> value) =>
                {
                    var editor = VBufferEditor.Create(ref value, _values.Length);
                    _values.CopyTo(editor.Values);
                    value = editor.Commit();
                };
                return (ValueGetter<TValue>)(Delegate)getter;
            }

            public override ValueGetter<DataViewRowId> GetIdGetter() =>
                (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
        }
    }
}
