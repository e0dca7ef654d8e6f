using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// The input checks shared by <see cref="GanEstimator.GetOutputSchema"/>, <see cref="GanEstimator.Fit"/>,
    /// <see cref="GanTransformer"/> and evaluation. Messages use ML.NET's schema-mismatch wording: column role, name,
    /// expected type, actual type.
    /// </summary>
    internal static class ColumnChecks
    {
        internal const string FeatureRole = "feature";
        internal const string LabelRole = "label";
        internal const string LatentRole = "latent";
        private const string ExpectedFeature = "known-size vector of Single";

        public static void CheckFeature(IExceptionContext ectx, SchemaShape input, string name)
        {
            if (!input.TryFindColumn(name, out var col))
                throw ectx.ExceptSchemaMismatch(nameof(input), FeatureRole, name);
            if (col.Kind != SchemaShape.Column.VectorKind.Vector || col.ItemType != NumberDataViewType.Single)
                throw ectx.ExceptSchemaMismatch(nameof(input), FeatureRole, name, ExpectedFeature, col.GetTypeString());
        }

        /// <summary>
        /// Checks a feature column and returns its type: a vector of Single with known, non-zero size. Messages name the
        /// argument (<paramref name="paramName"/>) and the column's role (<paramref name="role"/>, such as "real").
        /// </summary>
        public static VectorDataViewType CheckFeature(IExceptionContext ectx, DataViewSchema schema, string name,
            string paramName = "schema", string role = FeatureRole)
        {
            var col = schema.GetColumnOrNull(name)
                ?? throw ectx.ExceptSchemaMismatch(paramName, role, name);
            if (col.Type is not VectorDataViewType vt || vt.ItemType != NumberDataViewType.Single || !vt.IsKnownSize)
                throw ectx.ExceptSchemaMismatch(paramName, role, name, ExpectedFeature, col.Type.ToString());
            return vt;
        }

        // Labels ML.NET can map to keys: keys themselves, text, booleans and scalar numbers.
        public static void CheckLabel(IExceptionContext ectx, SchemaShape input, string name)
        {
            if (!input.TryFindColumn(name, out var col))
                throw ectx.ExceptSchemaMismatch(nameof(input), LabelRole, name);
            bool ok = col.Kind == SchemaShape.Column.VectorKind.Scalar
                && (col.IsKey || col.ItemType is TextDataViewType || col.ItemType is BooleanDataViewType || col.ItemType is NumberDataViewType);
            if (!ok)
                throw ectx.ExceptSchemaMismatch(nameof(input), LabelRole, name, "scalar key, text, Boolean or number", col.GetTypeString());
        }

        public static void CheckLabel(IExceptionContext ectx, DataViewSchema schema, string name)
        {
            var col = schema.GetColumnOrNull(name)
                ?? throw ectx.ExceptSchemaMismatch(nameof(schema), LabelRole, name);
            var t = col.Type;
            bool ok = t is KeyDataViewType || t is TextDataViewType || t is BooleanDataViewType || t is NumberDataViewType;
            if (!ok)
                throw ectx.ExceptSchemaMismatch(nameof(schema), LabelRole, name, "scalar key, text, Boolean or number", t.ToString());
        }

        public static void CheckLatent(IExceptionContext ectx, SchemaShape input, string name)
        {
            if (!input.TryFindColumn(name, out var col))
                return;
            if (col.Kind != SchemaShape.Column.VectorKind.Vector || col.ItemType != NumberDataViewType.Single)
                throw ectx.ExceptSchemaMismatch(nameof(input), LatentRole, name, ExpectedFeature, col.GetTypeString());
        }

        /// <summary>The latent column's index when the schema has one of the right type, null when it has none.</summary>
        public static int? FindLatent(IExceptionContext ectx, DataViewSchema schema, string name, int latentDimension)
        {
            var col = schema.GetColumnOrNull(name);
            if (col is null)
                return null;
            if (col.Value.Type is not VectorDataViewType vt || vt.ItemType != NumberDataViewType.Single || vt.Size != latentDimension)
                throw ectx.ExceptSchemaMismatch(nameof(schema), LatentRole, name,
                    $"Vector<Single, {latentDimension}>", col.Value.Type.ToString());
            return col.Value.Index;
        }

        /// <summary>
        /// Throws when a row of the column holds NaN or an infinity, naming the row (0-based, in the order read), the
        /// slot and the value. <paramref name="dataName"/> says whose rows ("the training data"), <paramref name="purpose"/>
        /// what needs finite values ("GAN training").
        /// </summary>
        public static void CheckFinite(ReadOnlySpan<float> row, long rowIndex, string columnName, string dataName, string purpose)
        {
            for (int j = 0; j < row.Length; j++)
            {
                if (!float.IsFinite(row[j]))
                    throw new InvalidOperationException(
                        $"Column '{columnName}' has a non-finite value ({row[j]}) in row {rowIndex}, slot {j} of {dataName}. " +
                        $"{purpose} needs finite features: filter those rows (ml.Data.FilterRowsByMissingValues) " +
                        "or impute them (ml.Transforms.ReplaceMissingValues) first.");
            }
        }

        public static SchemaShape.Column OutputColumn(string name) =>
            new SchemaShape.Column(name, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, isKey: false);

        public static SchemaShape Append(SchemaShape input, SchemaShape.Column column) =>
            new SchemaShape(input.Where(c => c.Name != column.Name).Append(column));
    }
}
