using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// The columns a sequence GAN reads from data in long format (one row per step), and their checks, shared by the
    /// estimator's schema check and Fit: the feature columns (one value per step: scalar Single or Double, or text or
    /// Boolean categories; numbers only where <see cref="NumericOnly"/>, as the scores need), the optional
    /// sequence-id column (key, text, Boolean or number; none: the whole view is one series), the optional order
    /// column (a scalar number or DateTime; none: row order) and the static attribute columns (one value per sequence,
    /// of the features' types). Messages use ML.NET's schema-mismatch wording.
    /// </summary>
    internal sealed record SequenceColumns(string[] Features, string? SequenceId, string? Order, string[] Attributes, bool NumericOnly = false)
    {
        /// <summary>Numeric features only, no attributes: the windows the sequence scores read.</summary>
        public SequenceColumns(string[] features, string? sequenceId, string? order) : this(features, sequenceId, order, Array.Empty<string>(), true)
        {
        }

        private const string ExpectedNumber = "scalar Single or Double";
        private const string ExpectedValue = "scalar Single, Double, text or Boolean";
        private string ExpectedFeature => NumericOnly ? ExpectedNumber : ExpectedValue;
        private const string ExpectedOrder = "scalar number or DateTime";
        private const string ExpectedId = "scalar key, text, Boolean or number";

        /// <summary>Checks the columns on a schema shape (the estimator's GetOutputSchema).</summary>
        public void Check(IExceptionContext ectx, SchemaShape input)
        {
            foreach (var (name, role) in Values())
            {
                if (!input.TryFindColumn(name, out var col))
                    throw ectx.ExceptSchemaMismatch(nameof(input), role, name);
                if (col.Kind != SchemaShape.Column.VectorKind.Scalar || col.IsKey || !IsValueType(col.ItemType))
                    throw ectx.ExceptSchemaMismatch(nameof(input), role, name, ExpectedFeature, col.GetTypeString());
            }
            if (SequenceId is not null)
            {
                if (!input.TryFindColumn(SequenceId, out var col))
                    throw ectx.ExceptSchemaMismatch(nameof(input), "sequence id", SequenceId);
                if (col.Kind != SchemaShape.Column.VectorKind.Scalar
                    || !(col.IsKey || col.ItemType is TextDataViewType or BooleanDataViewType or NumberDataViewType))
                    throw ectx.ExceptSchemaMismatch(nameof(input), "sequence id", SequenceId, ExpectedId, col.GetTypeString());
            }
            if (Order is not null)
            {
                if (!input.TryFindColumn(Order, out var col))
                    throw ectx.ExceptSchemaMismatch(nameof(input), "order", Order);
                if (col.Kind != SchemaShape.Column.VectorKind.Scalar || col.IsKey || !(col.ItemType is NumberDataViewType or DateTimeDataViewType))
                    throw ectx.ExceptSchemaMismatch(nameof(input), "order", Order, ExpectedOrder, col.GetTypeString());
            }
        }

        /// <summary>Checks the columns on a data view's schema (Fit, evaluation).</summary>
        /// <param name="ectx">Where errors are reported.</param>
        /// <param name="schema">The data's schema.</param>
        /// <param name="paramName">The data's parameter, named in the errors (evaluation reads two views).</param>
        public void Check(IExceptionContext ectx, DataViewSchema schema, string paramName = "schema")
        {
            foreach (var (name, role) in Values())
            {
                var col = schema.GetColumnOrNull(name) ?? throw ectx.ExceptSchemaMismatch(paramName, role, name);
                if (!IsValueType(col.Type))
                    throw ectx.ExceptSchemaMismatch(paramName, role, name, ExpectedFeature, col.Type.ToString());
            }
            if (SequenceId is not null)
            {
                var col = schema.GetColumnOrNull(SequenceId) ?? throw ectx.ExceptSchemaMismatch(paramName, "sequence id", SequenceId);
                if (col.Type is not (KeyDataViewType or TextDataViewType or BooleanDataViewType or NumberDataViewType))
                    throw ectx.ExceptSchemaMismatch(paramName, "sequence id", SequenceId, ExpectedId, col.Type.ToString());
            }
            if (Order is not null)
            {
                var col = schema.GetColumnOrNull(Order) ?? throw ectx.ExceptSchemaMismatch(paramName, "order", Order);
                if (col.Type is not (NumberDataViewType or DateTimeDataViewType))
                    throw ectx.ExceptSchemaMismatch(paramName, "order", Order, ExpectedOrder, col.Type.ToString());
            }
        }

        // The feature and attribute columns, with what the messages call them.
        private IEnumerable<(string Name, string Role)> Values() =>
            Features.Select(f => (f, "feature")).Concat(Attributes.Select(a => (a, "attribute")));

        private bool IsValueType(DataViewType type) =>
            type == NumberDataViewType.Single || type == NumberDataViewType.Double || !NumericOnly && type is TextDataViewType or BooleanDataViewType;

        /// <summary>The columns a cursor over the training data needs.</summary>
        public IEnumerable<DataViewSchema.Column> Needed(DataViewSchema schema)
        {
            foreach (string name in Features.Concat(Attributes))
                yield return schema[name];
            if (SequenceId is not null)
                yield return schema[SequenceId];
            if (Order is not null)
                yield return schema[Order];
        }

        /// <summary>A getter of a scalar Single or Double column as double.</summary>
        public static Func<double> FeatureGetter(DataViewRow row, DataViewSchema.Column column)
        {
            if (column.Type == NumberDataViewType.Double)
            {
                var g = row.GetGetter<double>(column);
                double v = 0;
                return () => { g(ref v); return v; };
            }
            var s = row.GetGetter<float>(column);
            float f = 0;
            return () => { s(ref f); return f; };
        }

        /// <summary>A getter of an order column (any scalar number, or DateTime as ticks) as double.</summary>
        public static Func<double> OrderGetter(DataViewRow row, DataViewSchema.Column column) => column.Type.RawType switch
        {
            Type t when t == typeof(float) => Number<float>(row, column, v => v),
            Type t when t == typeof(double) => Number<double>(row, column, v => v),
            Type t when t == typeof(sbyte) => Number<sbyte>(row, column, v => v),
            Type t when t == typeof(byte) => Number<byte>(row, column, v => v),
            Type t when t == typeof(short) => Number<short>(row, column, v => v),
            Type t when t == typeof(ushort) => Number<ushort>(row, column, v => v),
            Type t when t == typeof(int) => Number<int>(row, column, v => v),
            Type t when t == typeof(uint) => Number<uint>(row, column, v => v),
            Type t when t == typeof(long) => Number<long>(row, column, v => v),
            Type t when t == typeof(ulong) => Number<ulong>(row, column, v => v),
            Type t when t == typeof(DateTime) => Number<DateTime>(row, column, v => v.Ticks),
            _ => throw new InvalidOperationException($"Order column '{column.Name}' has type {column.Type}, which has no order."),
        };

        private static Func<double> Number<T>(DataViewRow row, DataViewSchema.Column column, Func<T, double> convert)
        {
            var g = row.GetGetter<T>(column);
            T v = default!;
            return () => { g(ref v); return convert(v); };
        }
    }
}
