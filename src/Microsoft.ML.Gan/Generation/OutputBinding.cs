using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// The generated columns appended to one input schema: input columns keep their indices, the generated
    /// column comes next (hiding an input column of the same name, as ML.NET transforms do) and, for a
    /// conditional model whose input has no label column, the label column the samples were generated for.
    /// Shared by the lazy data view and the row-to-row mapper.
    /// </summary>
    internal sealed class OutputBinding
    {
        private OutputBinding(GeneratorModel model, ModelLifetime lifetime, DataViewSchema input, DataViewSchema output,
            DataViewSchema.Column? latent, DataViewSchema.Column? label, bool emitsLabel, int seed, int? fixedClass)
        {
            Model = model;
            Lifetime = lifetime;
            InputSchema = input;
            OutputSchema = output;
            LatentColumn = latent;
            LabelColumn = label;
            EmitsLabel = emitsLabel;
            Seed = seed;
            FixedClass = fixedClass;
        }

        public GeneratorModel Model { get; }

        /// <summary>The transformer's guard: sample sources hold a lease of it while they run the model.</summary>
        public ModelLifetime Lifetime { get; }
        public DataViewSchema InputSchema { get; }
        public DataViewSchema OutputSchema { get; }
        public int OutputIndex => InputSchema.Count;
        public int LabelIndex => InputSchema.Count + 1;

        /// <summary>The input's latent column, when it has one; otherwise rows get seeded noise.</summary>
        public DataViewSchema.Column? LatentColumn { get; }

        /// <summary>The input's label column (conditional models): each row is generated for its own label.</summary>
        public DataViewSchema.Column? LabelColumn { get; }

        /// <summary>Whether the output has a generated label column (conditional model, no label in the input).</summary>
        public bool EmitsLabel { get; }

        public int Seed { get; }

        /// <summary>The class every row is generated for, when the caller asked for one.</summary>
        public int? FixedClass { get; }

        public static OutputBinding Create(IExceptionContext ectx, GeneratorModel model, ModelLifetime lifetime, DataViewSchema input,
            string outputColumnName, string latentColumnName, string? labelColumnName, int seed, int? fixedClass = null)
        {
            int? latent = ColumnChecks.FindLatent(ectx, input, latentColumnName, model.LatentDimension);
            DataViewSchema.Column? label = null;
            if (model.Classes is not null && fixedClass is null && labelColumnName is not null && input.GetColumnOrNull(labelColumnName) is { } l)
            {
                ColumnChecks.CheckLabel(ectx, input, labelColumnName);
                label = l;
            }
            bool emitsLabel = model.Classes is not null && label is null && labelColumnName is not null;
            var builder = new DataViewSchema.Builder();
            builder.AddColumns(input);
            builder.AddColumn(outputColumnName, model.OutputType);
            if (emitsLabel)
                builder.AddColumn(labelColumnName!, model.Classes!.Type, model.Classes.Annotations);
            return new OutputBinding(model, lifetime, input, builder.ToSchema(), latent is int i ? input[i] : null, label, emitsLabel, seed, fixedClass);
        }

        /// <summary>Input columns that decide what is generated (read by the look-ahead cursor).</summary>
        public DataViewSchema.Column[] DrivingColumns() =>
            new[] { LatentColumn, LabelColumn }.Where(c => c is not null).Select(c => c!.Value).ToArray();

        /// <summary>A sample source behind a cursor over <paramref name="input"/>: blocks of rows per generator pass.</summary>
        public SampleSource CreateSource(IDataView input) =>
            LatentColumn is null && LabelColumn is null
                ? new NoiseSampleSource(Model, Lifetime, Seed, input.GetRowCount(), GeneratorModel.BlocksPerPass, FixedClass)
                : new LookaheadSampleSource(this, input);

        /// <summary>A sample source for single rows (prediction engines).</summary>
        public SampleSource CreateRowSource(DataViewRow input) =>
            LatentColumn is null && LabelColumn is null
                ? new NoiseSampleSource(Model, Lifetime, Seed, rows: null, blocksPerPass: 1, FixedClass)
                : new RowSampleSource(this, input);

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
            if (column.Index == LabelIndex)
            {
                if (typeof(T) != typeof(uint))
                    throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; a getter of {typeof(T).Name} was requested.");
                ValueGetter<uint> label = (ref uint dst) => dst = (uint)source.Class(outer.Position) + 1;
                return (ValueGetter<T>)(Delegate)label;
            }
            if (typeof(T) != typeof(VBuffer<float>))
                throw new InvalidOperationException(
                    $"Column '{column.Name}' is {Model.OutputType}; a getter of {typeof(T).Name} was requested.");
            int size = Model.OutputSize;
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> dst) =>
            {
                var sample = source.Sample(outer.Position);
                var editor = VBufferEditor.Create(ref dst, size);
                sample.CopyTo(editor.Values);
                dst = editor.Commit();
            };
            return (ValueGetter<T>)(Delegate)getter;
        }
    }
}
