using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// What a model appends to one input schema, and what drives it. Input columns keep their indices; the model's
    /// generated columns come next (hiding input columns of the same name, as ML.NET transforms do), except a
    /// generated label column when the input has the label column itself. A row's sample comes from the input's latent
    /// column when it has one (vector GANs), is generated for the row's label when the input has the label column
    /// (conditional models), and otherwise from seeded noise at the row's position. Shared by the lazy data view and the
    /// row-to-row mapper.
    /// </summary>
    internal sealed class OutputBinding
    {
        private readonly int[] _generated;     // output column index - input count → decoder column index
        private readonly Func<string?, int>? _slotOf;

        private OutputBinding(GeneratorModel model, ModelLifetime lifetime, DataViewSchema input, DataViewSchema output, int[] generated,
            DataViewSchema.Column? latent, DataViewSchema.Column? label, Func<string?, int>? slotOf, GenerationRequest request)
        {
            Model = model;
            Lifetime = lifetime;
            InputSchema = input;
            OutputSchema = output;
            _generated = generated;
            LatentColumn = latent;
            LabelColumn = label;
            _slotOf = slotOf;
            Request = request;
        }

        public GeneratorModel Model { get; }

        /// <summary>The transformer's guard: sample sources hold a lease of it while they run the model.</summary>
        public ModelLifetime Lifetime { get; }

        public DataViewSchema InputSchema { get; }

        public DataViewSchema OutputSchema { get; }

        public int OutputIndex => InputSchema.Count;

        /// <summary>The input's latent column, when it has one; otherwise rows get seeded noise.</summary>
        public DataViewSchema.Column? LatentColumn { get; }

        /// <summary>The input's label column (conditional models): each row is generated for its own label.</summary>
        public DataViewSchema.Column? LabelColumn { get; }

        public GenerationRequest Request { get; }

        public int Seed => Request.Seed;

        /// <param name="ectx">Where errors are reported.</param>
        /// <param name="model">The generator.</param>
        /// <param name="lifetime">The transformer's guard.</param>
        /// <param name="input">The input schema.</param>
        /// <param name="latentColumnName">The latent column generation reads when present (vector GANs); null for none.</param>
        /// <param name="labelColumnName">The label column generation is conditioned on when the input has it; null for none.</param>
        /// <param name="slotOf">A label value (null: missing) to the model's condition slot; with <paramref name="labelColumnName"/>.</param>
        /// <param name="generatedLabel">The index in the decoder's columns of a generated label column, left out when the input has the label; -1 for none.</param>
        /// <param name="request">Seed, fixed slot and filter.</param>
        public static OutputBinding Create(IExceptionContext ectx, GeneratorModel model, ModelLifetime lifetime, DataViewSchema input,
            string? latentColumnName, string? labelColumnName, Func<string?, int>? slotOf, int generatedLabel, GenerationRequest request)
        {
            // Only a generator with a condition vector can be steered; a table model without one conditions by rejection alone.
            ectx.Check(request.FixedSlot is null || model.IsConditional, "A generator without a condition vector was asked for a condition slot.");
            int? latent = latentColumnName is null ? null : ColumnChecks.FindLatent(ectx, input, latentColumnName, model.LatentDimension);
            DataViewSchema.Column? label = null;
            if (model.IsConditional && request.FixedSlot is null && labelColumnName is not null && input.GetColumnOrNull(labelColumnName) is { } l)
            {
                ColumnChecks.CheckLabel(ectx, input, labelColumnName);
                label = l;
            }
            var builder = new DataViewSchema.Builder();
            builder.AddColumns(input);
            var generated = new List<int>();
            var columns = model.Decoder.Columns;
            for (int c = 0; c < columns.Count; c++)
            {
                if (c == generatedLabel && label is not null)
                    continue;
                builder.AddColumn(columns[c].Name, columns[c].Type, columns[c].Annotations);
                generated.Add(c);
            }
            return new OutputBinding(model, lifetime, input, builder.ToSchema(), generated.ToArray(),
                latent is int i ? input[i] : null, label, slotOf, request);
        }

        /// <summary>Input columns that decide what is generated (read by the look-ahead cursor).</summary>
        public DataViewSchema.Column[] DrivingColumns() =>
            new[] { LatentColumn, LabelColumn }.Where(c => c is not null).Select(c => c!.Value).ToArray();

        /// <summary>A sample source behind a cursor over <paramref name="input"/>: blocks of rows per generator pass.</summary>
        public SampleSource CreateSource(IDataView input) =>
            Request.Filter is not null ? new SequentialSampleSource(this)
            : LatentColumn is null && LabelColumn is null
                ? new NoiseSampleSource(this, input.GetRowCount() is long rows ? Request.FirstRow + rows : null, GeneratorModel.BlocksPerPass)
            : new LookaheadSampleSource(this, input);

        /// <summary>A sample source for single rows (prediction engines).</summary>
        public SampleSource CreateRowSource(DataViewRow input) =>
            LatentColumn is null && LabelColumn is null ? new NoiseSampleSource(this, rows: null, blocksPerPass: 1)
            : new RowSampleSource(this, input);

        /// <summary>The slot of a label value read from the input (conditional models with a label column).</summary>
        public int SlotOf(string? value) => _slotOf!(value);

        /// <summary>Splits requested output columns into the input columns to activate and whether generation is wanted.</summary>
        public (DataViewSchema.Column[] Input, bool Generated) Split(IEnumerable<DataViewSchema.Column> columns)
        {
            var input = new List<DataViewSchema.Column>();
            bool generated = false;
            foreach (var c in columns)
            {
                if (c.Index >= OutputIndex)
                    generated = true;
                else
                    input.Add(InputSchema[c.Index]);
            }
            return (input.ToArray(), generated);
        }

        public bool IsColumnActive(DataViewRow inner, DataViewSchema.Column column, bool generated) =>
            column.Index >= OutputIndex ? generated : inner.IsColumnActive(InputSchema[column.Index]);

        /// <summary>A getter on the combined row: pass-through for input columns, the sample source for the generated ones.</summary>
        public ValueGetter<T> GetGetter<T>(DataViewRow outer, DataViewRow inner, DataViewSchema.Column column, SampleSource? source)
        {
            if (column.Index < OutputIndex)
                return inner.GetGetter<T>(InputSchema[column.Index]);
            if (source is null)
                throw new InvalidOperationException($"Column '{column.Name}' was not requested as active for this cursor.");
            int store = _generated[column.Index - OutputIndex];
            // The getter is bound to the block that holds the current row when it is called, not when it is made.
            DecodedRows? rows = null;
            ValueGetter<T>? inBlock = null;
            int index = 0;
            return (ref T value) =>
            {
                var (current, i) = source.Row(outer.Position);
                if (!ReferenceEquals(current, rows))
                {
                    rows = current;
                    inBlock = current.Columns[store].Getter<T>(column.Name, () => index);
                }
                index = i;
                inBlock!(ref value);
            };
        }
    }

    /// <summary>
    /// What a generation asks for beyond its rows: the seed, a slot every row is generated for (conditional models), for
    /// sequential generation the filter rows must pass (rows that fail it are skipped, not replaced in place), and the
    /// position in the seeded stream of the first row (a later part of the same rows, for generation split across
    /// processes).
    /// </summary>
    internal sealed record GenerationRequest(int Seed, int? FixedSlot = null, RowFilter? Filter = null, long FirstRow = 0);

    /// <summary>Which rows of a decoded block sequential generation keeps, and how its conditions read in messages.</summary>
    internal sealed record RowFilter(Func<DecodedRows, bool[]> Keep, string Description);
}
