using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// How one column of a sequence (a step feature or a static attribute) is learnt and given back: a number (Single or
    /// Double) min-max scaled to [0, 1], with a missing flag when the training data had missing values (NaN); or a
    /// category (text or Boolean) as one of the <see cref="Categories"/> seen in training, in sorted order, the missing
    /// value (empty text) first when there was one, learnt at its rate as TabularGan learns it.
    /// </summary>
    internal sealed class ColumnCoding
    {
        private ColumnCoding(string name, DataViewType type, double min, double range, bool hasMissing, string?[] categories)
        {
            Name = name;
            Type = type;
            Min = min;
            Range = range;
            HasMissing = hasMissing;
            Categories = categories;
        }

        public string Name { get; }

        /// <summary>Single or Double for numbers; Text or Boolean for categories. Generated values have this type.</summary>
        public DataViewType Type { get; }

        public bool IsCategorical => Type is TextDataViewType or BooleanDataViewType;

        /// <summary>A number's smallest value in training.</summary>
        public double Min { get; }

        /// <summary>A number's largest minus smallest value; 0 for a constant column.</summary>
        public double Range { get; }

        /// <summary>Whether a number had missing values in training, and so has a missing flag.</summary>
        public bool HasMissing { get; }

        /// <summary>A category's values in training, sorted; null is the missing value (empty text).</summary>
        public string?[] Categories { get; }

        /// <summary>A number's coding: <paramref name="values"/> are its training values, NaN missing; at least one is present.</summary>
        public static ColumnCoding Numeric(string name, DataViewType type, IReadOnlyList<double> values)
        {
            double min = double.PositiveInfinity, max = double.NegativeInfinity;
            bool missing = false;
            foreach (double v in values)
            {
                if (double.IsNaN(v))
                {
                    missing = true;
                    continue;
                }
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            if (double.IsInfinity(min))
                throw new ArgumentException($"Column '{name}' has only missing values; the caller checks this first.", nameof(values));
            return new ColumnCoding(name, type, min, max - min, missing, Array.Empty<string?>());
        }

        /// <summary>A number's coding with a known scaling and no missing values (the first model format's).</summary>
        public static ColumnCoding Scaled(string name, bool isDouble, double min, double range) =>
            new(name, isDouble ? NumberDataViewType.Double : NumberDataViewType.Single, min, range, false, Array.Empty<string?>());

        /// <summary>A category's coding from the distinct values seen in training (null: missing), sorted ordinally, missing first.</summary>
        public static ColumnCoding Categorical(string name, DataViewType type, IEnumerable<string?> seen)
        {
            var distinct = seen.Distinct().ToList();
            var sorted = distinct.Where(v => v is not null).OrderBy(v => v, StringComparer.Ordinal).ToList();
            if (distinct.Contains(null))
                sorted.Insert(0, null);
            return new ColumnCoding(name, type, 0, 0, false, sorted.ToArray());
        }

        /// <summary>The scaled value of a number (not missing).</summary>
        public float Scale(double value) => Range > 0 ? (float)((value - Min) / Range) : 0f;

        /// <summary>A scaled value back in the column's units.</summary>
        public double Unscale(float scaled) => Min + scaled * Range;

        /// <summary>The index of category <paramref name="value"/>, or −1 when training never saw it.</summary>
        public int CategoryOf(string? value) => Array.IndexOf(Categories, value);

        public void Write(PayloadWriter w)
        {
            w.Write(Name);
            w.Write(Code(Type));
            if (IsCategorical)
            {
                w.Write(Categories.Length);
                foreach (string? c in Categories)
                    w.WriteStringOrNull(c);
            }
            else
            {
                w.Write(Min);
                w.Write(Range);
                w.Write(HasMissing);
            }
        }

        /// <summary>Reads what <see cref="Write"/> wrote; every count is checked against the bytes that remain.</summary>
        public static ColumnCoding Read(PayloadReader r)
        {
            string name = r.ReadString();
            if (name.Length == 0)
                throw r.Damaged("a column name is empty");
            var type = r.ReadByte() switch
            {
                0 => NumberDataViewType.Single,
                1 => NumberDataViewType.Double,
                2 => TextDataViewType.Instance,
                3 => (DataViewType)BooleanDataViewType.Instance,
                byte code => throw r.Damaged($"column '{name}' has the unknown type code {code}"),
            };
            if (type is TextDataViewType or BooleanDataViewType)
            {
                // A category is at least the Boolean saying whether it is missing.
                int count = r.ReadCount($"categories of column '{name}'", 1);
                if (count == 0)
                    throw r.Damaged($"categorical column '{name}' has no categories");
                var categories = new string?[count];
                for (int i = 0; i < count; i++)
                    categories[i] = r.ReadBoolean() ? r.ReadString() : null;
                if (categories.Distinct().Count() != count)
                    throw r.Damaged($"categorical column '{name}' holds a category twice");
                return new ColumnCoding(name, type, 0, 0, false, categories);
            }
            double min = r.ReadFinite("a column's minimum"), range = r.ReadFinite("a column's range");
            if (range < 0)
                throw r.Damaged($"column '{name}' has a negative range, {range}");
            return new ColumnCoding(name, type, min, range, r.ReadBoolean(), Array.Empty<string?>());
        }

        private static byte Code(DataViewType type) => type switch
        {
            _ when type == NumberDataViewType.Single => 0,
            _ when type == NumberDataViewType.Double => 1,
            TextDataViewType => 2,
            BooleanDataViewType => 3,
            _ => throw new InvalidOperationException($"Type {type} cannot be saved in a sequence model."),
        };
    }
}
