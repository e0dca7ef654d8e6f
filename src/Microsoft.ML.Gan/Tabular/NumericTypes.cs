using System;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The scalar number types a table column may have, read as double and written back in their own type
    /// (rounded and clamped to the type's range for integers); dates are read and written the same way, as days
    /// (<see cref="DateValues"/>).
    /// </summary>
    internal static class NumericTypes
    {
        public static bool IsNumber(DataViewType type) =>
            type == NumberDataViewType.Single || type == NumberDataViewType.Double || IsInteger(type);

        public static bool IsInteger(DataViewType type) =>
            type == NumberDataViewType.SByte || type == NumberDataViewType.Byte
            || type == NumberDataViewType.Int16 || type == NumberDataViewType.UInt16
            || type == NumberDataViewType.Int32 || type == NumberDataViewType.UInt32
            || type == NumberDataViewType.Int64 || type == NumberDataViewType.UInt64;

        /// <summary>A getter that reads the column's current value as a double, whatever its number type (dates as days, missing as NaN).</summary>
        public static Func<double> Reader(DataViewRow row, DataViewSchema.Column column)
        {
            var t = column.Type;
            if (t is DateTimeDataViewType) return Read<DateTime>(row, column, DateValues.ToDays);
            if (t == NumberDataViewType.Single) return Read<float>(row, column, v => v);
            if (t == NumberDataViewType.Double) return Read<double>(row, column, v => v);
            if (t == NumberDataViewType.SByte) return Read<sbyte>(row, column, v => v);
            if (t == NumberDataViewType.Byte) return Read<byte>(row, column, v => v);
            if (t == NumberDataViewType.Int16) return Read<short>(row, column, v => v);
            if (t == NumberDataViewType.UInt16) return Read<ushort>(row, column, v => v);
            if (t == NumberDataViewType.Int32) return Read<int>(row, column, v => v);
            if (t == NumberDataViewType.UInt32) return Read<uint>(row, column, v => v);
            if (t == NumberDataViewType.Int64) return Read<long>(row, column, v => v);
            if (t == NumberDataViewType.UInt64) return Read<ulong>(row, column, v => v);
            throw new ArgumentException($"Column '{column.Name}' has type {t}, not a scalar number.", nameof(column));
        }

        private static Func<double> Read<T>(DataViewRow row, DataViewSchema.Column column, Func<T, double> toDouble)
        {
            var getter = row.GetGetter<T>(column);
            T value = default!;
            return () =>
            {
                getter(ref value);
                return toDouble(value);
            };
        }

        /// <summary>The values as an array of the column's own CLR type (float[], int[], ...).</summary>
        public static Array ToTyped(double[] values, DataViewType type)
        {
            if (type is DateTimeDataViewType) return Array.ConvertAll(values, DateValues.FromDays);
            if (type == NumberDataViewType.Single) return Array.ConvertAll(values, v => (float)v);
            if (type == NumberDataViewType.Double) return (double[])values.Clone();
            if (type == NumberDataViewType.SByte) return Array.ConvertAll(values, v => (sbyte)Whole(v, sbyte.MinValue, sbyte.MaxValue));
            if (type == NumberDataViewType.Byte) return Array.ConvertAll(values, v => (byte)Whole(v, byte.MinValue, byte.MaxValue));
            if (type == NumberDataViewType.Int16) return Array.ConvertAll(values, v => (short)Whole(v, short.MinValue, short.MaxValue));
            if (type == NumberDataViewType.UInt16) return Array.ConvertAll(values, v => (ushort)Whole(v, ushort.MinValue, ushort.MaxValue));
            if (type == NumberDataViewType.Int32) return Array.ConvertAll(values, v => (int)Whole(v, int.MinValue, int.MaxValue));
            if (type == NumberDataViewType.UInt32) return Array.ConvertAll(values, v => (uint)Whole(v, uint.MinValue, uint.MaxValue));
            if (type == NumberDataViewType.Int64) return Array.ConvertAll(values, v => (long)Whole(v, long.MinValue, long.MaxValue));
            if (type == NumberDataViewType.UInt64) return Array.ConvertAll(values, v => (ulong)Whole(v, 0, ulong.MaxValue));
            throw new ArgumentException($"Type {type} is not a scalar number.", nameof(type));
        }

        // Rounded and kept inside the type's range; NaN cannot occur for integer columns (they have no missing value).
        private static double Whole(double v, double min, double max) => Math.Clamp(Math.Round(v), min, max);
    }
}
