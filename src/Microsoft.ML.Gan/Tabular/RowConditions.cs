using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// Generation conditions resolved against a model: at most one category is steered through the generator's
    /// condition vector (the one with the fewest training rows, so that rejection spends its blocks on the
    /// commoner conditions), every condition is then checked on the generated rows, which are kept only if they
    /// satisfy them all. Column positions are table positions, categories those of the column's
    /// <see cref="CategorySet.All"/>. A category of a grouped column's "other" slot (<see cref="CategoryGrouping"/>) is
    /// steered to through that slot and given to the rows generated in it (<see cref="Assign"/>).
    /// </summary>
    internal sealed class RowConditions
    {
        private readonly List<(int Column, int Category)> _categories = new();
        private readonly List<(int Column, double Min, double Max)> _ranges = new();
        private readonly List<(int Column, int Category)> _assigned = new();

        private RowConditions(string description) => Description = description;

        public static RowConditions None { get; } = new("");

        /// <summary>The condition-vector slot to generate with, or null to draw conditions by training frequency.</summary>
        public int? SteerSlot { get; private set; }

        /// <summary>The conditions as they read in messages.</summary>
        public string Description { get; }

        public bool IsEmpty => _categories.Count == 0 && _ranges.Count == 0;

        /// <summary>Checks every condition against the model and fails, naming it, on one that no row can satisfy.</summary>
        public static RowConditions Resolve(TableEncoding encoding, GenerationConditions conditions, ConstraintPlan constraints,
            IReadOnlyList<TableCondition> asked)
        {
            var resolved = new RowConditions(string.Join(", ", asked.Select(c => c.ToString())));
            var categorical = encoding.Columns.Where(c => c.IsCategorical).Select(c => c.Column.Name).ToList();
            var steer = new List<(int Column, int Position, int Category, int Slot)>();
            foreach (var condition in asked)
            {
                int column = IndexOf(encoding, condition.Column, categorical);
                var encoded = encoding.Columns[column];
                if (condition.IsCategory)
                {
                    if (!encoded.IsCategorical)
                        throw new ArgumentException(
                            $"Cannot condition on {condition}: '{condition.Column}' is continuous; ask for a range with TableCondition.Between. The categorical columns are: {string.Join(", ", categorical)}.",
                            "conditions");
                    var slots = encoded.Categories!;
                    int position = conditions.PositionOf(condition.Column);
                    int category = slots.All.IndexOf(condition.Value!);
                    int slot = slots.SlotOf(category);
                    foreach (var other in steer.Where(s => s.Column == column && s.Category != category))
                        throw Impossible(resolved, $"'{condition.Column}' cannot be both '{slots.All.Labels[other.Category]}' and '{slots.All.Labels[category]}'");
                    steer.Add((column, position, category, slot));
                    resolved._categories.Add((column, category));
                    if (slots.Grouping is { } grouping && slot == grouping.OtherSlot)
                        resolved._assigned.Add((column, category));
                }
                else
                {
                    if (encoded.Normalizer is not { } normalizer)
                        throw new ArgumentException($"Cannot condition on {condition}: '{condition.Column}' is categorical; ask for one of its categories with TableCondition.Equal.", "conditions");
                    if (encoded.Column.IsDate != condition.IsDate)
                        throw new ArgumentException(encoded.Column.IsDate
                            ? $"Cannot condition on {condition}: '{condition.Column}' is a date column; give the range as dates."
                            : $"Cannot condition on {condition}: '{condition.Column}' is not a date column; give the range as numbers.", "conditions");
                    resolved._ranges.Add((column, condition.Min, condition.Max));
                }
            }
            resolved.CheckSatisfiable(encoding, constraints);
            // The rarest category asked for goes through the condition vector; the others are left to rejection.
            if (steer.Count > 0)
            {
                var rarest = steer.OrderBy(s => conditions.Counts[s.Position][s.Slot]).ThenBy(s => s.Column).First();
                resolved.SteerSlot = conditions.Slot(rarest.Position, rarest.Slot);
            }
            return resolved;
        }

        /// <summary>
        /// Gives the grouped categories asked for to the rows of a freshly decoded block generated in their column's "other"
        /// slot (before <see cref="Filter"/>, which then keeps them): such a row is as likely for any of the slot's categories.
        /// </summary>
        public void Assign(TableDecoder decoder, Generation.DecodedRows rows)
        {
            foreach (var (column, category) in _assigned)
                decoder.Assign(rows, column, category);
        }

        /// <summary>Clears <paramref name="keep"/> for the rows that miss a condition.</summary>
        public void Filter(TableData rows, bool[] keep)
        {
            foreach (var (column, category) in _categories)
            {
                var codes = ((CategoricalColumnData)rows.Columns[column]).Codes;
                for (int r = 0; r < rows.Rows; r++)
                    keep[r] &= codes[r] == category;
            }
            foreach (var (column, min, max) in _ranges)
            {
                var values = ((ContinuousColumnData)rows.Columns[column]).Values;
                for (int r = 0; r < rows.Rows; r++)
                    keep[r] &= values[r] >= min && values[r] <= max;
            }
        }

        // Ranges against what the column can generate (its training range, narrowed by constraints; whole numbers for
        // an integer column), and asked categories against the combinations a constraint allows.
        private void CheckSatisfiable(TableEncoding encoding, ConstraintPlan constraints)
        {
            foreach (var group in _ranges.GroupBy(r => r.Column))
            {
                var normalizer = encoding.Columns[group.Key].Normalizer!;
                var (min, max) = constraints.OutputRange(group.Key, normalizer.Min, normalizer.Max);
                double low = Math.Max(min, group.Max(r => r.Min)), high = Math.Min(max, group.Min(r => r.Max));
                bool whole = normalizer.IsInteger && !constraints.Gaps.Any(g => g.Upper == group.Key);
                if (low > high || (whole && Math.Ceiling(low) > Math.Floor(high)))
                    throw Impossible(this, string.Create(CultureInfo.InvariantCulture,
                        $"'{encoding.Columns[group.Key].Column.Name}' only takes {(whole ? "whole " : "")}values in [{Show(encoding, group.Key, min)}, {Show(encoding, group.Key, max)}]"));
            }
            foreach (var combination in constraints.Combinations)
            {
                var asked = combination.Columns.Select(c => _categories.Where(k => k.Column == c).Select(k => (int?)k.Category).FirstOrDefault()).ToArray();
                if (asked.All(a => a.HasValue) && !combination.Seen.Contains(ConstraintPlan.Key(asked.Select(a => a!.Value))))
                    throw Impossible(this, $"that combination of {string.Join(", ", combination.Columns.Select(c => encoding.Columns[c].Column.Name))} never occurs in training and a constraint allows only those that do");
            }
        }

        private static string Show(TableEncoding encoding, int column, double value) =>
            encoding.Columns[column].Column.IsDate
                ? DateValues.Format(value)
                : value.ToString("G6", CultureInfo.InvariantCulture);

        private static int IndexOf(TableEncoding encoding, string name, IReadOnlyList<string> categorical)
        {
            for (int i = 0; i < encoding.Columns.Count; i++)
                if (encoding.Columns[i].Column.Name == name) return i;
            throw new ArgumentException(
                $"Cannot condition on '{name}': it is not a column of the table; the columns are: {string.Join(", ", encoding.Columns.Select(c => c.Column.Name))} "
                + $"(the categorical columns are: {string.Join(", ", categorical)}).", "conditions");
        }

        private static ArgumentException Impossible(RowConditions conditions, string why) =>
            new($"No row can satisfy {conditions.Description}: {why}.", "conditions");
    }
}
