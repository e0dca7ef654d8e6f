using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// What a table model's Generate asks the core for: the conditions resolved against the model (unknown columns,
    /// categories and impossible combinations throw at once), and, when there are conditions or rejecting constraints,
    /// the filter generated rows must pass. A model with a condition vector is steered to the rarest category asked
    /// for; a model without one (a VAE) generates by rejection alone.
    /// </summary>
    internal static class TableGeneration
    {
        /// <summary>
        /// A table model's <c>Generate</c>: <paramref name="count"/> rows from <paramref name="core"/> for <paramref name="seed"/>
        /// and <paramref name="conditions"/>, after the arguments and the model's lifetime are checked.
        /// </summary>
        public static IDataView Generate(IExceptionContext ectx, TransformerCore core, long firstRow, int count, int seed, TableCondition[] conditions)
        {
            ectx.CheckParam(count >= 0, nameof(count), $"count must be zero or more; it was {count}.");
            ectx.CheckParam(firstRow >= 0, nameof(firstRow), $"firstRow must be zero or more; it was {firstRow}.");
            ectx.CheckValue(conditions, nameof(conditions));
            ectx.CheckParam(conditions.All(c => c is not null), nameof(conditions), "The conditions hold a null.");
            core.Lifetime.ThrowIfEnded();
            return core.Generate(count, Request(core.Model, seed, conditions) with { FirstRow = firstRow });
        }

        /// <summary>A table model's categorical columns and their values, as <see cref="TableCondition.Equal"/> accepts them.</summary>
        public static IReadOnlyDictionary<string, IReadOnlyList<string>> Categories(GeneratorModel model) =>
            // A grouped column's every category, not its slots: a condition may ask for any of them.
            ((TableDecoder)model.Decoder).Conditions.Columns.ToDictionary(c => c.Column, c => (IReadOnlyList<string>)c.All.Labels.ToArray());

        public static GenerationRequest Request(GeneratorModel model, int seed, IReadOnlyList<TableCondition> conditions)
        {
            var decoder = (TableDecoder)model.Decoder;
            var resolved = RowConditions.Resolve(decoder.Encoding, decoder.Conditions, decoder.Constraints, conditions);
            var constraints = decoder.Constraints;
            if (resolved.IsEmpty && !constraints.Rejects)
                return new GenerationRequest(seed);
            string description = resolved.IsEmpty ? $"the constraints {string.Join(", ", constraints.Describe())}"
                : constraints.Rejects ? $"{resolved.Description} and the constraints {string.Join(", ", constraints.Describe())}"
                : resolved.Description;
            var filter = new RowFilter(rows =>
            {
                resolved.Assign(decoder, rows);
                var table = TableDecoder.Table(rows);
                var keep = new bool[rows.Count];
                Array.Fill(keep, true);
                resolved.Filter(table, keep);
                constraints.Filter(table, keep);
                return keep;
            }, description);
            return new GenerationRequest(seed, model.IsConditional ? resolved.SteerSlot : null, filter);
        }
    }
}
