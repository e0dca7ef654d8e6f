using System;
using Microsoft.Data.Analysis;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Runtime;

namespace Microsoft.ML
{
    public sealed partial class GenerativeCatalog
    {
        /// <summary>
        /// Reads every row of a table, for example a <see cref="Gan.TabularGanTransformer"/>'s generated rows, into a
        /// <see cref="DataFrame"/> whose missing values are null: NaN numbers, empty text, the default
        /// <see cref="DateTime"/> (the missing date) and key 0 (keys become their value names). <c>DataFrame.SaveCsv</c>
        /// then writes each missing value as an empty field, as <c>DataFrame.LoadCsv</c> read it. Unlike the DataFrame
        /// package's own <c>IDataView.ToDataFrame</c>, which reads 100 rows unless told otherwise and keeps NaN and
        /// the default date as values, this reads all the rows, so it is meant for tables that fit in memory.
        /// </summary>
        /// <param name="data">The rows; every visible column a scalar of a type a table can hold (numbers, Boolean,
        /// text, key, DateTime). Hidden columns are left out.</param>
        /// <returns>A DataFrame with the visible columns, in order, under their names.</returns>
        public DataFrame ToDataFrame(IDataView data)
        {
            var host = Environment.Register(nameof(ToDataFrame));
            host.CheckValue(data, nameof(data));
            try
            {
                return DataFrameOutput.Read(data);
            }
            catch (ArgumentException e)
            {
                throw host.ExceptParam(nameof(data), e.Message);
            }
        }
    }
}
