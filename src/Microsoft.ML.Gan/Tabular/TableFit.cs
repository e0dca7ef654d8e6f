using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// What every table estimator does with its input before it trains, in one place: the output schema it promises,
    /// the columns to learn, reading the table within the memory budget, the row and column checks (errors for what
    /// cannot be learned, warnings to the channel for the rest) and the constraints, with errors named after the
    /// option they concern. The model arguments name the kind of model in messages ("tabular GAN").
    /// </summary>
    internal static class TableFit
    {
        /// <summary>
        /// The input's columns with the learned columns appended, each with its own type. Throws when a column to learn
        /// is missing or of a type a table cannot learn, or a categorical column is not among them.
        /// </summary>
        public static SchemaShape OutputSchema(IExceptionContext ectx, SchemaShape inputSchema, string[]? columns, string[]? categoricalColumns)
        {
            var wanted = columns is { Length: > 0 } names
                ? names.Select(n => inputSchema.TryFindColumn(n, out var c) ? c : throw ectx.ExceptSchemaMismatch(nameof(inputSchema), "table", n)).ToList()
                : inputSchema.ToList();
            foreach (var c in wanted)
            {
                if (c.Kind != SchemaShape.Column.VectorKind.Scalar || !(c.IsKey || TableColumns.IsSupported(c.ItemType)))
                    throw ectx.ExceptSchemaMismatch(nameof(inputSchema), "table", c.Name, $"a scalar of {TableColumns.SupportedTypes}", c.GetTypeString());
            }
            foreach (var name in categoricalColumns ?? Array.Empty<string>())
            {
                if (!wanted.Any(c => c.Name == name))
                    throw ectx.ExceptParam("CategoricalColumns", $"Column '{name}' is listed as categorical but is not among the columns to learn.");
            }
            var result = inputSchema.ToDictionary(c => c.Name);
            foreach (var c in wanted)
                result[c.Name] = c;
            return new SchemaShape(result.Values);
        }

        /// <summary>The columns to learn; an unsupported column fails here, before any row is read.</summary>
        public static IReadOnlyList<TableColumn> Columns(IExceptionContext ectx, IDataView input, string[]? columns, string[]? categoricalColumns)
        {
            try
            {
                var discovered = TableColumns.Discover(input.Schema, columns, categoricalColumns);
                // A DataFrame knows its nulls; its cursor shows some of them as ordinary values (false, 0).
                if (input is Microsoft.Data.Analysis.DataFrame frame)
                    DataFrameInput.CheckNulls(frame, discovered);
                return discovered;
            }
            catch (ArgumentException e)
            {
                throw ectx.ExceptParam(nameof(input), e.Message);
            }
        }

        /// <summary>
        /// Reads and checks the table and the constraints on it. It must have <paramref name="minimumRows"/> rows
        /// (<paramref name="minimumRowsReason"/> says why). Returns the table the model learns (exact constraints built in)
        /// and the constraints.
        /// </summary>
        public static (TableData Learned, ConstraintPlan Constraints) Read(IExceptionContext ectx, IChannel ch, IDataView input,
            IReadOnlyList<TableColumn> columns, int minimumRows, string minimumRowsReason, IReadOnlyList<TableConstraint> constraints,
            long memoryBudgetBytes, string model, FitCancellation cancel)
        {
            TableData table;
            IReadOnlyList<string> warnings;
            long maxRows = memoryBudgetBytes / Math.Max(1, TableReader.BytesPerRow(columns));
            try
            {
                table = TableReader.Read(input, columns, maxRows, cancel)
                    ?? throw OverBudget(ectx, memoryBudgetBytes, model,
                        input.GetRowCount() is long n ? n.ToString(CultureInfo.InvariantCulture) : $"more than {maxRows}", columns, "");
                TableChecks.CheckRows(table, minimumRows, minimumRowsReason);
                warnings = TableChecks.Check(table);
            }
            catch (ArgumentException e) when (e.ParamName != "MemoryBudgetBytes")
            {
                throw ectx.ExceptParam(nameof(input), e.Message);
            }
            ConstraintPlan plan;
            try
            {
                plan = ConstraintPlan.Build(table, constraints);
            }
            catch (ArgumentException e)
            {
                throw ectx.ExceptParam("Constraints", e.Message);
            }
            foreach (var warning in warnings)
                ch.Warning(warning);
            if (!plan.IsEmpty)
                ch.Info(MessageSensitivity.None, $"Constraints: {string.Join(", ", plan.Describe())}; built in exactly: "
                    + $"{plan.Gaps.Count + plan.Clamps.Count}, by rejection: {plan.Orders.Count + plan.Combinations.Count}.");
            return (plan.ToLearned(table), plan);
        }

        /// <summary>Refuses an encoded table that, with the table as read, takes more than the budget.</summary>
        public static void CheckEncodedSize(IExceptionContext ectx, TableData table, IReadOnlyList<TableColumn> columns, TableEncoding encoding,
            long memoryBudgetBytes, string model)
        {
            long encodedBytes = (long)table.Rows * encoding.Width * sizeof(float);
            if (TableReader.BytesPerRow(columns) * table.Rows + encodedBytes > memoryBudgetBytes)
                throw OverBudget(ectx, memoryBudgetBytes, model, table.Rows.ToString(CultureInfo.InvariantCulture), columns,
                    $" and {encodedBytes} more encoded as {encoding.Width} values a row");
        }

        // The refusal of a table larger than the budget, with its size: it is not streamed (training holds all of it).
        private static Exception OverBudget(IExceptionContext ectx, long budget, string model, string rows, IReadOnlyList<TableColumn> columns, string encoded) =>
            ectx.ExceptParam("MemoryBudgetBytes",
                $"The table is larger than MemoryBudgetBytes ({budget} bytes): {rows} rows of {columns.Count} columns take " +
                $"{TableReader.BytesPerRow(columns)} bytes a row as read{encoded}. A {model} holds its table in memory: sample the rows first " +
                "(ml.Data.TakeRows, or a random subset) or raise MemoryBudgetBytes.");
    }
}
