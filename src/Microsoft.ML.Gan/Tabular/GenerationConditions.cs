using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Condition vectors, from the categorical columns' category sets and training counts alone (what a saved model
    /// keeps): one-hot over the concatenated categories of the categorical columns in table order. Generation draws a
    /// column uniformly, then a category by its frequency in the data (CTGAN's sampling), or fixes one category;
    /// training (<see cref="ConditionalSampler"/>) draws with its own weights through the same layout.
    /// </summary>
    internal sealed class GenerationConditions : ConditionLayout
    {
        private readonly CategorySet[] _columns;
        private readonly int[] _offsets;
        private readonly int _maxCategories;
        private readonly Tensor? _frequency;     // [columns, max categories]
        private readonly Tensor? _offsetsTensor; // [columns] long

        public GenerationConditions(IReadOnlyList<(CategorySet Categories, int[] Counts)> columns)
        {
            _columns = columns.Select(c => c.Categories).ToArray();
            _offsets = new int[_columns.Length];
            int width = 0, maxCategories = 1;
            for (int d = 0; d < _columns.Length; d++)
            {
                if (columns[d].Counts.Length != _columns[d].Count)
                    throw new ArgumentException($"Column '{_columns[d].Column}' has {_columns[d].Count} categories but {columns[d].Counts.Length} counts.", nameof(columns));
                _offsets[d] = width;
                width += _columns[d].Count;
                maxCategories = Math.Max(maxCategories, _columns[d].Count);
            }
            Width = width;
            _maxCategories = maxCategories;
            Counts = columns.Select(c => c.Counts).ToArray();
            if (_columns.Length == 0)
                return;
            _frequency = WeightTable(count => count);
            _offsetsTensor = torch.tensor(_offsets.Select(o => (long)o).ToArray());
        }

        /// <summary>Width of the condition vector; 0 for a table without categorical columns.</summary>
        public override int Width { get; }

        public IReadOnlyList<CategorySet> Columns => _columns;

        /// <summary>First condition slot of each categorical column.</summary>
        public IReadOnlyList<int> Offsets => _offsets;

        /// <summary>Training rows per category, per categorical column.</summary>
        public IReadOnlyList<int[]> Counts { get; }

        public static GenerationConditions From(TableData table) =>
            new(table.Categorical.Select(c => (c.Categories, (int[])c.Counts.Clone())).ToList());

        /// <summary>[rows, width] one-hots: a column uniformly, then a category by its training frequency.</summary>
        public Tensor SampleByFrequency(long rows, torch.Generator rng) => OneHot(DrawSlots(_frequency!, rows, rng));

        public override Tensor DrawSlots(long rows, torch.Generator rng) => DrawSlots(_frequency!, rows, rng);

        public Tensor Fixed(long rows, int slot) => OneHot(torch.full(rows, (long)slot, ScalarType.Int64));

        /// <summary>
        /// A [columns, largest category count] table of a weight per category, from its training count (zero past a
        /// column's last category), for <see cref="DrawSlots(Tensor, long, torch.Generator)"/>.
        /// </summary>
        public Tensor WeightTable(Func<int, float> weightOfCount)
        {
            var weights = new float[_columns.Length * _maxCategories];
            for (int d = 0; d < _columns.Length; d++)
                for (int k = 0; k < _columns[d].Count; k++)
                    weights[d * _maxCategories + k] = weightOfCount(Counts[d][k]);
            return torch.tensor(weights, new long[] { _columns.Length, _maxCategories });
        }

        /// <summary>Condition slots ([rows] long): a column uniformly, then a category by <paramref name="weights"/> (a <see cref="WeightTable"/>).</summary>
        public Tensor DrawSlots(Tensor weights, long rows, torch.Generator rng)
        {
            var column = torch.randint(0, _columns.Length, new[] { rows }, generator: rng);
            var category = torch.multinomial(weights.index_select(0, column), 1, replacement: true, generator: rng).squeeze(1);
            return _offsetsTensor!.index_select(0, column) + category;
        }

        /// <summary>The categorical column's position and the category index of a (column, value) condition.</summary>
        public (int Column, int Category) Find(string column, string value)
        {
            int d = PositionOf(column);
            return (d, _columns[d].IndexOf(value));
        }

        /// <summary>The position of a categorical column among the categorical columns; ArgumentException naming them otherwise.</summary>
        public int PositionOf(string column)
        {
            int d = Array.FindIndex(_columns, c => c.Column == column);
            if (d < 0)
                throw new ArgumentException(
                    _columns.Length == 0
                        ? $"Cannot condition on '{column}': the table has no categorical columns."
                        : $"Cannot condition on '{column}': it is not a categorical column of the table; the categorical columns are: {string.Join(", ", _columns.Select(c => c.Column))}.",
                    nameof(column));
            return d;
        }

        public int Slot(int column, int category) => _offsets[column] + category;

        /// <summary>The categorical column (its position among the categorical columns) and category of a condition slot.</summary>
        public (int Column, int Category) At(int slot)
        {
            int d = Array.BinarySearch(_offsets, slot);
            if (d < 0)
                d = ~d - 1;
            return (d, slot - _offsets[d]);
        }

        public override void Dispose()
        {
            _frequency?.Dispose();
            _offsetsTensor?.Dispose();
        }
    }
}
