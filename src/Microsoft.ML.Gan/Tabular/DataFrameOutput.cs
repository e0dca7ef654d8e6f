using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Analysis;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Reads a table's rows into a <see cref="DataFrame"/> with each missing value as null: NaN, empty text, the default
    /// DateTime (<see cref="DateValues"/>) and key 0, the missing values a table model learns and generates. A null is
    /// what <see cref="DataFrame.SaveCsv(DataFrame, string, char, bool, System.Text.Encoding, System.Globalization.CultureInfo)"/>
    /// writes as an empty field; the DataFrame's own IDataView conversion keeps NaN and the default date as values.
    /// </summary>
    internal static class DataFrameOutput
    {
        public static DataFrame Read(IDataView data)
        {
            var visible = data.Schema.Where(c => !c.IsHidden).ToList();
            using var cursor = data.GetRowCursor(visible);
            var columns = visible.Select(c => Column(cursor, c)).ToList();
            while (cursor.MoveNext())
            {
                foreach (var (_, append) in columns)
                    append();
            }
            return new DataFrame(columns.Select(c => c.Column));
        }

        // A column and the action that appends the cursor's current value to it.
        private static (DataFrameColumn Column, Action Append) Column(DataViewRow row, DataViewSchema.Column c)
        {
            var t = c.Type;
            if (t is TextDataViewType || t is KeyDataViewType)
            {
                // Text as it is; a key as its value name (or its number without names); empty text and key 0 are null.
                var column = new StringDataFrameColumn(c.Name);
                var read = LabelValues.Getter(row, c);
                return (column, () => column.Append(read()));
            }
            if (t == NumberDataViewType.Single) return Values(row, c, new SingleDataFrameColumn(c.Name), float.IsNaN);
            if (t == NumberDataViewType.Double) return Values(row, c, new DoubleDataFrameColumn(c.Name), double.IsNaN);
            if (t is DateTimeDataViewType) return Values(row, c, new DateTimeDataFrameColumn(c.Name), v => v == default);
            if (t is BooleanDataViewType) return Values(row, c, new BooleanDataFrameColumn(c.Name), Never<bool>);
            if (t == NumberDataViewType.SByte) return Values(row, c, new SByteDataFrameColumn(c.Name), Never<sbyte>);
            if (t == NumberDataViewType.Byte) return Values(row, c, new ByteDataFrameColumn(c.Name), Never<byte>);
            if (t == NumberDataViewType.Int16) return Values(row, c, new Int16DataFrameColumn(c.Name), Never<short>);
            if (t == NumberDataViewType.UInt16) return Values(row, c, new UInt16DataFrameColumn(c.Name), Never<ushort>);
            if (t == NumberDataViewType.Int32) return Values(row, c, new Int32DataFrameColumn(c.Name), Never<int>);
            if (t == NumberDataViewType.UInt32) return Values(row, c, new UInt32DataFrameColumn(c.Name), Never<uint>);
            if (t == NumberDataViewType.Int64) return Values(row, c, new Int64DataFrameColumn(c.Name), Never<long>);
            if (t == NumberDataViewType.UInt64) return Values(row, c, new UInt64DataFrameColumn(c.Name), Never<ulong>);
            throw new ArgumentException(
                $"Column '{c.Name}' has type {t}; a DataFrame of a table takes scalar columns of {TableColumns.SupportedTypes}.", nameof(c));
        }

        private static (DataFrameColumn, Action) Values<T>(DataViewRow row, DataViewSchema.Column c, PrimitiveDataFrameColumn<T> column,
            Func<T, bool> isMissing) where T : unmanaged
        {
            var getter = row.GetGetter<T>(c);
            T value = default;
            return (column, () =>
            {
                getter(ref value);
                column.Append(isMissing(value) ? null : value);
            });
        }

        // Booleans and integers have no missing value in an IDataView.
        private static bool Never<T>(T value) => false;
    }
}
