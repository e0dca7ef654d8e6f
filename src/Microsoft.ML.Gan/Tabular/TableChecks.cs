using System;
using System.Collections.Generic;
using System.Globalization;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Checks on a table read for training: errors for what cannot be learned, warnings (returned as messages
    /// for the caller's log channel) for what can be learned but is probably not what the user meant.
    /// </summary>
    internal static class TableChecks
    {
        /// <summary>Distinct values above which a text or key column is reported as probably an identifier.</summary>
        public const int HighCardinality = 500;

        /// <summary>Fails when the table has fewer rows than <paramref name="minimumRows"/> (say, one minibatch).</summary>
        public static void CheckRows(TableData table, int minimumRows, string why) => CheckRows(table.Rows, minimumRows, why);

        /// <summary>Fails when a table of <paramref name="rows"/> rows (a streamed one's count) has fewer than <paramref name="minimumRows"/>.</summary>
        public static void CheckRows(long rows, int minimumRows, string why)
        {
            if (rows < minimumRows)
                throw new ArgumentException(
                    $"The table has {rows} rows; at least {minimumRows} are needed ({why}).", "table");
        }

        /// <summary>Errors for columns that cannot be learned, and the warnings for the rest.</summary>
        public static IReadOnlyList<string> Check(TableData table, int highCardinality = HighCardinality)
        {
            var warnings = new List<string>();
            foreach (var column in table.Columns)
            {
                string name = column.Column.Name;
                switch (column)
                {
                    case ContinuousColumnData c when c.MissingCount == c.Rows && c.Rows > 0 && c.Column.IsDate:
                        throw new ArgumentException($"Date column '{name}' has only missing dates (the default DateTime); there is nothing to learn. Leave it out.", nameof(table));
                    case ContinuousColumnData c when c.MissingCount == c.Rows && c.Rows > 0:
                        throw new ArgumentException($"Column '{name}' has only missing values (NaN); there is nothing to learn. Leave it out.", nameof(table));
                    case ContinuousColumnData c when c.IsConstant:
                        // Kept: generated exactly as its constant (and missing at its rate, if any).
                        break;
                    case CategoricalColumnData c when c.Categories.Count == 1:
                        warnings.Add($"Column '{name}' has a single value ('{c.Categories.Labels[0]}'); every generated row will have it.");
                        break;
                    case CategoricalColumnData c when c.Categories.Count > highCardinality:
                        warnings.Add(string.Format(CultureInfo.InvariantCulture,
                            "Column '{0}' has {1} distinct values (more than {2}): it looks like an identifier or free text. Each value becomes a category the GAN must learn; "
                            + "consider leaving the column out.", name, c.Categories.Count, highCardinality));
                        break;
                }
            }
            return warnings;
        }
    }
}
