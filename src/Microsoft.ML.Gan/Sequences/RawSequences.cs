using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// Sequences as read, before coding: every series' steps one after another, one double per feature (a number, NaN
    /// when missing, or a category's id in the order it was first seen), and one double per attribute per series, with
    /// each categorical column's distinct values (null: missing). <see cref="SequenceEncoding"/> fits its codings on
    /// this and encodes it.
    /// </summary>
    internal sealed class RawSequences
    {
        private readonly Dictionary<string, Distinct> _categories = new(StringComparer.Ordinal);
        private readonly List<double> _steps = new();
        private readonly List<double> _attributes = new();
        private readonly List<int> _lengths = new();

        public RawSequences(SequenceColumns columns, DataViewSchema schema)
        {
            Columns = columns;
            FeatureTypes = Array.ConvertAll(columns.Features, name => schema[name].Type);
            AttributeTypes = Array.ConvertAll(columns.Attributes, name => schema[name].Type);
        }

        public SequenceColumns Columns { get; }

        public DataViewType[] FeatureTypes { get; }

        public DataViewType[] AttributeTypes { get; }

        /// <summary>Every step's raw features, series after series.</summary>
        public IReadOnlyList<double> Steps => _steps;

        /// <summary>Every series' raw attributes.</summary>
        public IReadOnlyList<double> Attributes => _attributes;

        public IReadOnlyList<int> Lengths => _lengths;

        /// <summary>A getter of column <paramref name="name"/>'s raw value: the number, or the category's id.</summary>
        public Func<double> Getter(DataViewRow row, string name)
        {
            var column = row.Schema[name];
            if (column.Type is NumberDataViewType)
                return SequenceColumns.FeatureGetter(row, column);
            var text = LabelValues.Getter(row, column);
            var distinct = _categories[name] = new Distinct();
            return () => distinct.Id(text());
        }

        public void AddSeries(List<double> steps, double[] attributes)
        {
            _lengths.Add(steps.Count / Columns.Features.Length);
            _steps.AddRange(steps);
            _attributes.AddRange(attributes);
        }

        /// <summary>The distinct values of categorical column <paramref name="name"/> in order of their ids.</summary>
        public IReadOnlyList<string?> Seen(string name) => _categories[name].Values;

        /// <summary>A raw value of column <paramref name="name"/> as the messages show it.</summary>
        public string Show(string name, double value) =>
            _categories.TryGetValue(name, out var distinct)
                ? (distinct.Values[(int)value] is { } text ? $"'{text}'" : "a missing value")
                : double.IsNaN(value) ? "a missing value (NaN)" : value.ToString("R", CultureInfo.InvariantCulture);

        private sealed class Distinct
        {
            private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
            private int _missing = -1;

            public List<string?> Values { get; } = new();

            public double Id(string? value)
            {
                if (value is null)
                {
                    if (_missing < 0)
                    {
                        _missing = Values.Count;
                        Values.Add(null);
                    }
                    return _missing;
                }
                if (!_ids.TryGetValue(value, out int id))
                {
                    _ids.Add(value, id = Values.Count);
                    Values.Add(value);
                }
                return id;
            }
        }
    }
}
