using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Finds the columns of a schema a tabular GAN can learn: scalar numbers (continuous unless listed as
    /// categorical), dates (continuous), Boolean, text and key (categorical). Hidden columns are skipped; anything
    /// else that is asked for (vectors, images, time spans) is an error naming the column and its type.
    /// </summary>
    internal static class TableColumns
    {
        public const string SupportedTypes = "Single, Double, SByte, Byte, Int16, UInt16, Int32, UInt32, Int64, UInt64, DateTime, Boolean, Text, Key";

        /// <summary>Whether a scalar column of <paramref name="type"/> can be learned: one of <see cref="SupportedTypes"/>.</summary>
        public static bool IsSupported(DataViewType type) =>
            NumericTypes.IsNumber(type) || type is DateTimeDataViewType or BooleanDataViewType or TextDataViewType or KeyDataViewType;

        /// <param name="schema">The training data's schema.</param>
        /// <param name="use">Columns to learn, in this order; null or empty learns every visible column (and then
        /// fails on the first one of an unsupported type, so that nothing is silently left out).</param>
        /// <param name="categorical">Numeric columns to treat as categorical (Boolean, text and key always are).</param>
        public static IReadOnlyList<TableColumn> Discover(DataViewSchema schema, IReadOnlyList<string>? use = null,
            IReadOnlyCollection<string>? categorical = null)
        {
            if (schema is null)
                throw new ArgumentNullException(nameof(schema));
            var asCategories = new HashSet<string>(categorical ?? Array.Empty<string>(), StringComparer.Ordinal);
            var picked = use is { Count: > 0 } ? ByName(schema, use) : schema.Where(c => !c.IsHidden).ToList();
            if (picked.Count == 0)
                throw new ArgumentException("The table has no columns to learn.", nameof(schema));

            foreach (var name in asCategories)
            {
                if (!picked.Any(c => c.Name == name))
                    throw new ArgumentException(
                        $"Column '{name}' is listed as categorical but is not among the columns to learn: {string.Join(", ", picked.Select(c => c.Name))}.",
                        nameof(categorical));
            }
            return picked.Select(c => Describe(c, asCategories.Contains(c.Name))).ToList();
        }

        private static List<DataViewSchema.Column> ByName(DataViewSchema schema, IReadOnlyList<string> names)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var columns = new List<DataViewSchema.Column>();
            foreach (var name in names)
            {
                if (!seen.Add(name))
                    throw new ArgumentException($"Column '{name}' is listed twice.", nameof(names));
                var column = schema.GetColumnOrNull(name) ?? throw new ArgumentException(
                    $"Column '{name}' is not in the data; its columns are: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}.",
                    nameof(names));
                columns.Add(column);
            }
            return columns;
        }

        private static TableColumn Describe(DataViewSchema.Column column, bool markedCategorical)
        {
            var type = column.Type;
            if (!IsSupported(type))
                throw new ArgumentException(
                    $"Column '{column.Name}' has type {type}, which a tabular GAN cannot learn; supported scalar types: {SupportedTypes}. "
                    + "Leave it out with the list of columns to use.", nameof(column));
            if (NumericTypes.IsNumber(type))
                return new TableColumn(column.Name, column.Index, type, markedCategorical ? ColumnKind.Categorical : ColumnKind.Continuous);
            if (type is DateTimeDataViewType)
            {
                if (markedCategorical)
                    throw new ArgumentException($"Column '{column.Name}' is a date column; dates are learned as continuous values and cannot be listed as categorical.", nameof(column));
                return new TableColumn(column.Name, column.Index, type, ColumnKind.Continuous);
            }
            // Boolean, text and key: categorical.
            return new TableColumn(column.Name, column.Index, type, ColumnKind.Categorical)
            {
                KeyValues = type is KeyDataViewType ? LabelValues.KeyValueNames(column) : null,
            };
        }
    }
}
