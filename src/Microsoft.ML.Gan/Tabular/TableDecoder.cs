using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Randomness;
using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// A table's decoder: the generator's rows (tanh offsets and hard one-hots) back to the table's own columns and
    /// types (numbers in their original type, Boolean, text, keys with their KeyValues names), with the constraints'
    /// exact parts rebuilt; rows that break a rejecting constraint, or miss the category their slot asked for, are not
    /// accepted. A grouped column's "other" slot (<see cref="CategoryGrouping"/>) becomes one of its grouped categories,
    /// drawn by their training counts with the row's own draw, so decoded rows hold every column's own categories.
    /// </summary>
    internal sealed class TableDecoder : RowDecoder
    {
        private readonly GeneratedColumn[] _columns;
        private readonly int[] _categoricalColumns; // position among the categorical columns → table column
        private readonly bool _ownsConditions;
        private readonly (int Column, CategoryGrouping Grouping)[] _grouped; // table column of each grouped column, in order

        /// <param name="encoding">The table's encoding.</param>
        /// <param name="conditions">The categorical columns, their categories and training counts.</param>
        /// <param name="constraints">The constraints every generated row honours.</param>
        /// <param name="ownsConditions">True when <paramref name="conditions"/> is not also the model's condition layout (a
        /// model without a condition vector): the decoder then frees it.</param>
        public TableDecoder(TableEncoding encoding, GenerationConditions conditions, ConstraintPlan constraints, bool ownsConditions = false)
        {
            Encoding = encoding;
            Conditions = conditions;
            Constraints = constraints;
            _ownsConditions = ownsConditions;
            _columns = encoding.Columns.Select(c => new GeneratedColumn(c.Column.Name, c.Column.Type, Annotations(c.Column))).ToArray();
            _categoricalColumns = Enumerable.Range(0, encoding.Columns.Count).Where(i => encoding.Columns[i].IsCategorical).ToArray();
            _grouped = _categoricalColumns.Where(i => encoding.Columns[i].Categories!.Grouping is not null)
                .Select(i => (i, encoding.Columns[i].Categories!.Grouping!)).ToArray();
        }

        /// <summary>A table's generator model: rows in blocks of <see cref="RowBlocks.Table"/>.</summary>
        public static GeneratorModel Model(Sequential network, TabularNetworkSpec spec, TableEncoding encoding, GenerationConditions conditions,
            ConstraintPlan constraints) =>
            new(network, spec, conditions, new TableDecoder(encoding, conditions, constraints), RowBlocks.Table);

        /// <summary>
        /// A table's generator model without a condition vector (<see cref="ConditionLayout.None"/>): the categories and
        /// their counts are kept for conditions on generated rows and for saving; generation with conditions is by rejection alone.
        /// </summary>
        public static GeneratorModel Unconditional(Sequential network, NetworkSpec spec, TableEncoding encoding, GenerationConditions conditions,
            ConstraintPlan constraints) =>
            new(network, spec, ConditionLayout.None, new TableDecoder(encoding, conditions, constraints, ownsConditions: true), RowBlocks.Table);

        public TableEncoding Encoding { get; }

        public GenerationConditions Conditions { get; }

        /// <summary>The constraints every generated row honours.</summary>
        public ConstraintPlan Constraints { get; }

        public override IReadOnlyList<GeneratedColumn> Columns => _columns;

        /// <summary>One draw per grouped column: which grouped category a generated "other" becomes.</summary>
        public override int DrawsPerRow => _grouped.Length;

        public override DecodedRows Decode(float[] values, int rows, int[]? slots) => Decode(values, rows, slots, null);

        public override DecodedRows Decode(float[] values, int rows, int[]? slots, double[]? draws)
        {
            var table = Constraints.ToOutput(Ungroup(Encoding.Decode(values, rows), draws));
            var stores = new ColumnStore[table.Columns.Count];
            for (int i = 0; i < stores.Length; i++)
                stores[i] = Store(table.Columns[i]);
            return new DecodedRows(rows, stores, slots) { Source = table };
        }

        public override bool Rejects(bool slotsAreRequests) => slotsAreRequests || Constraints.Rejects;

        public override bool[] Accepted(DecodedRows rows, bool slotsAreRequests)
        {
            var table = (TableData)rows.Source!;
            var keep = new bool[rows.Count];
            Array.Fill(keep, true);
            Constraints.Filter(table, keep);
            if (slotsAreRequests)
            {
                for (int r = 0; r < keep.Length; r++)
                {
                    var (column, category) = Conditions.At(rows.Slots![r]);
                    keep[r] &= Conditions.Columns[column].SlotOf(((CategoricalColumnData)table.Columns[_categoricalColumns[column]]).Codes[r]) == category;
                }
            }
            return keep;
        }

        public override void Dispose()
        {
            if (_ownsConditions)
                Conditions.Dispose();
        }

        /// <summary>The decoded rows' table (a freshly decoded block's).</summary>
        public static TableData Table(DecodedRows rows) => (TableData)rows.Source!;

        /// <summary>
        /// Gives grouped category <paramref name="category"/> (of the column's <see cref="CategorySet.All"/>) to the rows of a
        /// freshly decoded block whose generated value is in the "other" slot: a condition on a grouped category is met by
        /// the slot, and the condition says which of its categories the row has.
        /// </summary>
        public void Assign(DecodedRows rows, int column, int category)
        {
            var grouping = Encoding.Columns[column].Categories!.Grouping
                ?? throw new ArgumentException($"Column '{Encoding.Columns[column].Column.Name}' is not grouped.", nameof(column));
            var data = (CategoricalColumnData)Table(rows).Columns[column];
            var value = Store(new CategoricalColumnData(data.Column, new[] { category }, grouping.All));
            for (int r = 0; r < rows.Count; r++)
            {
                if (grouping.SlotOf(data.Codes[r]) == grouping.OtherSlot)
                {
                    data.Codes[r] = category;
                    rows.Columns[column].CopyRow(r, value, 0);
                }
            }
        }

        // Grouped columns from their slots back to their own categories: a kept slot is its category, "other" the grouped
        // category the row's draw picks by training counts (the most frequent one without draws, as a category without
        // noise is its most likely one).
        private TableData Ungroup(TableData learned, double[]? draws)
        {
            if (_grouped.Length == 0)
                return learned;
            var columns = learned.Columns.ToArray();
            for (int g = 0; g < _grouped.Length; g++)
            {
                var (index, grouping) = _grouped[g];
                var slots = ((CategoricalColumnData)learned.Columns[index]).Codes;
                var codes = new int[slots.Length];
                for (int r = 0; r < codes.Length; r++)
                {
                    codes[r] = slots[r] != grouping.OtherSlot ? grouping.Kept[slots[r]]
                        : draws is null ? grouping.MostFrequentMember
                        : grouping.Member(draws[(long)r * _grouped.Length + g]);
                }
                columns[index] = new CategoricalColumnData(learned.Columns[index].Column, codes, grouping.All);
            }
            return new TableData(learned.Rows, columns);
        }

        private static DataViewSchema.Annotations? Annotations(TableColumn column)
        {
            if (column.KeyValues is not { } names)
                return null;
            var annotations = new DataViewSchema.Annotations.Builder();
            ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> value) => names.CopyTo(ref value);
            annotations.Add(AnnotationUtils.Kinds.KeyValues, new VectorDataViewType(TextDataViewType.Instance, names.Length), getter);
            return annotations.ToAnnotations();
        }

        // One column's values in its own CLR type, as a store of that type.
        private static ColumnStore Store(TableColumnData data)
        {
            var values = TypedValues(data);
            var store = typeof(ScalarStore<>).MakeGenericType(values.GetType().GetElementType()!);
            return (ColumnStore)Activator.CreateInstance(store, values)!;
        }

        /// <summary>A column's values as an array of its own CLR type (the type its getters give).</summary>
        public static Array TypedValues(TableColumnData data) => data switch
        {
            ContinuousColumnData c => NumericTypes.ToTyped(c.Values, c.Column.Type),
            CategoricalColumnData c => Categorical(c),
            _ => throw new ArgumentException($"Column '{data.Column.Name}' is of an unknown kind.", nameof(data)),
        };

        // The category values back in the column's own CLR type.
        private static Array Categorical(CategoricalColumnData c)
        {
            var type = c.Column.Type;
            var values = c.Categories.Values;
            var codes = c.Codes;
            if (type is TextDataViewType)
                return Array.ConvertAll(codes, k => ((string)values[k]).AsMemory());
            if (type is BooleanDataViewType)
                return Array.ConvertAll(codes, k => (bool)values[k]);
            if (type is KeyDataViewType key)
            {
                var raw = key.RawType;
                if (raw == typeof(uint)) return Array.ConvertAll(codes, k => (uint)(ulong)values[k]);
                if (raw == typeof(ulong)) return Array.ConvertAll(codes, k => (ulong)values[k]);
                if (raw == typeof(ushort)) return Array.ConvertAll(codes, k => (ushort)(ulong)values[k]);
                if (raw == typeof(byte)) return Array.ConvertAll(codes, k => (byte)(ulong)values[k]);
                throw new ArgumentException($"Key column '{c.Column.Name}' has raw type {raw.Name}.", nameof(c));
            }
            return NumericTypes.ToTyped(Array.ConvertAll(codes, k => (double)values[k]), type);
        }
    }
}
