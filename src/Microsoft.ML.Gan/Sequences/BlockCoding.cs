using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Networks.Sequence;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// The columns of one block (a step's features, or a sequence's attributes), in the user's order, and where each
    /// lands in the block's encoded values (<see cref="BlockShape"/>: the numbers first, their missing flags, then a
    /// one-hot per category). A row's raw values are one double per column: the number (NaN when missing) or the
    /// category's index in <see cref="ColumnCoding.Categories"/>.
    /// </summary>
    internal sealed class BlockCoding
    {
        private readonly int[] _numericSlot;   // column → its value's offset, or −1
        private readonly int[] _flagSlot;      // column → its missing flag's offset, or −1
        private readonly int[] _categoryStart; // column → its one-hot's offset, or −1

        public BlockCoding(IReadOnlyList<ColumnCoding> columns)
        {
            Columns = columns.ToArray();
            int n = Columns.Length;
            _numericSlot = new int[n];
            _flagSlot = new int[n];
            _categoryStart = new int[n];
            var numeric = Enumerable.Range(0, n).Where(c => !Columns[c].IsCategorical).ToArray();
            var flagged = new List<int>();
            for (int k = 0; k < numeric.Length; k++)
            {
                if (Columns[numeric[k]].HasMissing)
                    flagged.Add(k);
            }
            var categories = Columns.Where(c => c.IsCategorical).Select(c => c.Categories.Length).ToArray();
            Shape = new BlockShape(numeric.Length, flagged.ToArray(), categories);
            int at = Shape.CategoriesStart;
            for (int c = 0, k = 0, f = 0; c < n; c++)
            {
                _numericSlot[c] = _flagSlot[c] = _categoryStart[c] = -1;
                if (Columns[c].IsCategorical)
                {
                    _categoryStart[c] = at;
                    at += Columns[c].Categories.Length;
                    continue;
                }
                _numericSlot[c] = k;
                if (Columns[c].HasMissing)
                    _flagSlot[c] = numeric.Length + f++;
                k++;
            }
        }

        /// <summary>An empty block (no attributes).</summary>
        public static BlockCoding Empty { get; } = new(Array.Empty<ColumnCoding>());

        public ColumnCoding[] Columns { get; }

        public BlockShape Shape { get; }

        public int Width => Shape.Width;

        /// <summary>Encodes one row's raw values (one per column) into <paramref name="block"/> (<see cref="Width"/> values, cleared first).</summary>
        public void Encode(ReadOnlySpan<double> raw, Span<float> block)
        {
            block.Clear();
            for (int c = 0; c < Columns.Length; c++)
            {
                double v = raw[c];
                if (Columns[c].IsCategorical)
                    block[_categoryStart[c] + (int)v] = 1f;
                else if (double.IsNaN(v))
                    block[_flagSlot[c]] = 1f;
                else
                    block[_numericSlot[c]] = Columns[c].Scale(v);
            }
        }

        /// <summary>Column <paramref name="column"/>'s number from encoded values: NaN when its flag says missing.</summary>
        public double Number(ReadOnlySpan<float> block, int column) =>
            _flagSlot[column] >= 0 && block[_flagSlot[column]] >= 0.5f ? double.NaN : Columns[column].Unscale(block[_numericSlot[column]]);

        /// <summary>Column <paramref name="column"/>'s category from encoded values: its largest one-hot value's (null: missing).</summary>
        public string? Category(ReadOnlySpan<float> block, int column) =>
            Columns[column].Categories[BlockShape.ArgMax(block.Slice(_categoryStart[column], Columns[column].Categories.Length))];

        /// <summary>Numeric columns' scaled values in the same columns' scaling of <paramref name="target"/>, in place (evaluation against other real data).</summary>
        public void Rescale(Span<float> block, BlockCoding target)
        {
            for (int c = 0; c < Columns.Length; c++)
            {
                if (Columns[c].IsCategorical || double.IsNaN(Number(block, c)))
                    continue;
                block[_numericSlot[c]] = target.Columns[c].Scale(Columns[c].Unscale(block[_numericSlot[c]]));
            }
        }

        public void Write(PayloadWriter w)
        {
            w.Write(Columns.Length);
            foreach (var column in Columns)
                column.Write(w);
        }

        /// <summary>Reads what <see cref="Write"/> wrote (a column is at least its name's length byte, a type byte and a count or flag).</summary>
        public static BlockCoding Read(PayloadReader r, int maxColumns)
        {
            int count = r.ReadCount("columns", 3, maxColumns);
            var columns = new ColumnCoding[count];
            for (int c = 0; c < count; c++)
                columns[c] = ColumnCoding.Read(r);
            if (columns.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != count)
                throw r.Damaged("it names a column twice");
            return new BlockCoding(columns);
        }
    }
}
