using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The table constraints as a model applies them (column positions are table positions). Exact ones change what
    /// is learned: an <see cref="Gap"/> replaces the upper column by upper − lower before training and rebuilds it
    /// after generation, clamped to the upper column's training range (which keeps lower ≤ upper, since every
    /// training row had it); a <see cref="Clamp"/> keeps a column inside its fixed range. The others
    /// (<see cref="Order"/>, <see cref="Combination"/>) reject generated rows that break them.
    /// </summary>
    internal sealed class ConstraintPlan
    {
        /// <summary>Training rows named in a violation message.</summary>
        private const int RowsNamed = 5;

        public sealed record Gap(int Lower, int Upper, double UpperMin, double UpperMax);

        public sealed record Order(int Lower, int Upper);

        public sealed record Clamp(int Column, double Min, double Max);

        public sealed record Combination(int[] Columns, HashSet<string> Seen);

        public ConstraintPlan(IReadOnlyList<string> columnNames, IReadOnlyList<Gap> gaps, IReadOnlyList<Order> orders,
            IReadOnlyList<Clamp> clamps, IReadOnlyList<Combination> combinations)
        {
            ColumnNames = columnNames;
            Gaps = gaps;
            Orders = orders;
            Clamps = clamps;
            Combinations = combinations;
        }

        public IReadOnlyList<string> ColumnNames { get; }
        public IReadOnlyList<Gap> Gaps { get; }
        public IReadOnlyList<Order> Orders { get; }
        public IReadOnlyList<Clamp> Clamps { get; }
        public IReadOnlyList<Combination> Combinations { get; }

        public bool IsEmpty => Gaps.Count + Orders.Count + Clamps.Count + Combinations.Count == 0;

        /// <summary>Whether some generated rows may have to be rejected.</summary>
        public bool Rejects => Orders.Count + Combinations.Count > 0;

        public static ConstraintPlan None(IReadOnlyList<string> columnNames) =>
            new(columnNames, Array.Empty<Gap>(), Array.Empty<Order>(), Array.Empty<Clamp>(), Array.Empty<Combination>());

        /// <summary>
        /// Checks the constraints against the table's columns and rows (an error names the first breaking rows) and
        /// decides which are built in exactly.
        /// </summary>
        public static ConstraintPlan Build(TableData table, IReadOnlyList<TableConstraint>? constraints)
        {
            var names = table.Columns.Select(c => c.Column.Name).ToArray();
            var gaps = new List<Gap>();
            var orders = new List<Order>();
            var clamps = new List<Clamp>();
            var combinations = new List<Combination>();
            foreach (var constraint in constraints ?? Array.Empty<TableConstraint>())
            {
                if (constraint is null)
                    throw new ArgumentException("The list of constraints holds a null.", nameof(constraints));
                switch (constraint.Kind)
                {
                    case TableConstraintKind.LessOrEqual:
                    {
                        var lower = Continuous(table, constraint, 0);
                        var upper = Continuous(table, constraint, 1);
                        if (lower.Column.IsDate != upper.Column.IsDate)
                            throw new ArgumentException($"Constraint {constraint}: '{lower.Column.Name}' and '{upper.Column.Name}' must both be dates or both be numbers.", nameof(constraints));
                        CheckRows(table.Rows, constraint, r => !(lower.Values[r] > upper.Values[r]));
                        int l = IndexOf(names, lower), u = IndexOf(names, upper);
                        // Exact only when the gap is defined on every row and rebuilding stays ordered: the upper column is
                        // not rebuilt twice and is no other gap's base.
                        bool exact = !lower.HasMissing && !upper.HasMissing
                            && !gaps.Any(g => g.Upper == u || g.Lower == u);
                        if (exact)
                            gaps.Add(new Gap(l, u, upper.Min, upper.Max));
                        else
                            orders.Add(new Order(l, u));
                        break;
                    }
                    case TableConstraintKind.Range:
                    {
                        var column = Continuous(table, constraint, 0);
                        if (column.Column.IsDate != constraint.IsDate)
                            throw new ArgumentException(column.Column.IsDate
                                ? $"Constraint {constraint}: '{column.Column.Name}' is a date column; give the range as dates."
                                : $"Constraint {constraint}: '{column.Column.Name}' is not a date column; give the range as numbers.", nameof(constraints));
                        CheckRows(table.Rows, constraint, r => !(column.Values[r] < constraint.Min || column.Values[r] > constraint.Max));
                        clamps.Add(new Clamp(IndexOf(names, column), constraint.Min, constraint.Max));
                        break;
                    }
                    case TableConstraintKind.SeenCombinations:
                    {
                        var columns = constraint.Columns.Select(c => Categorical(table, constraint, c)).ToArray();
                        var seen = new HashSet<string>(StringComparer.Ordinal);
                        for (int r = 0; r < table.Rows; r++)
                            seen.Add(Key(columns.Select(c => c.Codes[r])));
                        combinations.Add(new Combination(columns.Select(c => IndexOf(names, c)).ToArray(), seen));
                        break;
                    }
                }
            }
            return new ConstraintPlan(names, gaps, orders, clamps, combinations);
        }

        /// <summary>The table as the model learns it: each gap's upper column replaced by upper − lower.</summary>
        public TableData ToLearned(TableData table)
        {
            if (Gaps.Count == 0)
                return table;
            var columns = table.Columns.ToArray();
            // Gaps are taken from the original values, so a chain A ≤ B ≤ C learns B − A and C − B.
            foreach (var g in Gaps)
            {
                var lower = (ContinuousColumnData)table.Columns[g.Lower];
                var upper = (ContinuousColumnData)table.Columns[g.Upper];
                var gap = new double[table.Rows];
                for (int r = 0; r < gap.Length; r++)
                    gap[r] = upper.Values[r] - lower.Values[r];
                columns[g.Upper] = new ContinuousColumnData(upper.Column, gap);
            }
            return new TableData(table.Rows, columns);
        }

        /// <summary>Learned (generated) rows back to the table's form: gaps rebuilt in order, then every clamp applied.</summary>
        public TableData ToOutput(TableData learned)
        {
            if (Gaps.Count == 0 && Clamps.Count == 0)
                return learned;
            var values = new Dictionary<int, double[]>();
            double[] Values(int column) => values.TryGetValue(column, out var v) ? v
                : values[column] = (double[])((ContinuousColumnData)learned.Columns[column]).Values.Clone();
            foreach (var g in Gaps)
            {
                var lower = Values(g.Lower);
                var upper = Values(g.Upper);
                for (int r = 0; r < upper.Length; r++)
                    upper[r] = Math.Clamp(lower[r] + upper[r], g.UpperMin, g.UpperMax);
            }
            foreach (var c in Clamps)
            {
                var column = Values(c.Column);
                for (int r = 0; r < column.Length; r++)
                    column[r] = double.IsNaN(column[r]) ? double.NaN : Math.Clamp(column[r], c.Min, c.Max);
            }
            var columns = learned.Columns.ToArray();
            foreach (var (index, v) in values)
                columns[index] = new ContinuousColumnData(learned.Columns[index].Column, v);
            return new TableData(learned.Rows, columns);
        }

        /// <summary>Clears <paramref name="keep"/> for the rows that break a rejecting constraint.</summary>
        public void Filter(TableData rows, bool[] keep)
        {
            foreach (var o in Orders)
            {
                var lower = ((ContinuousColumnData)rows.Columns[o.Lower]).Values;
                var upper = ((ContinuousColumnData)rows.Columns[o.Upper]).Values;
                for (int r = 0; r < rows.Rows; r++)
                    keep[r] &= !(lower[r] > upper[r]);
            }
            foreach (var c in Combinations)
            {
                var codes = c.Columns.Select(i => ((CategoricalColumnData)rows.Columns[i]).Codes).ToArray();
                for (int r = 0; r < rows.Rows; r++)
                {
                    if (keep[r])
                        keep[r] = c.Seen.Contains(Key(codes.Select(k => k[r])));
                }
            }
        }

        /// <summary>
        /// The range generated values of a continuous column can take, given its training range: a gap's upper
        /// column has its own training range; clamps narrow it.
        /// </summary>
        public (double Min, double Max) OutputRange(int column, double min, double max)
        {
            foreach (var g in Gaps.Where(g => g.Upper == column))
                (min, max) = (g.UpperMin, g.UpperMax);
            foreach (var c in Clamps.Where(c => c.Column == column))
                (min, max) = (Math.Max(min, c.Min), Math.Min(max, c.Max));
            return (min, max);
        }

        /// <summary>The constraints as they read in messages.</summary>
        public IEnumerable<string> Describe() =>
            Gaps.Select(g => $"{ColumnNames[g.Lower]} ≤ {ColumnNames[g.Upper]}")
                .Concat(Orders.Select(o => $"{ColumnNames[o.Lower]} ≤ {ColumnNames[o.Upper]}"))
                .Concat(Clamps.Select(c => string.Create(CultureInfo.InvariantCulture, $"{ColumnNames[c.Column]} in [{c.Min:G6}, {c.Max:G6}]")))
                .Concat(Combinations.Select(c => $"({string.Join(", ", c.Columns.Select(i => ColumnNames[i]))}) seen in training"));

        /// <summary>The key of a combination of category codes.</summary>
        public static string Key(IEnumerable<int> codes) => string.Join(",", codes.Select(c => c.ToString(CultureInfo.InvariantCulture)));

        private static void CheckRows(int rows, TableConstraint constraint, Func<int, bool> holds)
        {
            var broken = new List<int>();
            int count = 0;
            for (int r = 0; r < rows; r++)
            {
                if (holds(r))
                    continue;
                count++;
                if (broken.Count < RowsNamed)
                    broken.Add(r);
            }
            if (count > 0)
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture,
                    "Constraint {0} is broken by {1} training row(s): {2}{3} (row indices from 0). The training table must honour every constraint; fix or drop those rows, or drop the constraint.",
                    constraint, count, string.Join(", ", broken), count > broken.Count ? ", ..." : ""), "constraints");
        }

        private static ContinuousColumnData Continuous(TableData table, TableConstraint constraint, int position)
        {
            var column = Column(table, constraint, constraint.Columns[position]);
            return column as ContinuousColumnData ?? throw new ArgumentException(
                $"Constraint {constraint}: column '{column.Column.Name}' is categorical; this constraint needs a continuous (number or date) column.", "constraints");
        }

        private static CategoricalColumnData Categorical(TableData table, TableConstraint constraint, string name)
        {
            var column = Column(table, constraint, name);
            return column as CategoricalColumnData ?? throw new ArgumentException(
                $"Constraint {constraint}: column '{name}' is continuous; combinations need categorical columns.", "constraints");
        }

        private static TableColumnData Column(TableData table, TableConstraint constraint, string name) =>
            table.Columns.FirstOrDefault(c => c.Column.Name == name) ?? throw new ArgumentException(
                $"Constraint {constraint}: column '{name}' is not among the columns to learn: {string.Join(", ", table.Columns.Select(c => c.Column.Name))}.", "constraints");

        private static int IndexOf(string[] names, TableColumnData column) => Array.IndexOf(names, column.Column.Name);
    }
}
