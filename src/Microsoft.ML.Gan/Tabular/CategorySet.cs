using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The distinct values of a categorical column in a fixed order (sorted, the missing value first), as the
    /// column's own values (string for text, ulong for keys, bool, double for numbers) and as display labels.
    /// The missing value (empty text, key 0, NaN) is a category like any other, so it is learned at its rate.
    /// </summary>
    internal sealed class CategorySet
    {
        public const string MissingLabel = "(missing)";

        private readonly object[] _values;
        private readonly string[] _labels;

        public CategorySet(string column, IReadOnlyList<object> values, IReadOnlyList<string> labels, int missingIndex)
        {
            if (values.Count != labels.Count)
                throw new ArgumentException($"Column '{column}': {values.Count} values but {labels.Count} labels.", nameof(labels));
            Column = column;
            _values = values.ToArray();
            _labels = labels.ToArray();
            MissingIndex = missingIndex;
        }

        public string Column { get; }

        public int Count => _values.Length;

        /// <summary>The column's own value of each category: string, ulong (key), bool or double.</summary>
        public IReadOnlyList<object> Values => _values;

        /// <summary>What a user calls each category: the text, the key's value name (or number), True/False, the number.</summary>
        public IReadOnlyList<string> Labels => _labels;

        /// <summary>Index of the missing-value category, or -1.</summary>
        public int MissingIndex { get; }

        /// <summary>
        /// Set on the categories a model learns for a grouped column (<see cref="CategoryGrouping.Slots"/>): the kept
        /// categories and one "other" slot. Null for a column whose categories are all learned.
        /// </summary>
        public CategoryGrouping? Grouping { get; init; }

        /// <summary>Every category of the column: the grouping's when grouped, otherwise these.</summary>
        public CategorySet All => Grouping?.All ?? this;

        /// <summary>The slot (index into these categories) of category <paramref name="category"/> of <see cref="All"/>.</summary>
        public int SlotOf(int category) => Grouping?.SlotOf(category) ?? category;

        /// <summary>
        /// The index of a category given as its label or its value (a string, bool, number or key); an exact label
        /// match first, then a unique match ignoring surrounding spaces (CSV files often keep a space after commas).
        /// </summary>
        public int IndexOf(object value)
        {
            if (value is null)
                throw new ArgumentNullException(nameof(value));
            string text = value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";
            for (int i = 0; i < _labels.Length; i++)
            {
                if (_labels[i] == text || Equals(_values[i], value) || (value is not string && _values[i] is string s && s == text))
                    return i;
            }
            var trimmed = Enumerable.Range(0, _labels.Length).Where(i => _labels[i].Trim() == text.Trim()).ToList();
            if (trimmed.Count == 1)
                return trimmed[0];
            throw new ArgumentException(
                $"Column '{Column}' has no category '{text}'; its categories are: {string.Join(", ", _labels.Select(l => $"'{l}'"))}.", nameof(value));
        }
    }
}
