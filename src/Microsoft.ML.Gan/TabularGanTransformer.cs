using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// A trained tabular GAN. <see cref="Generate"/> makes rows with the training table's columns and types (numbers in
    /// their own type, integers whole and inside the training range, missing values at their rate), optionally rows that
    /// satisfy conditions (categories, ranges). Every generated row honours the constraints the model was trained with.
    /// <see cref="Transform"/> maps rows like any ML.NET transformer: it appends one generated row per input row (hiding
    /// input columns of the same names), generated for the row's value of <see cref="LabelColumnName"/> when the model has
    /// one and the input has that column, otherwise from noise fixed by <see cref="Seed"/> and the row's position; a
    /// prediction engine gives the same row for the same position. Generation is deterministic (same model and seed,
    /// same rows, bit for bit), streams through a cursor in blocks of rows, and happens as the returned view is read.
    /// </summary>
    public sealed partial class TabularGanTransformer : ITransformer, IDisposable
    {
        private readonly IHost _host;
        private readonly TransformerCore _core;

        internal TabularGanTransformer(IHostEnvironment env, GeneratorModel model, int seed, string? labelColumnName, IReadOnlyList<GanEpochMetrics> history,
            PrivacyGuarantee? privacy = null)
        {
            _host = env.Register(nameof(TabularGanTransformer));
            Seed = seed;
            LabelColumnName = labelColumnName;
            TrainingHistory = history;
            Privacy = privacy;
            var decoder = (TableDecoder)model.Decoder;
            if (labelColumnName is not null && !decoder.Conditions.Columns.Any(c => c.Column == labelColumnName))
                throw _host.ExceptParam(nameof(labelColumnName),
                    $"Column '{labelColumnName}' is not a categorical column of the table; the categorical columns are: {string.Join(", ", decoder.Conditions.Columns.Select(c => c.Column))}.");
            _core = new TransformerCore(_host, model, nameof(TabularGanTransformer), latentColumnName: null, labelColumnName,
                labelColumnName is null ? null : value => SlotOf(decoder.Conditions, labelColumnName, value), generatedLabel: -1);
            OutputSchema = _core.Generate(0, new GenerationRequest(seed)).Schema;
        }

        /// <summary>The default generation seed (the training seed), and the seed <see cref="Transform"/> draws from.</summary>
        public int Seed { get; }

        /// <summary>
        /// The categorical column <see cref="Transform"/> conditions each row on when the input has it (its value in the input
        /// row is the value of the generated row); null when the model was trained without one.
        /// </summary>
        public string? LabelColumnName { get; }

        /// <summary>Per-epoch training metrics, first epoch first.</summary>
        public IReadOnlyList<GanEpochMetrics> TrainingHistory { get; }

        /// <summary>The differential privacy guarantee of a model trained with <see cref="GanOptionsBase.Privacy"/>; null otherwise.</summary>
        public PrivacyGuarantee? Privacy { get; }

        /// <summary>The schema of generated rows: the learned columns of the training table, in order, with their types.</summary>
        public DataViewSchema OutputSchema { get; }

        /// <summary>The categorical columns and their values (as <see cref="TableCondition.Equal"/> accepts them).</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>> Categories => TableGeneration.Categories(Model);

        internal GeneratorModel Model => _core.Model;

        /// <summary>True: every output row is made for the input row at the same position.</summary>
        public bool IsRowToRowMapper => true;

        /// <summary>The input schema with the table's columns appended.</summary>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _core.GetOutputSchema(inputSchema, Seed);

        /// <summary>The input with one generated row per input row appended, computed lazily in blocks of rows.</summary>
        public IDataView Transform(IDataView input) => _core.Transform(input, Seed);

        /// <summary>Row-at-a-time generation for prediction engines: the same rows as <see cref="Transform"/> at the same positions.</summary>
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _core.GetRowToRowMapper(inputSchema, Seed);

        /// <summary>
        /// <paramref name="count"/> new rows; categorical values follow their training frequencies. The same seed gives the
        /// same rows; null uses <see cref="Seed"/>. With <paramref name="conditions"/>, for example
        /// <c>TableCondition.Equal("Sex", "Female")</c> and <c>TableCondition.Between("Age", 30, 40)</c>, only rows that
        /// satisfy all of them are returned: blocks of rows are generated with the rarest asked category set in the
        /// generator's condition vector, and rows that miss a condition (or break a constraint) are skipped. Unknown columns
        /// or categories, conditions of the wrong kind and combinations no row can have throw <see cref="ArgumentException"/>
        /// at once; a combination that too few generated rows have (under 2%) throws <see cref="InvalidOperationException"/>
        /// with the measured rate when the rows are read.
        /// </summary>
        public IDataView Generate(int count, int? seed = null, params TableCondition[] conditions) =>
            TableGeneration.Generate(_host, _core, 0, count, seed ?? Seed, conditions);

        /// <summary>
        /// Rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="count"/>) of what
        /// <see cref="Generate"/> gives for the same seed and conditions: bit for bit the rows one larger call has at those
        /// positions, so that several processes or machines can each write a disjoint part of one synthetic set. Without
        /// conditions or rejecting constraints each part costs only its own rows; with them, where a kept row falls is
        /// known only by generating the rows before it, so a part costs the rows before it too.
        /// </summary>
        public IDataView GenerateRange(long firstRow, int count, int? seed = null, params TableCondition[] conditions) =>
            TableGeneration.Generate(_host, _core, firstRow, count, seed ?? Seed, conditions);

        /// <summary>
        /// Releases one holder of the generator: its owner, or a prediction engine made from this transformer (ML.NET's
        /// engines dispose the transformer they were made from). The generator is freed when the last holder is released,
        /// so the owner and the engines may dispose in any order. Once it is freed, views made earlier throw
        /// <see cref="ObjectDisposedException"/> when read afterwards; a generation under way finishes its block first.
        /// </summary>
        public void Dispose() => _core.Dispose();

        // A label value read from an input row to its condition slot: the category of that name (a missing value is the
        // missing category, when the column has one).
        private static int SlotOf(GenerationConditions conditions, string column, string? value)
        {
            int position = conditions.PositionOf(column);
            if (value is null)
            {
                int missing = conditions.Columns[position].MissingIndex;
                return missing >= 0 ? conditions.Slot(position, missing)
                    : throw new InvalidOperationException($"Column '{column}' has a missing value in an input row, and the table it was trained on had none there.");
            }
            return conditions.Slot(position, conditions.Columns[position].IndexOf(value));
        }
    }
}
