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
    /// a real row having that category is drawn to go with it. The condition vector is generation's layout
    /// (<see cref="GenerationConditions"/>): the one-hot over the concatenated categories of all categorical columns
    /// (in table order). Every draw is one batched tensor op, on the CPU with the caller's seeded CPU generator: its
    /// index tensors stay there, and the trainer moves the conditions it returns to the training device.
    /// </summary>
    internal sealed class ConditionalSampler : IDisposable
    {
        private readonly CategoricalColumnData[] _columns;
        private readonly Tensor? _logFrequency;       // [columns, max categories]: training-by-sampling weights
        private readonly Tensor _rowsByCategory;      // [columns * rows] long: each column's rows ordered by category
        private readonly Tensor _categoryStart;       // [width] long: where a category's rows begin in _rowsByCategory
        private readonly Tensor _categoryCount;       // [width] long

        public ConditionalSampler(IReadOnlyList<CategoricalColumnData> columns)
        {
            _columns = columns.ToArray();
            int rows = _columns.Length == 0 ? 0 : _columns[0].Rows;
            if (_columns.Any(c => c.Rows != rows))
                throw new ArgumentException("Every categorical column must have the same rows.", nameof(columns));
            Conditions = new GenerationConditions(_columns.Select(c => (c.Categories, c.Counts)).ToList());
            Rows = rows;
            var offsets = Conditions.Offsets;

            var rowsByCategory = new long[(long)_columns.Length * rows];
            var start = new long[Width];
            var count = new long[Width];
            for (int d = 0; d < _columns.Length; d++)
            {
                var c = _columns[d];
                // Counting sort of the column's rows by category.
                long next = (long)d * rows;
                for (int k = 0; k < c.Categories.Count; k++)
                {
                    count[offsets[d] + k] = c.Counts[k];
                    start[offsets[d] + k] = next;
                    next += c.Counts[k];
                }
                var fill = new long[c.Categories.Count];
                for (int r = 0; r < rows; r++)
                {
                    int k = c.Codes[r];
                    rowsByCategory[start[offsets[d] + k] + fill[k]++] = r;
                }
            }
            if (_columns.Length > 0)
                _logFrequency = Conditions.WeightTable(n => (float)Math.Log(1 + n));
            _rowsByCategory = torch.tensor(rowsByCategory);
            _categoryStart = torch.tensor(start);
            _categoryCount = torch.tensor(count);
        }

        /// <summary>The condition layout, and generation's draws by the data's frequencies or of one fixed category.</summary>
        public GenerationConditions Conditions { get; }

        /// <summary>Width of the condition vector: the categories of all categorical columns; 0 without any.</summary>
        public int Width => Conditions.Width;

        public int Rows { get; }

        /// <summary>
        /// A training batch: conditions by training-by-sampling ([rows, width] float one-hots) and, for each, the
        /// index of a real row having the chosen category ([rows] long), in the caller's dispose scope.
        /// </summary>
        public (Tensor Condition, Tensor RowIndices) SampleForTraining(long rows, torch.Generator rng)
        {
            CheckConditional();
            var global = Conditions.DrawSlots(_logFrequency!, rows, rng);
            // A uniform row among the category's rows: start + floor(u * count).
            var u = torch.rand(rows, dtype: ScalarType.Float64, generator: rng);
            var count = _categoryCount.index_select(0, global);
            var within = torch.minimum((u * count).floor().to_type(ScalarType.Int64), count - 1);
            var indices = _rowsByCategory.index_select(0, _categoryStart.index_select(0, global) + within);
            return (Conditions.OneHot(global), indices);
        }

        /// <summary>Conditions for generator steps during training: the same training-by-sampling law.</summary>
        public Tensor SampleTrainingConditions(long rows, torch.Generator rng)
        {
            CheckConditional();
            return Conditions.OneHot(Conditions.DrawSlots(_logFrequency!, rows, rng));
        }

        private void CheckConditional()
        {
            if (Width == 0)
                throw new InvalidOperationException("The table has no categorical columns to condition on.");
        }

        public void Dispose()
        {
            Conditions.Dispose();
            _logFrequency?.Dispose();
            _rowsByCategory.Dispose();
            _categoryStart.Dispose();
            _categoryCount.Dispose();
        }
    }
}
