using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// A categorical column with more categories than a model learns one by one: its most frequent categories keep a
    /// slot each and the rest share one "other" slot, so the one-hot, the condition vector and the sampler are as wide
    /// as the kept categories plus one instead of every category (a 20,000-category column in 20,000 rows would
    /// otherwise encode as 20,000 × 20,000 floats). The model learns and generates slots; a generated "other" becomes
    /// one of the grouped categories drawn by their training counts (<see cref="Member"/>). The column's rows keep their
    /// own values everywhere outside the model: constraints, conditions and generated rows use <see cref="All"/>.
    /// </summary>
    internal sealed class CategoryGrouping
    {
        /// <summary>
        /// The estimators' default MaxCategories: well above the tables in the tests and benchmarks (Adult's largest column
        /// has 42 categories), and a column's one-hot within 4 KB a row.
        /// </summary>
        public const int DefaultMaxCategories = 1000;

        /// <summary>The label of the "other" slot in the model's categories (validation scores and messages).</summary>
        public const string OtherLabel = "(other)";

        private readonly int[] _slotOf;      // category of All → slot
        private readonly long[] _cumulative; // running training count over Members, for draws by frequency

        /// <param name="all">Every category of the column, in its own order.</param>
        /// <param name="counts">Training rows of each category of <paramref name="all"/>.</param>
        /// <param name="kept">The categories of <paramref name="all"/> that keep a slot each, ascending; at least one is grouped.</param>
        public CategoryGrouping(CategorySet all, int[] counts, int[] kept)
        {
            if (counts.Length != all.Count)
                throw new ArgumentException($"Column '{all.Column}' has {all.Count} categories but {counts.Length} counts.", nameof(counts));
            if (kept.Length == 0 || kept.Length >= all.Count)
                throw new ArgumentException($"Column '{all.Column}': {kept.Length} of its {all.Count} categories kept; at least one must be kept and one grouped.", nameof(kept));
            for (int i = 0; i < kept.Length; i++)
            {
                if ((uint)kept[i] >= (uint)all.Count || (i > 0 && kept[i] <= kept[i - 1]))
                    throw new ArgumentException($"Column '{all.Column}': the kept categories must be distinct indices below {all.Count} in ascending order.", nameof(kept));
            }
            All = all;
            AllCounts = counts;
            Kept = kept;
            _slotOf = new int[all.Count];
            Array.Fill(_slotOf, kept.Length);
            for (int i = 0; i < kept.Length; i++)
                _slotOf[kept[i]] = i;
            Members = Enumerable.Range(0, all.Count).Where(k => _slotOf[k] == kept.Length).ToArray();
            _cumulative = new long[Members.Length];
            long total = 0;
            for (int i = 0; i < Members.Length; i++)
                _cumulative[i] = total += counts[Members[i]];
            GroupedRows = total;
            MostFrequentMember = Members.OrderByDescending(m => counts[m]).ThenBy(m => m).First();

            // The model's categories: the kept ones, then "other" (its value is its most frequent member's, so that code
            // reading a value of the column's type from any slot gets one).
            var values = kept.Select(k => all.Values[k]).Append(all.Values[MostFrequentMember]).ToArray();
            var labels = kept.Select(k => all.Labels[k]).Append(OtherLabel).ToArray();
            Slots = new CategorySet(all.Column, values, labels, all.MissingIndex >= 0 ? _slotOf[all.MissingIndex] : -1) { Grouping = this };
            SlotCounts = kept.Select(k => counts[k]).Append((int)Math.Min(int.MaxValue, total)).ToArray();
        }

        /// <summary>Every category of the column, as it was read.</summary>
        public CategorySet All { get; }

        /// <summary>Training rows per category of <see cref="All"/>.</summary>
        public int[] AllCounts { get; }

        /// <summary>The categories of <see cref="All"/> with a slot of their own (slot i is <c>Kept[i]</c>), ascending.</summary>
        public int[] Kept { get; }

        /// <summary>The categories of <see cref="All"/> in the "other" slot, ascending.</summary>
        public int[] Members { get; }

        /// <summary>The model's categories: <see cref="Kept"/>, then the "other" slot (<see cref="OtherSlot"/>).</summary>
        public CategorySet Slots { get; }

        /// <summary>Training rows per slot of <see cref="Slots"/>.</summary>
        public int[] SlotCounts { get; }

        public int OtherSlot => Kept.Length;

        /// <summary>Training rows in the "other" slot.</summary>
        public long GroupedRows { get; }

        /// <summary>The grouped category with the most training rows (the lowest index among equals).</summary>
        public int MostFrequentMember { get; }

        /// <summary>The slot of category <paramref name="category"/> of <see cref="All"/>.</summary>
        public int SlotOf(int category) => _slotOf[category];

        /// <summary>A grouped category drawn by the training counts with <paramref name="u"/> uniform in [0, 1).</summary>
        public int Member(double u)
        {
            long target = Math.Min((long)(u * GroupedRows), GroupedRows - 1);
            // The first member whose running count exceeds the target.
            int lo = 0, hi = _cumulative.Length - 1;
            while (lo < hi)
            {
                int mid = (lo + hi) / 2;
                if (_cumulative[mid] > target)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            return Members[lo];
        }

        /// <summary>
        /// The grouping of a column with more than <paramref name="maxCategories"/> categories: the
        /// <paramref name="maxCategories"/> − 1 with the most training rows keep their slots (among equal counts the
        /// earlier category), the rest share one. Null when the column has no more categories than that.
        /// </summary>
        public static CategoryGrouping? Fit(CategorySet categories, int[] counts, int maxCategories)
        {
            if (maxCategories < 2)
                throw new ArgumentOutOfRangeException(nameof(maxCategories), maxCategories, "At least two slots: one kept category and the grouped ones.");
            if (categories.Count <= maxCategories)
                return null;
            var kept = Enumerable.Range(0, categories.Count).OrderByDescending(k => counts[k]).ThenBy(k => k).Take(maxCategories - 1).Order().ToArray();
            return new CategoryGrouping(categories, counts, kept);
        }

        /// <summary>The column as the model learns it: each row's slot.</summary>
        public CategoricalColumnData Group(CategoricalColumnData column) =>
            new(column.Column, Array.ConvertAll(column.Codes, k => _slotOf[k]), Slots);

        /// <summary>
        /// The table with every categorical column of more than <paramref name="maxCategories"/> categories grouped (none
        /// when it is null), except <paramref name="exempt"/>; each grouping is logged to <paramref name="ch"/>.
        /// </summary>
        public static TableData Apply(IChannel ch, TableData table, int? maxCategories, string? exempt)
        {
            var categorical = table.Categorical.ToList();
            var groupings = Fit(ch, categorical.Select(c => c.Categories).ToList(), categorical.Select(c => c.Counts).ToList(), table.Rows, maxCategories, exempt);
            return Group(table, groupings);
        }

        /// <summary>
        /// The groupings of categorical columns known by their categories and training counts (a streamed table's, from
        /// its statistics pass), in their order: null for a column not grouped. Each grouping is logged to <paramref name="ch"/>.
        /// </summary>
        public static CategoryGrouping?[] Fit(IChannel ch, IReadOnlyList<CategorySet> categories, IReadOnlyList<int[]> counts, long rows,
            int? maxCategories, string? exempt)
        {
            var groupings = new CategoryGrouping?[categories.Count];
            if (maxCategories is not int max)
                return groupings;
            for (int j = 0; j < categories.Count; j++)
            {
                if (categories[j].Column == exempt || Fit(categories[j], counts[j], max) is not { } grouping)
                    continue;
                groupings[j] = grouping;
                ch.Info(MessageSensitivity.None, string.Format(CultureInfo.InvariantCulture,
                    "Column '{0}' has {1} categories, more than MaxCategories = {2}: its {3} most frequent keep their own, the other {4} are learned as one " +
                    "category ({5} of {6} rows, {7:P1}) and generated by their training frequencies.",
                    categories[j].Column, categories[j].Count, max, grouping.Kept.Length, grouping.Members.Length, grouping.GroupedRows, rows,
                    rows == 0 ? 0 : (double)grouping.GroupedRows / rows));
            }
            return groupings;
        }

        /// <summary>The table with its categorical columns (in order) grouped by <paramref name="groupings"/> where not null.</summary>
        public static TableData Group(TableData table, IReadOnlyList<CategoryGrouping?> groupings)
        {
            TableColumnData[]? columns = null;
            int j = 0;
            for (int i = 0; i < table.Columns.Count; i++)
            {
                if (table.Columns[i] is not CategoricalColumnData c)
                    continue;
                if (groupings[j++] is { } grouping)
                {
                    columns ??= table.Columns.ToArray();
                    columns[i] = grouping.Group(c);
                }
            }
            return columns is null ? table : new TableData(table.Rows, columns);
        }
    }
}
