using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>Small mixed-type tables for the tabular tests (no files).</summary>
    internal static class TableTestData
    {
        /// <summary>A fitted tabular GAN's table decoder: its encoding, conditions and constraints.</summary>
        public static TableDecoder Table(this TabularGanTransformer model) => (TableDecoder)model.Model.Decoder;

        /// <summary>A table as a data view with its columns' own types (keys keep their key values), for reading it back.</summary>
        public static IDataView View(TableData table)
        {
            var builder = new ArrayDataViewBuilder(new MLContext(0));
            foreach (var column in table.Columns)
            {
                var values = TableDecoder.TypedValues(column);
                var type = column.Column.Type;
                if (type is KeyDataViewType key)
                {
                    var names = column.Column.KeyValues!.Value;
                    builder.AddColumn(column.Column.Name, (ref VBuffer<ReadOnlyMemory<char>> dst) => names.CopyTo(ref dst), key.Count, (uint[])values);
                    continue;
                }
                typeof(ArrayDataViewBuilder).GetMethods()
                    .Single(m => m.Name == "AddColumn" && m.IsGenericMethod && m.GetParameters().Length == 3 && m.GetParameters()[1].ParameterType == typeof(PrimitiveDataViewType)
                        && m.GetParameters()[2].ParameterType.GetElementType()!.IsGenericParameter)
                    .MakeGenericMethod(values.GetType().GetElementType()!)
                    .Invoke(builder, new object[] { column.Column.Name, (PrimitiveDataViewType)type, values });
            }
            return builder.GetDataView(table.Rows);
        }

        public sealed class MixedRow
        {
            public float Height;      // continuous, with NaN (missing)
            public double Income;     // continuous, two modes
            public int Age;           // integer
            public byte Level;        // integer, few values
            public bool Member;       // categorical
            public string City = "";  // categorical, "" is missing
            public float Constant;    // one value
        }

        public static readonly string[] Cities = { "Oslo", "Paris", "Rome", "Lima" };

        /// <summary>Rows with known structure; seeded.</summary>
        public static List<MixedRow> MixedRows(int rows, int seed = 1)
        {
            var rng = new Random(seed);
            var list = new List<MixedRow>(rows);
            for (int i = 0; i < rows; i++)
            {
                bool rich = rng.NextDouble() < 0.3;
                list.Add(new MixedRow
                {
                    Height = rng.NextDouble() < 0.1 ? float.NaN : (float)(170 + 10 * Normal(rng)),
                    Income = rich ? 100_000 + 5_000 * Normal(rng) : 20_000 + 2_000 * Normal(rng),
                    Age = 18 + rng.Next(60),
                    Level = (byte)rng.Next(1, 4),
                    Member = rng.NextDouble() < 0.25,
                    City = rng.NextDouble() < 0.05 ? "" : Cities[Math.Min(3, (int)(4 * rng.NextDouble() * rng.NextDouble() * 1.6))],
                    Constant = 7.5f,
                });
            }
            return list;
        }

        /// <summary>The mixed rows plus "CityKey": City as a key column with KeyValues names.</summary>
        public static IDataView Mixed(MLContext ml, int rows, int seed = 1)
        {
            var view = ml.Data.LoadFromEnumerable(MixedRows(rows, seed));
            return ml.Transforms.Conversion.MapValueToKey("CityKey", nameof(MixedRow.City), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                .Fit(view).Transform(view);
        }

        public static TableData Read(IDataView view, IReadOnlyList<string>? use = null, IReadOnlyCollection<string>? categorical = null) =>
            TableReader.Read(view, TableColumns.Discover(view.Schema, use, categorical));

        /// <summary>Every column shuffled on its own (seeded): the same marginals, no associations.</summary>
        public static TableData ShuffleColumns(TableData table, int seed)
        {
            var rng = new Random(seed);
            return new TableData(table.Rows, table.Columns.Select<TableColumnData, TableColumnData>(c => c switch
            {
                ContinuousColumnData k => new ContinuousColumnData(k.Column, k.Values.OrderBy(_ => rng.Next()).ToArray()),
                CategoricalColumnData k => new CategoricalColumnData(k.Column, k.Codes.OrderBy(_ => rng.Next()).ToArray(), k.Categories),
                _ => throw new InvalidOperationException(),
            }).ToList());
        }

        public static double Normal(Random rng) =>
            Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        /// <summary>A column of a view read as T values.</summary>
        public static T[] Values<T>(IDataView view, string column)
        {
            var col = view.Schema[column];
            var result = new List<T>();
            using var cursor = view.GetRowCursor(new[] { col });
            var getter = cursor.GetGetter<T>(col);
            T value = default!;
            while (cursor.MoveNext())
            {
                getter(ref value);
                result.Add(value);
            }
            return result.ToArray();
        }

        public static string[] Texts(IDataView view, string column) =>
            Values<ReadOnlyMemory<char>>(view, column).Select(m => m.ToString()).ToArray();
    }
}
