using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>A table held column by column in managed arrays: what the encoder reads and the decoder writes.</summary>
    internal sealed class TableData
    {
        public TableData(int rows, IReadOnlyList<TableColumnData> columns)
        {
            foreach (var c in columns)
            {
                if (c.Rows != rows)
                    throw new ArgumentException($"Column '{c.Column.Name}' has {c.Rows} rows, the table {rows}.", nameof(columns));
            }
            Rows = rows;
            Columns = columns;
        }

        public int Rows { get; }

        public IReadOnlyList<TableColumnData> Columns { get; }

        public TableColumnData this[string name] =>
            Columns.FirstOrDefault(c => c.Column.Name == name)
            ?? throw new ArgumentException($"Column '{name}' is not in the table; its columns are: {string.Join(", ", Columns.Select(c => c.Column.Name))}.", nameof(name));

        public IEnumerable<ContinuousColumnData> Continuous => Columns.OfType<ContinuousColumnData>();

        public IEnumerable<CategoricalColumnData> Categorical => Columns.OfType<CategoricalColumnData>();
    }

    /// <summary>One column's values; the subclass says how they are held.</summary>
    internal abstract class TableColumnData
    {
        protected TableColumnData(TableColumn column) => Column = column;

        public TableColumn Column { get; }

        public abstract int Rows { get; }
    }

    /// <summary>A numeric column as doubles (NaN = missing), with the range and form generated values must respect.</summary>
    internal sealed class ContinuousColumnData : TableColumnData
    {
        public ContinuousColumnData(TableColumn column, double[] values) : base(column)
        {
            Values = values;
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            bool whole = true;
            for (int i = 0; i < values.Length; i++)
            {
                double v = values[i];
                if (double.IsNaN(v))
                {
                    MissingCount++;
                    continue;
                }
                if (double.IsInfinity(v))
                    throw new ArgumentException($"Column '{column.Name}' has an infinite value at row {i}; only finite numbers and NaN (missing) can be learned.", nameof(values));
                if (v < min) min = v;
                if (v > max) max = v;
                whole &= v == Math.Floor(v);
            }
            Min = min;
            Max = max;
            // Integer types are whole by definition; a float column whose values are all whole (ages, counts) is generated whole too.
            IsInteger = NumericTypes.IsInteger(column.Type) || (whole && MissingCount < values.Length);
            HasMissing = MissingCount > 0;
        }

        /// <summary>
        /// A sample of a column with the whole column's range, form and missing values (from a streamed table's
        /// statistics pass), so that what is fitted on the sample covers every row: <paramref name="min"/>,
        /// <paramref name="max"/> and <paramref name="hasMissing"/> are the whole column's, and it is whole when every
        /// present value of the column is (<paramref name="whole"/>).
        /// </summary>
        public ContinuousColumnData(TableColumn column, double[] values, double min, double max, bool whole, bool hasMissing) : this(column, values)
        {
            Min = Math.Min(Min, min);
            Max = Math.Max(Max, max);
            IsInteger = NumericTypes.IsInteger(column.Type) || (whole && !double.IsInfinity(Min));
            HasMissing |= hasMissing;
        }

        public double[] Values { get; }

        public override int Rows => Values.Length;

        /// <summary>Smallest and largest present value (+inf and -inf when every value is missing).</summary>
        public double Min { get; }

        public double Max { get; }

        public bool IsInteger { get; }

        public int MissingCount { get; }

        /// <summary>Whether the column has missing values (a sample's: whether the whole column has).</summary>
        public bool HasMissing { get; }

        public bool IsConstant => Min == Max;
    }

    /// <summary>A categorical column as category indices into <see cref="Categories"/>.</summary>
    internal sealed class CategoricalColumnData : TableColumnData
    {
        public CategoricalColumnData(TableColumn column, int[] codes, CategorySet categories) : base(column)
        {
            Codes = codes;
            Categories = categories;
            Counts = new int[categories.Count];
            for (int i = 0; i < codes.Length; i++)
            {
                int c = codes[i];
                if ((uint)c >= (uint)categories.Count)
                    throw new ArgumentException($"Column '{column.Name}': category index {c} at row {i} is outside 0..{categories.Count - 1}.", nameof(codes));
                Counts[c]++;
            }
        }

        public int[] Codes { get; }

        public CategorySet Categories { get; }

        /// <summary>Rows per category.</summary>
        public int[] Counts { get; }

        public override int Rows => Codes.Length;
    }
}
