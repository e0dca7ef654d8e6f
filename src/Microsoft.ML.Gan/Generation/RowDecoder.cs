using System.Collections.Generic;
using Microsoft.ML.Data;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>A column a generator's rows decode to: name, type and annotations (key values).</summary>
    internal sealed record GeneratedColumn(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations = null);

    /// <summary>
    /// The modality part of a generator model: from the generator's rows (after its output step) to the output
    /// columns. A vector GAN unscales its features; a table decodes modes and one-hots to typed columns.
    /// </summary>
    internal abstract class RowDecoder : System.IDisposable
    {
        /// <summary>The columns every decoded block has, in order.</summary>
        public abstract IReadOnlyList<GeneratedColumn> Columns { get; }

        /// <summary>Work done on the generator's device before the rows are read back (a feature scaler's inverse); none by default.</summary>
        public virtual Tensor OnDevice(Tensor rows) => rows;

        /// <summary>
        /// <paramref name="rows"/> rows of values, row-major, and the condition slot each row was generated for (null
        /// for an unconditional model), decoded.
        /// </summary>
        public abstract DecodedRows Decode(float[] values, int rows, int[]? slots);

        /// <summary>
        /// Uniform draws in [0, 1) each row takes besides the generator's output (a table's grouped categories); 0 for none.
        /// They come from the row's block generator after everything else the block draws, so they depend only on the seed
        /// and the row's position, and a decoder that takes none leaves every other draw as it was.
        /// </summary>
        public virtual int DrawsPerRow => 0;

        /// <summary>
        /// <see cref="Decode(float[], int, int[])"/> with each row's <see cref="DrawsPerRow"/> draws (row-major), or null for rows
        /// without a block generator (rows from given latent vectors, whose outputs take no noise either).
        /// </summary>
        public virtual DecodedRows Decode(float[] values, int rows, int[]? slots, double[]? draws) => Decode(values, rows, slots);

        /// <summary>
        /// Which decoded rows the model may hand out: rows that break a rejecting constraint, or whose generated
        /// category is not the one its slot asked for when <paramref name="slotsAreRequests"/>, are not. All by default.
        /// </summary>
        public virtual bool[] Accepted(DecodedRows rows, bool slotsAreRequests)
        {
            var all = new bool[rows.Count];
            System.Array.Fill(all, true);
            return all;
        }

        /// <summary>Whether <see cref="Accepted"/> can refuse rows.</summary>
        public virtual bool Rejects(bool slotsAreRequests) => false;

        public virtual void Dispose() { }
    }

    /// <summary>A block of decoded rows: one store per generated column, and the condition slot of each row.</summary>
    internal sealed class DecodedRows
    {
        public DecodedRows(int count, IReadOnlyList<ColumnStore> columns, int[]? slots)
        {
            Count = count;
            Columns = columns;
            Slots = slots;
        }

        public int Count { get; }

        public IReadOnlyList<ColumnStore> Columns { get; }

        /// <summary>The condition slot each row was generated for; null when unconditional.</summary>
        public int[]? Slots { get; }

        /// <summary>The decoder's own form of a freshly decoded block (a table's typed rows), for its <see cref="RowDecoder.Accepted"/>; null after <see cref="Select"/>.</summary>
        public object? Source { get; init; }

        /// <summary>The rows at <paramref name="rows"/>, in that order.</summary>
        public DecodedRows Select(int[] rows)
        {
            var columns = new ColumnStore[Columns.Count];
            for (int c = 0; c < columns.Length; c++)
                columns[c] = Columns[c].Select(rows);
            return new DecodedRows(rows.Length, columns, Slots is null ? null : System.Array.ConvertAll(rows, r => Slots[r]));
        }

        /// <summary>Row <paramref name="row"/> replaced by row <paramref name="from"/> of <paramref name="other"/> (a block of the same decoder).</summary>
        public void CopyRow(int row, DecodedRows other, int from)
        {
            for (int c = 0; c < Columns.Count; c++)
                Columns[c].CopyRow(row, other.Columns[c], from);
            if (Slots is not null)
                Slots[row] = other.Slots![from];
        }
    }
}
