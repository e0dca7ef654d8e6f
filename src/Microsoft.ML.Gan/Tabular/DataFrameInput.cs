using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.Analysis;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The one thing a <see cref="DataFrame"/> says about its rows that its <see cref="ML.IDataView"/> face loses:
    /// which values are null. Its cursor reads a null float or double as NaN, a null string as empty text and a null
    /// DateTime as <c>default(DateTime)</c>, which are the missing values a table model learns; a null Boolean, integer
    /// or char it reads as false or 0, an ordinary value. Such a column is refused here, before anything is read, rather
    /// than learned with its blanks turned into data (docs/ARCHITECTURE.md, fact 1).
    /// </summary>
    internal static class DataFrameInput
    {
        /// <summary>
        /// Throws <see cref="ArgumentException"/> naming the first learned column of <paramref name="frame"/> that holds nulls
        /// a cursor cannot show; <paramref name="columns"/> are the columns to learn.
        /// </summary>
        public static void CheckNulls(DataFrame frame, IReadOnlyList<TableColumn> columns)
        {
            foreach (var column in columns)
            {
                int index = frame.Columns.IndexOf(column.Name);
                if (index < 0)
                    continue;
                var dataFrameColumn = frame.Columns[index];
                if (dataFrameColumn.NullCount == 0 || KeepsNulls(dataFrameColumn.DataType))
                    continue;
                bool isBool = dataFrameColumn.DataType == typeof(bool);
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "Column '{0}' of the DataFrame is {1} with {2} empty values, which an IDataView reads as {3}: they would be learned as data. "
                    + "{4} (see the user guide, 'A table from a CSV file').",
                    column.Name, dataFrameColumn.DataType.Name, dataFrameColumn.NullCount, isBool ? "false" : "0",
                    isBool
                        ? "Turn the column into text (True, False and empty, which is learned as missing and written back empty), or fill its empty values (FillNulls)."
                        : "Load it as Single or Double (DataFrame.LoadCsv's default for numbers), where an empty value is NaN, the missing number, or fill its empty values (FillNulls)."),
                    nameof(frame));
            }
        }

        // The types whose cursor getter turns null into the missing value the table model knows (NaN, empty text, the default date).
        private static bool KeepsNulls(Type type) =>
            type == typeof(float) || type == typeof(double) || type == typeof(decimal) || type == typeof(string) || type == typeof(DateTime);
    }
}
