using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// The generated column appended to one input schema: input columns keep their indices, the
    /// generated column comes last (hiding an input column of the same name, as ML.NET transforms do).
    /// Shared by the lazy data view and the row-to-row mapper.
    /// </summary>
    internal sealed class OutputBinding
    {
        private OutputBinding(GeneratorModel model, DataViewSchema input, DataViewSchema output, DataViewSchema.Column? latent, int seed)
        {
            Model = model;
            InputSchema = input;
            OutputSchema = output;
            LatentColumn = latent;
            Seed = seed;
        }

        public GeneratorModel Model { get; }
        public DataViewSchema InputSchema { get; }
        public DataViewSchema OutputSchema { get; }
        public int OutputIndex => InputSchema.Count;

        /// <summary>The input's latent column, when it has one; otherwise rows get seeded noise.</summary>
        public DataViewSchema.Column? LatentColumn { get; }
        public int Seed { get; }

        public static OutputBinding Create(IExceptionContext ectx, GeneratorModel model, DataViewSchema input,
            string outputColumnName, string latentColumnName, int seed)
        {
            int? latent = ColumnChecks.FindLatent(ectx, input, latentColumnName, model.LatentDimension);
            var builder = new DataViewSchema.Builder();
            builder.AddColumns(input);
            builder.AddColumn(outputColumnName, model.OutputType);
            return new OutputBinding(model, input, builder.ToSchema(), latent is int i ? input[i] : null, seed);
        }

        /// <summary>Splits requested output columns into the input columns to activate and whether the generated one is wanted.</summary>
        public (DataViewSchema.Column[] Input, bool Generated) Split(IEnumerable<DataViewSchema.Column> columns)
        {
            var input = new List<DataViewSchema.Column>();
            bool generated = false;
            foreach (var c in columns)
            {
                if (c.Index == OutputIndex)
                    generated = true;
                else
                    input.Add(InputSchema[c.Index]);
            }
            return (input.ToArray(), generated);
        }

        public bool IsColumnActive(DataViewRow inner, DataViewSchema.Column column, bool generated) =>
            column.Index == OutputIndex ? generated : inner.IsColumnActive(InputSchema[column.Index]);

        /// <summary>A getter on the combined row: pass-through for input columns, the sample source for the generated one.</summary>
        public ValueGetter<T> GetGetter<T>(DataViewRow outer, DataViewRow inner, DataViewSchema.Column column, SampleSource? source)
        {
            if (column.Index != OutputIndex)
                return inner.GetGetter<T>(InputSchema[column.Index]);
            if (source is null)
                throw new InvalidOperationException($"Column '{column.Name}' was not requested as active for this cursor.");
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
