using System;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// Reads given attributes for conditional generation: every attribute column the model learnt must be in the view,
    /// a number as Single or Double, a category in its training type; each row is encoded by the model's codings, so a
    /// category it never saw, or a missing value where it learnt none, is an error naming the column and the row.
    /// </summary>
    internal static class AttributeRows
    {
        public static float[] Read(IExceptionContext ectx, IDataView data, BlockCoding attributes)
        {
            var columns = attributes.Columns;
            foreach (var coding in columns)
            {
                var column = data.Schema.GetColumnOrNull(coding.Name) ?? throw ectx.ExceptSchemaMismatch(nameof(data), "attribute", coding.Name);
                bool fits = coding.IsCategorical ? column.Type.Equals(coding.Type) : column.Type == NumberDataViewType.Single || column.Type == NumberDataViewType.Double;
                if (!fits)
                    throw ectx.ExceptSchemaMismatch(nameof(data), "attribute", coding.Name,
                        coding.IsCategorical ? coding.Type.ToString() : "Single or Double", column.Type.ToString());
            }
            int width = attributes.Width;
            var encoded = new System.Collections.Generic.List<float>();
            var raw = new double[columns.Length];
            var block = new float[width];
            using var cursor = data.GetRowCursor(columns.Select(c => data.Schema[c.Name]));
            var getters = columns.Select(c => Getter(cursor, data.Schema[c.Name], c)).ToArray();
            while (cursor.MoveNext())
            {
                for (int c = 0; c < columns.Length; c++)
                {
                    double v = getters[c]();
                    if (columns[c].IsCategorical ? v < 0 : double.IsInfinity(v) || double.IsNaN(v) && !columns[c].HasMissing)
                        throw ectx.ExceptParam(nameof(data), string.Format(CultureInfo.InvariantCulture,
                            "Attribute column '{0}' has {1} at row {2}, which the model cannot generate for: expected {3}.", columns[c].Name,
                            columns[c].IsCategorical ? "a category" : v.ToString("R", CultureInfo.InvariantCulture), cursor.Position,
                            columns[c].IsCategorical
                                ? "one of " + string.Join(", ", columns[c].Categories.Select(k => k is null ? "a missing value" : $"'{k}'"))
                                : columns[c].HasMissing ? "a finite number or a missing value (NaN)" : "a finite number"));
                    raw[c] = v;
                }
                attributes.Encode(raw, block);
                encoded.AddRange(block);
            }
            return encoded.ToArray();
        }

        // A number as double, or a category as its index in the coding (−1: one the model never saw).
        private static Func<double> Getter(DataViewRow row, DataViewSchema.Column column, ColumnCoding coding)
        {
            if (!coding.IsCategorical)
                return SequenceColumns.FeatureGetter(row, column);
            var text = LabelValues.Getter(row, column);
            return () => coding.CategoryOf(text());
        }
    }
}
