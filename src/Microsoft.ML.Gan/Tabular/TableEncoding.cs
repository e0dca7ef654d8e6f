using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>Where one table column sits in an encoded row and how it is encoded.</summary>
    internal sealed record ColumnEncoding(TableColumn Column, int Start, int Width, ModeNormalizer? Normalizer, CategorySet? Categories)
    {
        public bool IsCategorical => Categories is not null;
    }

    /// <summary>
    /// The whole table as one row-major float matrix for the networks, and back. Continuous columns go through
    /// their <see cref="ModeNormalizer"/>, categorical ones become one-hot groups; <see cref="Spans"/> lists every
    /// output group in row order for the generator's output activation, <see cref="DiscreteSpans"/> the
    /// categorical columns' groups, in the order of the condition vector.
    /// </summary>
    internal sealed class TableEncoding
    {
        public const int DefaultMaxModes = 10;

        // Stream indices of the per-column mode fits, far from the small indices the noise blocks use.
        private const long ModeFitStreams = long.MinValue / 2;

        public TableEncoding(IReadOnlyList<ColumnEncoding> columns)
        {
            Columns = columns;
            Width = columns.Sum(c => c.Width);
            var spans = new List<OutputSpan>();
            var discrete = new List<OutputSpan>();
            foreach (var c in columns)
            {
                if (c.Normalizer is { } n)
                    spans.AddRange(n.Spans(c.Start));
                else
                {
                    var span = new OutputSpan(c.Start, c.Width, SpanKind.Softmax);
                    spans.Add(span);
                    discrete.Add(span);
                }
            }
            Spans = spans;
            DiscreteSpans = discrete;
        }

        public IReadOnlyList<ColumnEncoding> Columns { get; }

        /// <summary>Encoded values per row.</summary>
        public int Width { get; }

        public IReadOnlyList<OutputSpan> Spans { get; }

        /// <summary>The one-hot groups of the categorical columns, in column order (the condition vector's order).</summary>
        public IReadOnlyList<OutputSpan> DiscreteSpans { get; }

        /// <summary>Fits a normaliser per continuous column (seeded) and lays the columns out in table order.</summary>
        public static TableEncoding Fit(TableData table, int seed, int maxModes = DefaultMaxModes, FitCancellation cancel = default, bool normalScores = false)
        {
            var columns = new List<ColumnEncoding>(table.Columns.Count);
            int start = 0;
            for (int i = 0; i < table.Columns.Count; i++)
            {
                cancel.ThrowIfCancelled();
                ColumnEncoding encoding = table.Columns[i] switch
                {
                    // One random stream per column, so that a column's modes do not depend on the columns before it.
                    ContinuousColumnData c => Continuous(c, start, ModeNormalizer.Fit(c, maxModes, SeedStreams.Random(seed, ModeFitStreams + i), normalScores)),
                    CategoricalColumnData c => new ColumnEncoding(c.Column, start, c.Categories.Count, null, c.Categories),
                    var other => throw new ArgumentException($"Column '{other.Column.Name}' is of an unknown kind.", nameof(table)),
                };
                columns.Add(encoding);
                start += encoding.Width;
            }
            return new TableEncoding(columns);
        }

        private static ColumnEncoding Continuous(ContinuousColumnData column, int start, ModeNormalizer normalizer) =>
            new(column.Column, start, normalizer.Width, normalizer, null);

        /// <summary>The table as [rows × <see cref="Width"/>] row-major floats; the modes are drawn from <paramref name="rng"/>.</summary>
        public float[] Encode(TableData table, Random rng)
        {
            var encoded = new float[(long)table.Rows * Width];
            Encode(table, rng, encoded);
            return encoded;
        }

        /// <summary>
        /// <see cref="Encode(TableData, Random)"/> into <paramref name="encoded"/> (its first rows × <see cref="Width"/>
        /// values), so that a caller encoding block after block reuses one buffer.
        /// </summary>
        public void Encode(TableData table, Random rng, Span<float> encoded)
        {
            CheckColumns(table);
            if (encoded.Length < (long)table.Rows * Width)
                throw new ArgumentException($"{table.Rows} rows of {Width} values do not fit in {encoded.Length}.", nameof(encoded));
            encoded = encoded.Slice(0, table.Rows * Width);
            encoded.Clear();
            for (int i = 0; i < Columns.Count; i++)
            {
                var c = Columns[i];
                switch (table.Columns[i])
                {
                    case ContinuousColumnData data:
                        c.Normalizer!.Encode(data.Values, encoded, Width, c.Start, rng);
                        break;
                    case CategoricalColumnData data:
                        if (data.Categories.Count != c.Categories!.Count)
                            throw new ArgumentException($"Column '{c.Column.Name}' has {data.Categories.Count} categories; the encoding was fitted with {c.Categories.Count}.", nameof(table));
                        for (int r = 0; r < data.Rows; r++)
                            encoded[r * Width + c.Start + data.Codes[r]] = 1;
                        break;
                }
            }
        }

        /// <summary>The encoded table as a [rows, width] float tensor (a copy the caller owns).</summary>
        public Tensor EncodeTensor(TableData table, Random rng) =>
            torch.tensor(Encode(table, rng), new long[] { table.Rows, Width });

        /// <summary>
        /// Rows of encoded (or generated) values back to typed columns: argmax for one-hot groups (so logits and
        /// soft one-hots decode alike), the normaliser's inverse for continuous columns.
        /// </summary>
        public TableData Decode(ReadOnlySpan<float> values, int rows)
        {
            if (values.Length != (long)rows * Width)
                throw new ArgumentException($"Expected {rows} rows × {Width} values = {(long)rows * Width}, got {values.Length}.", nameof(values));
            var columns = new List<TableColumnData>(Columns.Count);
            foreach (var c in Columns)
            {
                if (c.Normalizer is { } n)
                {
                    var decoded = new double[rows];
                    n.Decode(values, Width, c.Start, decoded);
                    columns.Add(new ContinuousColumnData(c.Column, decoded));
                }
                else
                {
                    var codes = new int[rows];
                    for (int r = 0; r < rows; r++)
                        codes[r] = ModeNormalizer.ArgMax(values.Slice(r * Width + c.Start, c.Width));
                    columns.Add(new CategoricalColumnData(c.Column, codes, c.Categories!));
                }
            }
            return new TableData(rows, columns);
        }

        private void CheckColumns(TableData table)
        {
            if (table.Columns.Count != Columns.Count)
                throw new ArgumentException($"The table has {table.Columns.Count} columns; the encoding was fitted on {Columns.Count}.", nameof(table));
            for (int i = 0; i < Columns.Count; i++)
            {
                var expected = Columns[i].Column;
                var actual = table.Columns[i].Column;
                if (actual.Name != expected.Name || actual.Kind != expected.Kind)
                    throw new ArgumentException($"Column {i} is '{actual.Name}' ({actual.Kind}); the encoding expects '{expected.Name}' ({expected.Kind}).", nameof(table));
            }
        }
    }
}
