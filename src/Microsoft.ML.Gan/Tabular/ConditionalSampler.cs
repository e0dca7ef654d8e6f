using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Training-by-sampling (Xu et al. 2019): a condition picks one categorical column uniformly and one of its
    /// categories with probability ∝ log(1 + count), so rare categories are seen often enough to be learned;
    /// a real row having that category is drawn to go with it. The condition vector is generation's layout
    /// (<see cref="GenerationConditions"/>): the one-hot over the concatenated categories of all categorical columns
    /// (in table order). Every draw is one batched tensor op. On the CPU path it runs on the CPU with the caller's seeded
    /// CPU generator, and the trainer moves the conditions it returns to the training device. On the device path
    /// (<see cref="EnterDevicePath"/>) draws are made on the device the caller's generator names, in the inverse-CDF form of
    /// <see cref="DeviceDraws"/>, which needs no host synchronisation, and the index tensors move to the device when
    /// the table's rows do.
    /// </summary>
    internal sealed class ConditionalSampler : IDisposable
    {
        private readonly CategoricalColumnData[] _columns;
        private readonly Tensor? _logFrequency;       // [columns, max categories]: training-by-sampling weights
        private readonly Tensor _rowsByCategory;      // [columns * rows] long: each column's rows ordered by category
        private readonly Tensor _categoryStart;       // [width] long: where a category's rows begin in _rowsByCategory
        private readonly Tensor _categoryCount;       // [width] long
        private DeviceTables? _device;                // the device path's tables

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

        /// <summary>Whether draws take the device path (<see cref="EnterDevicePath"/>).</summary>
        public bool OnDevicePath => _device is not null;

        /// <summary>Bytes of the index tensors that follow the rows to the device.</summary>
        public long IndexBytes => (_rowsByCategory.NumberOfElements + 2L * Width) * sizeof(long);

        /// <summary>
        /// Switches to the device path's draws on <paramref name="device"/>: the weight tables move there, and the row
        /// index tensors too when <paramref name="moveIndex"/> (the rows live there); otherwise row indices are drawn on
        /// the device and copied back to pick rows on the CPU.
        /// </summary>
        public void EnterDevicePath(torch.Device device, bool moveIndex)
        {
            if (_device is not null || Width == 0)
            {
                _device ??= new DeviceTables();
                return;
            }
            var index = moveIndex ? device : torch.CPU;
            // Each column's last category of non-zero weight (log(1 + count) is zero for a category without training rows).
            var lastCategory = Conditions.Counts.Select(counts => (long)Math.Max(0, Array.FindLastIndex(counts, n => n > 0))).ToArray();
            using var scope = torch.NewDisposeScope();
            _device = new DeviceTables
            {
                Cumulative = DeviceDraws.Cumulative(_logFrequency!).to(device).DetachFromDisposeScope(),
                LastCategory = torch.tensor(lastCategory).to(device).DetachFromDisposeScope(),
                Offsets = torch.tensor(Conditions.Offsets.Select(o => (long)o).ToArray()).to(device).DetachFromDisposeScope(),
                RowsByCategory = _rowsByCategory.to(index).DetachFromDisposeScope(),
                CategoryStart = _categoryStart.to(index).DetachFromDisposeScope(),
                CategoryCount = _categoryCount.to(index).DetachFromDisposeScope(),
            };
        }

        /// <summary>
        /// A training batch: conditions by training-by-sampling ([rows, width] float one-hots) and, for each, the
        /// index of a real row having the chosen category ([rows] long), in the caller's dispose scope.
        /// </summary>
        public (Tensor Condition, Tensor RowIndices) SampleForTraining(long rows, torch.Generator rng)
        {
            CheckConditional();
            var global = DrawSlots(rows, rng);
            var (rowsByCategory, categoryStart, categoryCount) = _device is { RowsByCategory: { } r } d
                ? (r, d.CategoryStart!, d.CategoryCount!) : (_rowsByCategory, _categoryStart, _categoryCount);
            var slots = global.device_type == categoryCount.device_type ? global : global.to(categoryCount.device);
            // A uniform row among the category's rows: start + floor(u * count).
            var u = torch.rand(rows, dtype: ScalarType.Float64, device: rng.device, generator: DeviceDraws.Source(rng));
            if (u.device_type != categoryCount.device_type)
                u = u.to(categoryCount.device);
            var count = categoryCount.index_select(0, slots);
            var within = torch.minimum((u * count).floor().to_type(ScalarType.Int64), count - 1);
            var indices = rowsByCategory.index_select(0, categoryStart.index_select(0, slots) + within);
            return (Conditions.OneHot(global), indices);
        }

        /// <summary>Conditions for generator steps during training: the same training-by-sampling law.</summary>
        public Tensor SampleTrainingConditions(long rows, torch.Generator rng)
        {
            CheckConditional();
            return Conditions.OneHot(DrawSlots(rows, rng));
        }

        // A column uniformly, then a category by log(1 + count): multinomial on the CPU path, the inverse CDF on the device path.
        private Tensor DrawSlots(long rows, torch.Generator rng)
        {
            if (_device is null)
                return Conditions.DrawSlots(_logFrequency!, rows, rng);
            var columns = _device.Cumulative!.device;
            var column = torch.randint(0, Conditions.Columns.Count, new[] { rows }, device: rng.device, generator: DeviceDraws.Source(rng));
            if (column.device_type != columns.type)
                column = column.to(columns);
            var category = DeviceDraws.Categories(_device.Cumulative!.index_select(0, column), _device.LastCategory!.index_select(0, column), rng);
            return _device.Offsets!.index_select(0, column) + category;
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
            _device?.Dispose();
        }

        // The device path's tables: weights for the inverse-CDF draws; the row index, where the rows live.
        private sealed class DeviceTables : IDisposable
        {
            public Tensor? Cumulative, LastCategory, Offsets, RowsByCategory, CategoryStart, CategoryCount;

            public void Dispose()
            {
                foreach (var t in new[] { Cumulative, LastCategory, Offsets, RowsByCategory, CategoryStart, CategoryCount })
                    t?.Dispose();
            }
        }
    }
}
