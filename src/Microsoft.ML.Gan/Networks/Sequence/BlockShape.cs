using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Persistence;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Sequence
{
    /// <summary>
    /// How a block of generated values (one step of a sequence, or a sequence's static attributes) is laid out and
    /// activated: <see cref="Numeric"/> values scaled to [0, 1] (sigmoid), then one missing flag (sigmoid) for each
    /// numeric value listed in <see cref="Flagged"/>, then one one-hot group (softmax) per categorical column. A flagged
    /// value is multiplied by one minus its flag, so that a missing value is 0 as the real data encodes it, and whether a
    /// value is missing is learnt with the rest of the block, as TabularGan learns it.
    /// </summary>
    internal sealed record BlockShape(int Numeric, int[] Flagged, int[] Categories)
    {
        /// <summary>A block of <paramref name="numeric"/> plain numeric values: the literature's windows.</summary>
        public static BlockShape Plain(int numeric) => new(numeric, Array.Empty<int>(), Array.Empty<int>());

        /// <summary>An empty block (a sequence without attributes).</summary>
        public static BlockShape Empty { get; } = Plain(0);

        /// <summary>Values in the block.</summary>
        public int Width => Numeric + Flagged.Length + Categories.Sum();

        /// <summary>Whether every value is a plain sigmoid (no flags, no categories).</summary>
        public bool IsPlain => Flagged.Length == 0 && Categories.Length == 0;

        /// <summary>Offset of the first categorical group.</summary>
        public int CategoriesStart => Numeric + Flagged.Length;

        /// <summary>The block's values from raw outputs [..., <see cref="Width"/>] (the last dimension is the block).</summary>
        public Tensor Activate(Tensor raw)
        {
            if (IsPlain)
                return torch.sigmoid(raw);
            int last = (int)raw.dim() - 1;
            var values = torch.sigmoid(raw.narrow(last, 0, Numeric));
            var parts = new List<Tensor>();
            if (Flagged.Length > 0)
            {
                var flags = torch.sigmoid(raw.narrow(last, Numeric, Flagged.Length));
                using var index = torch.tensor(Array.ConvertAll(Flagged, f => (long)f));
                var keep = torch.ones_like(values).index_copy(last, index, 1 - flags);
                parts.Add(values * keep);
                parts.Add(flags);
            }
            else
                parts.Add(values);
            int at = CategoriesStart;
            foreach (int size in Categories)
            {
                parts.Add(torch.softmax(raw.narrow(last, at, size), last));
                at += size;
            }
            return torch.cat(parts, last);
        }

        /// <summary>
        /// Generated values as the real data encodes them, in place: flags rounded to 0 or 1 (a missing value's number 0),
        /// each categorical group one-hot at its largest value. What the sequence scores compare with real blocks.
        /// </summary>
        public void Harden(Span<float> block)
        {
            for (int i = 0; i < Flagged.Length; i++)
            {
                bool missing = block[Numeric + i] >= 0.5f;
                block[Numeric + i] = missing ? 1f : 0f;
                if (missing)
                    block[Flagged[i]] = 0f;
            }
            int at = CategoriesStart;
            foreach (int size in Categories)
            {
                int best = ArgMax(block.Slice(at, size));
                block.Slice(at, size).Clear();
                block[at + best] = 1f;
                at += size;
            }
        }

        /// <summary>The index of the largest value (the first of equals).</summary>
        public static int ArgMax(ReadOnlySpan<float> values)
        {
            int best = 0;
            for (int i = 1; i < values.Length; i++)
            {
                if (values[i] > values[best])
                    best = i;
            }
            return best;
        }

        public void Write(PayloadWriter w)
        {
            w.Write(Numeric);
            w.WriteInts(Flagged);
            w.WriteInts(Categories);
        }

        /// <summary>Reads what <see cref="Write"/> wrote; every count and index is checked before it is used.</summary>
        public static BlockShape Read(PayloadReader r, int maxWidth)
        {
            int numeric = r.ReadInt32();
            if (numeric < 0 || numeric > maxWidth)
                throw r.Damaged($"a block declares {numeric} numeric values, at most {maxWidth} allowed");
            int[] flagged = r.ReadInts("flagged values", numeric);
            int[] categories = r.ReadInts("categorical columns", maxWidth);
            long width = (long)numeric + flagged.Length + categories.Sum(c => (long)c);
            if (width > maxWidth || flagged.Any(f => f < 0 || f >= numeric) || flagged.Distinct().Count() != flagged.Length
                || categories.Any(c => c < 1) || !flagged.SequenceEqual(flagged.OrderBy(f => f)))
                throw r.Damaged($"a block is inconsistent: {numeric} numeric values, flags [{string.Join(", ", flagged)}], " +
                    $"categories of [{string.Join(", ", categories)}] values");
            return new BlockShape(numeric, flagged, categories);
        }

        public override string ToString() =>
            IsPlain ? $"{Numeric} values" : $"{Numeric} numbers, {Flagged.Length} missing flags, {Categories.Length} categorical ({Categories.Sum()} values)";

        public bool Equals(BlockShape? other) =>
            other is not null && Numeric == other.Numeric && Flagged.SequenceEqual(other.Flagged) && Categories.SequenceEqual(other.Categories);

        public override int GetHashCode() => HashCode.Combine(Numeric, Flagged.Length, Categories.Length);
    }
}
