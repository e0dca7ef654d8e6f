using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// Label columns as class values: keys (their KeyValues names, or the key number without them), text,
    /// Boolean and numbers, each read as text so that training and generation map values to classes the
    /// same way whatever the column's type. Missing values (key 0, empty text, NaN) are an error.
    /// </summary>
    internal static class LabelValues
    {
        /// <summary>A getter of the current row's label as text; null when the value is missing.</summary>
        public static Func<string?> Getter(DataViewRow row, DataViewSchema.Column column)
        {
            var type = column.Type;
            if (type is KeyDataViewType key)
            {
                string[] names = KeyNames(column, key);
                var raw = KeyGetter(row, column, key);
                return () => raw() is ulong k && k > 0 && k <= (ulong)names.Length ? names[k - 1] : null;
            }
            if (type is TextDataViewType)
            {
                var g = row.GetGetter<ReadOnlyMemory<char>>(column);
                ReadOnlyMemory<char> v = default;
                return () => { g(ref v); return v.IsEmpty ? null : v.ToString(); };
            }
            if (type is BooleanDataViewType)
            {
                var g = row.GetGetter<bool>(column);
                bool v = false;
                return () => { g(ref v); return v ? "True" : "False"; };
            }
            return NumberGetter(row, column);
        }

        /// <summary>
        /// Reads the training labels: each row's class and the classes, in key order for key columns and
        /// sorted (numerically for numbers) otherwise. Key columns keep all their keys, seen or not.
        /// </summary>
        public static (int[] Classes, ClassLabels Labels) Read(IHost host, IDataView data, string columnName, FitCancellation cancel = default)
        {
            var column = data.Schema[columnName];
            // Each distinct value is kept once; rows keep only its index (4 bytes a row, not a string).
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var rowSeen = new int[(int)Math.Min(data.GetRowCount() ?? 1024, Array.MaxLength)];
            int rows = 0;
            using (var cursor = data.GetRowCursor(new[] { column }))
            {
                var get = Getter(cursor, column);
                while (cursor.MoveNext())
                {
                    if (rows % 4096 == 0)
                        cancel.ThrowIfCancelled();
                    string value = get() ?? throw host.Except(
                        $"Label column '{columnName}' has a missing value in row {cursor.Position}; conditional training needs a label on every row. " +
                        "Filter those rows (ml.Data.FilterRowsByMissingValues) first.");
                    if (!seen.TryGetValue(value, out int id))
                        seen.Add(value, id = seen.Count);
                    if (rows == rowSeen.Length)
                        Array.Resize(ref rowSeen, (int)Math.Min(Math.Max(1024, 2L * rowSeen.Length), Array.MaxLength));
                    rowSeen[rows++] = id;
                }
            }
            if (rows == 0)
                throw host.Except($"Label column '{columnName}': the training data has no rows.");

            string[] classes = column.Type is KeyDataViewType key ? KeyNames(column, key) : Sorted(seen.Keys, column.Type);
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < classes.Length; i++)
                index.TryAdd(classes[i], i);
            var toClass = new int[seen.Count];
            foreach (var (value, id) in seen)
                toClass[id] = index[value];
            var counts = new float[classes.Length];
            for (int r = 0; r < rows; r++)
                counts[rowSeen[r] = toClass[rowSeen[r]]]++;
            // Exact when the view knew its row count: no trimming copy then.
            var rowClasses = rowSeen;
            if (rowClasses.Length != rows)
                Array.Resize(ref rowClasses, rows);
            for (int i = 0; i < counts.Length; i++)
                counts[i] /= rows;
            return (rowClasses, new ClassLabels(classes, counts));
        }

        private static string[] Sorted(IEnumerable<string> values, DataViewType type) =>
            type is NumberDataViewType
                ? values.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()
                : values.OrderBy(v => v, StringComparer.Ordinal).ToArray();

        private static string[] KeyNames(DataViewSchema.Column column, KeyDataViewType key)
        {
            int count = checked((int)key.Count);
            if (count == 0)
                throw new ArgumentException($"Label column '{column.Name}' is a key of unknown cardinality; conditional training needs a known key count.");
            if (KeyValueNames(column) is { } names && names.Length == count)
                return names.DenseValues().Select(n => n.ToString()).ToArray();
            // Keys without names (or with non-text names) are identified by their number.
            return Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        }

        /// <summary>A key column's KeyValues annotation when it holds text, else null.</summary>
        public static VBuffer<ReadOnlyMemory<char>>? KeyValueNames(DataViewSchema.Column column)
        {
            var annotation = column.Annotations.Schema.GetColumnOrNull(AnnotationUtils.Kinds.KeyValues);
            if (annotation?.Type is not VectorDataViewType { ItemType: TextDataViewType })
                return null;
            VBuffer<ReadOnlyMemory<char>> names = default;
            column.Annotations.GetValue(AnnotationUtils.Kinds.KeyValues, ref names);
            return names;
        }

        private static Func<ulong> KeyGetter(DataViewRow row, DataViewSchema.Column column, KeyDataViewType key)
        {
            switch (Type.GetTypeCode(key.RawType))
            {
                case TypeCode.Byte: { var g = row.GetGetter<byte>(column); byte v = 0; return () => { g(ref v); return v; }; }
                case TypeCode.UInt16: { var g = row.GetGetter<ushort>(column); ushort v = 0; return () => { g(ref v); return v; }; }
                case TypeCode.UInt32: { var g = row.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v; }; }
                default: { var g = row.GetGetter<ulong>(column); ulong v = 0; return () => { g(ref v); return v; }; }
            }
        }

        private static Func<string?> NumberGetter(DataViewRow row, DataViewSchema.Column column)
        {
            static string F(double d) => double.IsNaN(d) ? null! : d.ToString("R", CultureInfo.InvariantCulture);
            switch (Type.GetTypeCode(column.Type.RawType))
            {
                case TypeCode.Single: { var g = row.GetGetter<float>(column); float v = 0; return () => { g(ref v); return float.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture); }; }
                case TypeCode.Double: { var g = row.GetGetter<double>(column); double v = 0; return () => { g(ref v); return F(v); }; }
                case TypeCode.SByte: { var g = row.GetGetter<sbyte>(column); sbyte v = 0; return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); }; }
                case TypeCode.Byte: { var g = row.GetGetter<byte>(column); byte v = 0; return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); }; }
                case TypeCode.Int16: { var g = row.GetGetter<short>(column); short v = 0; return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); }; }
                case TypeCode.UInt16: { var g = row.GetGetter<ushort>(column); ushort v = 0; return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); }; }
                case TypeCode.Int32: { var g = row.GetGetter<int>(column); int v = 0; return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); }; }
                case TypeCode.UInt32: { var g = row.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); }; }
                case TypeCode.Int64: { var g = row.GetGetter<long>(column); long v = 0; return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); }; }
                case TypeCode.UInt64: { var g = row.GetGetter<ulong>(column); ulong v = 0; return () => { g(ref v); return v.ToString(CultureInfo.InvariantCulture); }; }
                default: throw new ArgumentException($"Label column '{column.Name}' has type {column.Type}, which is not a key, text, Boolean or number.");
            }
        }
    }
}
