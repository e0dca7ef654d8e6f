using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// The rows of a known-size float vector column in managed chunks of a few megabytes: the one in-memory copy
    /// training keeps. Reading never copies what it has read (a view of unknown length grows by one chunk, not by
    /// doubling one array), so the data takes its own size plus at most one chunk; statistics and scaling run
    /// over the chunks in place; minibatches are gathered from it row by row.
    /// </summary>
    internal sealed class FeatureRows
    {
        private const int ChunkValues = 1 << 21; // 8 MiB of floats
        private const int CheckAliveEveryRows = 4096;
        private readonly List<float[]> _chunks;

        private FeatureRows(List<float[]> chunks, int chunkRows, long rows, int size)
        {
            _chunks = chunks;
            ChunkRows = chunkRows;
            Rows = rows;
            Size = size;
        }

        public long Rows { get; }
        public int Size { get; }
        private int ChunkRows { get; }

        /// <summary>
        /// Reads every row, checking each value is finite. Returns null as soon as there are more than
        /// <paramref name="maxRows"/> (or at once when the view's row count says there will be): one pass decides and
        /// loads. Messages name the data with <paramref name="dataName"/> ("the training data") and say what needs
        /// finite values with <paramref name="purpose"/> ("GAN training").
        /// </summary>
        public static FeatureRows? Read(IHost host, IDataView data, string columnName, int size, long maxRows,
            string dataName = "the training data", string purpose = "GAN training", FitCancellation cancel = default)
        {
            var column = data.Schema[columnName];
            long? knownRows = data.GetRowCount();
            if (knownRows > maxRows)
                return null;
            int chunkRows = Math.Max(1, ChunkValues / size);
            if (knownRows is long known && known > 0 && known < chunkRows)
                chunkRows = (int)known;
            var chunks = new List<float[]>();
            long rows = 0;
            using (var cursor = data.GetRowCursor(new[] { column }))
            {
                var getter = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> value = default;
                while (cursor.MoveNext())
                {
                    if (rows % CheckAliveEveryRows == 0)
                        cancel.ThrowIfCancelled();
                    if (rows == maxRows)
                        return null;
                    int offset = (int)(rows % chunkRows);
                    if (offset == 0)
                        chunks.Add(new float[(long)chunkRows * size]);
                    var row = chunks[^1].AsSpan(offset * size, size);
                    getter(ref value);
                    value.CopyTo(row);
                    ColumnChecks.CheckFinite(row, rows, columnName, dataName, purpose);
                    rows++;
                }
            }
            if (rows == 0)
                throw host.Except($"Column '{columnName}': {dataName} has no rows.");
            return new FeatureRows(chunks, chunkRows, rows, size);
        }

        /// <summary>One row's values.</summary>
        public Span<float> Row(long row) => _chunks[(int)(row / ChunkRows)].AsSpan((int)(row % ChunkRows) * Size, Size);

        /// <summary>The filled part of each chunk, first rows first, with its row count.</summary>
        public IEnumerable<(float[] Values, int Rows)> Chunks()
        {
            for (int c = 0; c < _chunks.Count; c++)
                yield return (_chunks[c], (int)Math.Min(ChunkRows, Rows - (long)c * ChunkRows));
        }

        /// <summary>The listed rows, in that order, as a new [rows.Length, Size] tensor.</summary>
        public Tensor Gather(ReadOnlySpan<long> rows)
        {
            var values = new float[(long)rows.Length * Size];
            for (int i = 0; i < rows.Length; i++)
                Row(rows[i]).CopyTo(values.AsSpan(i * Size, Size));
            return torch.tensor(values, new long[] { rows.Length, Size });
        }

        /// <summary>The first <paramref name="count"/> rows (at most all) as a new tensor.</summary>
        public Tensor Head(int count)
        {
            int n = (int)Math.Min(count, Rows);
            var values = new float[(long)n * Size];
            for (int i = 0; i < n; i++)
                Row(i).CopyTo(values.AsSpan(i * Size, Size));
            return torch.tensor(values, new long[] { n, Size });
        }

        /// <summary>All rows as one new [Rows, Size] tensor (a second copy: for small data such as evaluation sets).</summary>
        public Tensor ToTensor()
        {
            var matrix = torch.empty(Rows, Size);
            long start = 0;
            foreach (var (values, rows) in Chunks())
            {
                using var part = torch.tensor(values.AsSpan(0, rows * Size).ToArray(), new long[] { rows, Size });
                matrix.narrow(0, start, rows).copy_(part);
                start += rows;
            }
            return matrix;
        }

        /// <summary>
        /// Per-slot statistics of every row of the column, in one streaming pass of <paramref name="chunkRows"/> rows at
        /// a time, for data that is not held in memory. Throws on an empty column or a non-finite value, naming its row.
        /// </summary>
        public static SlotMoments StreamMoments(IDataView data, string columnName, int size, int chunkRows = 4096, FitCancellation cancel = default)
        {
            var column = data.Schema[columnName];
            var moments = new SlotMoments(size);
            var chunk = new float[(long)chunkRows * size];
            using var cursor = data.GetRowCursor(new[] { column });
            var reader = new RowReader(cursor, column, size);
            int n;
            while ((n = reader.Read(chunk, chunkRows)) > 0)
            {
                cancel.ThrowIfCancelled();
                for (int i = 0; i < n; i++)
                    ColumnChecks.CheckFinite(chunk.AsSpan(i * size, size), moments.Rows + i, columnName, "the training data", "GAN training");
                moments.Add(chunk, n);
            }
            if (moments.Rows == 0)
                throw new ArgumentException($"Column '{columnName}' has no rows.", nameof(data));
            return moments;
        }

        /// <summary>Per-slot statistics of all rows, one chunk at a time.</summary>
        public SlotMoments Moments()
        {
            var moments = new SlotMoments(Size);
            foreach (var (values, rows) in Chunks())
                moments.Add(values, rows);
            return moments;
        }

        /// <summary>Scales every row in place.</summary>
        public void Scale(FeatureScaler scaler)
        {
            foreach (var (values, rows) in Chunks())
                scaler.TransformInPlace(values.AsSpan(0, rows * Size));
        }
    }
}
