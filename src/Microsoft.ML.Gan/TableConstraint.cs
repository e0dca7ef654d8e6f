using System;
using System.Globalization;
using System.Linq;

using Microsoft.ML.Gan.Tabular;

namespace Microsoft.ML.Gan
{
    /// <summary>The rule a <see cref="TableConstraint"/> states.</summary>
    public enum TableConstraintKind
    {
        /// <summary>One continuous column is at most another (rows where either is missing are exempt).</summary>
        LessOrEqual,
        /// <summary>A continuous column stays inside a fixed range (missing values are exempt).</summary>
        Range,
        /// <summary>Categorical columns only take combinations of values seen together in training.</summary>
        SeenCombinations,
    }

    /// <summary>
    /// A rule every generated row honours, set with <see cref="TabularGanEstimator.Options.Constraints"/>. The
    /// training table must honour it too: rows that do not are named in an error before training. Where a rule can
    /// be built into the model exactly it is: <c>A ≤ B</c> is learned as A and the gap B − A (whose generated values
    /// stay inside the training gaps, all ≥ 0), a range clamps the column's values; otherwise (a
    /// <c>A ≤ B</c> whose columns have missing values or that chains awkwardly with another, seen combinations)
    /// generated rows that break it are rejected and replaced.
    /// </summary>
    public sealed class TableConstraint
    {
        private TableConstraint(TableConstraintKind kind, string[] columns, double min, double max, bool isDate)
        {
            Kind = kind;
            Columns = columns;
            Min = min;
            Max = max;
            IsDate = isDate;
        }

        /// <summary>Which rule this is: an order between two columns, a range, or seen combinations.</summary>
        public TableConstraintKind Kind { get; }

        /// <summary>The columns the rule is on: (lower, upper), (column), or the combined columns.</summary>
        public string[] Columns { get; }

        /// <summary>Lower end of a <see cref="TableConstraintKind.Range"/> (days since 0001-01-01 for dates).</summary>
        public double Min { get; }

        /// <summary>Upper end of a <see cref="TableConstraintKind.Range"/> (days since 0001-01-01 for dates).</summary>
        public double Max { get; }

        /// <summary>Whether a range was given as dates (and so only valid on a date column).</summary>
        public bool IsDate { get; }

        /// <summary><paramref name="lower"/> ≤ <paramref name="upper"/> in every row where both are present (numbers or dates).</summary>
        public static TableConstraint LessOrEqual(string lower, string upper)
        {
            RequireName(lower, nameof(lower));
            RequireName(upper, nameof(upper));
            if (lower == upper)
                throw new ArgumentException($"A column cannot be constrained against itself ('{lower}').", nameof(upper));
            return new(TableConstraintKind.LessOrEqual, new[] { lower, upper }, double.NaN, double.NaN, false);
        }

        /// <summary><paramref name="column"/> in [<paramref name="min"/>, <paramref name="max"/>] in every row where it is present.</summary>
        public static TableConstraint Range(string column, double min, double max)
        {
            RequireName(column, nameof(column));
            if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
                throw new ArgumentException($"The range of '{column}' must be finite with min ≤ max; it was [{min}, {max}].", nameof(min));
            return new(TableConstraintKind.Range, new[] { column }, min, max, false);
        }

        /// <summary>Date <paramref name="column"/> in [<paramref name="from"/>, <paramref name="to"/>] in every row where it is present.</summary>
        public static TableConstraint Range(string column, DateTime from, DateTime to)
        {
            RequireName(column, nameof(column));
            if (from > to)
                throw new ArgumentException($"The range of '{column}' must have from ≤ to; it was [{from:O}, {to:O}].", nameof(from));
            return new(TableConstraintKind.Range, new[] { column }, DateValues.ToDays(from), DateValues.ToDays(to), true);
        }

        /// <summary>The categorical <paramref name="columns"/> (two or more) only take combinations seen in a training row.</summary>
        public static TableConstraint SeenCombinations(params string[] columns)
        {
            if (columns is null || columns.Length < 2)
                throw new ArgumentException("A combination constraint needs two or more columns.", nameof(columns));
            foreach (var c in columns)
                RequireName(c, nameof(columns));
            if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Length)
                throw new ArgumentException($"A combination constraint lists a column twice: {string.Join(", ", columns)}.", nameof(columns));
            return new(TableConstraintKind.SeenCombinations, (string[])columns.Clone(), double.NaN, double.NaN, false);
        }

        /// <summary>As the rule reads in messages, e.g. <c>Start ≤ End</c>.</summary>
        public override string ToString() => Kind switch
        {
            TableConstraintKind.LessOrEqual => $"{Columns[0]} ≤ {Columns[1]}",
            TableConstraintKind.Range when IsDate =>
                $"{Columns[0]} in [{DateValues.Format(Min)}, {DateValues.Format(Max)}]",
            TableConstraintKind.Range => string.Create(CultureInfo.InvariantCulture, $"{Columns[0]} in [{Min:G6}, {Max:G6}]"),
            _ => $"({string.Join(", ", Columns)}) seen in training",
        };

        private static void RequireName(string name, string parameter)
        {
            if (string.IsNullOrEmpty(name))
                throw new ArgumentException("A constraint needs column names.", parameter);
        }
    }
}
