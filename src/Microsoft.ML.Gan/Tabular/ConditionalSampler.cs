using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Training-by-sampling (Xu et al. 2019): a condition picks one categorical column uniformly and one of its
    /// categories with probability ∝ log(1 + count), so rare categories are seen often enough to be learned;
    /// a real row having that category is drawn to go with it. The condition vector is the one-hot over the
    /// concatenated categories of all categorical columns (in table order). For generation, conditions follow
    /// the data (category ∝ count) or are fixed to one column's value. Every draw is one batched tensor op.
    /// </summary>
    internal sealed class ConditionalSampler : IDisposable
    {
        private readonly CategoricalColumnData[] _columns;
        private readonly int[] _offsets;
        private readonly Tensor _offsetsTensor;       // [columns] long: first condition slot of each column
        private readonly Tensor _logFrequency;        // [columns, max categories]: training-by-sampling weights
        private readonly Tensor _frequency;           // [columns, max categories]: the data's own frequencies
        private readonly Tensor _rowsByCategory;      // [columns * rows] long: each column's rows ordered by category
        private readonly Tensor _categoryStart;       // [width] long: where a category's rows begin in _rowsByCategory
        private readonly Tensor _categoryCount;       // [width] long

        public ConditionalSampler(IReadOnlyList<CategoricalColumnData> columns)
        {
            _columns = columns.ToArray();
            int rows = _columns.Length == 0 ? 0 : _columns[0].Rows;
            if (_columns.Any(c => c.Rows != rows))
                throw new ArgumentException("Every categorical column must have the same rows.", nameof(columns));
            _offsets = new int[_columns.Length];
            int width = 0, maxCategories = 1;
            for (int d = 0; d < _columns.Length; d++)
            {
                _offsets[d] = width;
                width += _columns[d].Categories.Count;
                maxCategories = Math.Max(maxCategories, _columns[d].Categories.Count);
            }
            Width = width;
            Rows = rows;

            var logFrequency = new float[Math.Max(1, _columns.Length) * maxCategories];
            var frequency = new float[logFrequency.Length];
            var rowsByCategory = new long[(long)_columns.Length * rows];
            var start = new long[width];
            var count = new long[width];
            for (int d = 0; d < _columns.Length; d++)
            {
                var c = _columns[d];
                for (int k = 0; k < c.Categories.Count; k++)
                {
                    logFrequency[d * maxCategories + k] = (float)Math.Log(1 + c.Counts[k]);
                    frequency[d * maxCategories + k] = c.Counts[k];
                    count[_offsets[d] + k] = c.Counts[k];
                }
                // Counting sort of the column's rows by category.
                long next = (long)d * rows;
                for (int k = 0; k < c.Categories.Count; k++)
                {
                    start[_offsets[d] + k] = next;
                    next += c.Counts[k];
                }
                var fill = new long[c.Categories.Count];
                for (int r = 0; r < rows; r++)
                {
                    int k = c.Codes[r];
                    rowsByCategory[start[_offsets[d] + k] + fill[k]++] = r;
                }
            }
            int tableColumns = Math.Max(1, _columns.Length);
            _offsetsTensor = torch.tensor(_offsets.Select(o => (long)o).ToArray());
            _logFrequency = torch.tensor(logFrequency, new long[] { tableColumns, maxCategories });
            _frequency = torch.tensor(frequency, new long[] { tableColumns, maxCategories });
            _rowsByCategory = torch.tensor(rowsByCategory);
            _categoryStart = torch.tensor(start);
            _categoryCount = torch.tensor(count);
        }

        /// <summary>Width of the condition vector: the categories of all categorical columns; 0 without any.</summary>
        public int Width { get; }

        public int Rows { get; }

        public IReadOnlyList<CategoricalColumnData> Columns => _columns;

        /// <summary>First condition slot of each categorical column.</summary>
        public IReadOnlyList<int> Offsets => _offsets;

        /// <summary>
        /// A training batch: conditions by training-by-sampling ([rows, width] float one-hots) and, for each, the
        /// index of a real row having the chosen category ([rows] long), in the caller's dispose scope.
        /// </summary>
        public (Tensor Condition, Tensor RowIndices) SampleForTraining(long rows, torch.Generator rng)
        {
            CheckConditional();
            var global = DrawCategories(_logFrequency, rows, rng);
            // A uniform row among the category's rows: start + floor(u * count).
            var u = torch.rand(rows, dtype: ScalarType.Float64, generator: rng);
            var count = _categoryCount.index_select(0, global);
            var within = torch.minimum((u * count).floor().to_type(ScalarType.Int64), count - 1);
            var indices = _rowsByCategory.index_select(0, _categoryStart.index_select(0, global) + within);
            return (OneHot(global), indices);
        }

        /// <summary>Conditions for generator steps during training: the same training-by-sampling law.</summary>
        public Tensor SampleTrainingConditions(long rows, torch.Generator rng)
        {
            CheckConditional();
            return OneHot(DrawCategories(_logFrequency, rows, rng));
        }

        /// <summary>Conditions for generation: a column uniformly, then a category by its frequency in the data.</summary>
        public Tensor SampleByFrequency(long rows, torch.Generator rng)
        {
            CheckConditional();
            return OneHot(DrawCategories(_frequency, rows, rng));
        }

        /// <summary>Every row conditioned on one column's value (given as its label or value).</summary>
        public Tensor Fixed(long rows, string column, object value) =>
            OneHot(torch.full(rows, (long)ConditionIndex(column, value), ScalarType.Int64));

        /// <summary>The condition slot of a column's category; ArgumentException naming the known ones otherwise.</summary>
        public int ConditionIndex(string column, object value)
        {
            int d = Array.FindIndex(_columns, c => c.Column.Name == column);
            if (d < 0)
                throw new ArgumentException(
                    _columns.Length == 0
                        ? $"Cannot condition on '{column}': the table has no categorical columns."
                        : $"Cannot condition on '{column}': it is not a categorical column of the table; the categorical columns are: {string.Join(", ", _columns.Select(c => c.Column.Name))}.",
                    nameof(column));
            return _offsets[d] + _columns[d].Categories.IndexOf(value);
        }

        // A column uniformly, then a category by the given per-column weights; returns global category slots.
        private Tensor DrawCategories(Tensor weights, long rows, torch.Generator rng)
        {
            var column = torch.randint(0, _columns.Length, new[] { rows }, generator: rng);
            var category = torch.multinomial(weights.index_select(0, column), 1, replacement: true, generator: rng).squeeze(1);
            return _offsetsTensor.index_select(0, column) + category;
        }

        private Tensor OneHot(Tensor slots) => torch.nn.functional.one_hot(slots, Width).to_type(ScalarType.Float32);

        private void CheckConditional()
        {
            if (Width == 0)
                throw new InvalidOperationException("The table has no categorical columns to condition on.");
        }

        public void Dispose()
        {
            _offsetsTensor.Dispose();
            _logFrequency.Dispose();
            _frequency.Dispose();
            _rowsByCategory.Dispose();
            _categoryStart.Dispose();
            _categoryCount.Dispose();
        }
    }
}
