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
            long memoryBudgetBytes, string model, FitCancellation cancel) =>
            TryRead(ectx, ch, input, columns, minimumRows, minimumRowsReason, constraints, memoryBudgetBytes, cancel)
                ?? throw OverBudget(ectx, memoryBudgetBytes, model, RowsAsRead(input, memoryBudgetBytes, columns), columns, "");

        /// <summary>
        /// <see cref="Read"/>, or null when the table as read takes more than <paramref name="memoryBudgetBytes"/>
        /// (read no further than that) and is to be streamed. With <paramref name="encoded"/> (the share that trains,
        /// 1 - ValidationFraction, and the grouping of categories), the read also gives up as soon as the table is sure not
        /// to fit once encoded (<see cref="TableReader"/>), so that a table is not read whole only to be streamed.
        /// </summary>
        public static (TableData Learned, ConstraintPlan Constraints)? TryRead(IExceptionContext ectx, IChannel ch, IDataView input,
            IReadOnlyList<TableColumn> columns, int minimumRows, string minimumRowsReason, IReadOnlyList<TableConstraint> constraints,
            long memoryBudgetBytes, FitCancellation cancel, (double TrainShare, int? MaxCategories, string? Exempt)? encoded = null)
        {
            TableData? table;
            IReadOnlyList<string> warnings;
            try
            {
                table = TableReader.Read(input, columns, MaxRows(memoryBudgetBytes, columns),
                    encoded is var (share, maxCategories, exempt) ? (memoryBudgetBytes, share, maxCategories, exempt) : null, cancel);
                if (table is null)
                    return null;
                TableChecks.CheckRows(table, minimumRows, minimumRowsReason);
                warnings = TableChecks.Check(table);
            }
            catch (ArgumentException e) when (e.ParamName != "MemoryBudgetBytes")
            {
                throw ectx.ExceptParam(nameof(input), e.Message);
            }
            return Constrain(ectx, ch, table, constraints, warnings);
        }

        /// <summary>
        /// The constraints built on <paramref name="table"/> (the whole table, or a streamed table's sample), the
        /// warnings and the constraints reported (unless <paramref name="report"/> is false: a table read whole, then
        /// streamed, has been reported once), and the table as the model learns it.
        /// </summary>
        public static (TableData Learned, ConstraintPlan Constraints) Constrain(IExceptionContext ectx, IChannel ch, TableData table,
            IReadOnlyList<TableConstraint> constraints, IReadOnlyList<string> warnings, bool report = true)
        {
            ConstraintPlan plan;
            try
            {
                plan = ConstraintPlan.Build(table, constraints);
            }
            catch (ArgumentException e)
            {
                throw ectx.ExceptParam("Constraints", e.Message);
            }
            if (!report)
                return (plan.ToLearned(table), plan);
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
            if (!FitsEncoded(table, columns, encoding, memoryBudgetBytes))
                throw OverBudget(ectx, memoryBudgetBytes, model, table.Rows.ToString(CultureInfo.InvariantCulture), columns, EncodedSize(table, encoding));
        }

        /// <summary>Whether the table as read and encoded takes no more than the budget.</summary>
        public static bool FitsEncoded(TableData table, IReadOnlyList<TableColumn> columns, TableEncoding encoding, long memoryBudgetBytes) =>
            TableReader.BytesPerRow(columns) * table.Rows + (long)table.Rows * encoding.Width * sizeof(float) <= memoryBudgetBytes;

        /// <summary>What the table takes as read (and encoded, when known), as messages say it.</summary>
        public static string Size(string rows, IReadOnlyList<TableColumn> columns, string encoded) =>
            $"{rows} rows of {columns.Count} columns take {TableReader.BytesPerRow(columns)} bytes a row as read{encoded}";

        // The rows of a table found too large to read: its row count, when the view knows it.
        private static string RowsAsRead(IDataView input, long memoryBudgetBytes, IReadOnlyList<TableColumn> columns) =>
            input.GetRowCount() is long n ? n.ToString(CultureInfo.InvariantCulture) : $"more than {MaxRows(memoryBudgetBytes, columns)}";

        /// <summary>The encoded size of a table read whole, as messages say it.</summary>
        public static string EncodedSize(TableData table, TableEncoding encoding) =>
            $" and {(long)table.Rows * encoding.Width * sizeof(float)} more encoded as {encoding.Width} values a row";

        private static long MaxRows(long memoryBudgetBytes, IReadOnlyList<TableColumn> columns) =>
            memoryBudgetBytes / Math.Max(1, TableReader.BytesPerRow(columns));

        // The refusal of a table larger than the budget, with its size, by a model that holds its table in memory.
        private static Exception OverBudget(IExceptionContext ectx, long budget, string model, string rows, IReadOnlyList<TableColumn> columns, string encoded) =>
            ectx.ExceptParam("MemoryBudgetBytes",
                $"The table is larger than MemoryBudgetBytes ({budget} bytes): {Size(rows, columns, encoded)}. A {model} holds its table in memory " +
                "(a tabular GAN streams a table this large): sample the rows first (ml.Data.TakeRows, or a random subset) or raise MemoryBudgetBytes.");
    }
}
