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
    /// A trained tabular VAE: its decoder generates rows through the same core as <see cref="TabularGanTransformer"/>, so
    /// rows, conditions, constraints, streaming, row mapping and saving behave the same. <see cref="Generate"/> makes rows
    /// with the training table's columns and types from latent vectors drawn from N(0, I); <see cref="Transform"/> appends
    /// one generated row per input row, from noise fixed by <see cref="Seed"/> and the row's position. A VAE has no
    /// condition vector: rows that satisfy conditions are found by generating and keeping those that do (so a condition
    /// that the model rarely meets is refused with its measured rate, as for a GAN). Generation is deterministic (same
    /// model and seed, same rows, bit for bit) and happens as the returned view is read.
    /// </summary>
    public sealed partial class TabularVaeTransformer : ITransformer, IDisposable
    {
        private readonly IHost _host;
        private readonly TransformerCore _core;

        internal TabularVaeTransformer(IHostEnvironment env, GeneratorModel model, int seed, IReadOnlyList<VaeEpochMetrics> history)
        {
            _host = env.Register(nameof(TabularVaeTransformer));
            Seed = seed;
            TrainingHistory = history;
            _core = new TransformerCore(_host, model, nameof(TabularVaeTransformer), latentColumnName: null, labelColumnName: null,
                slotOf: null, generatedLabel: -1);
            OutputSchema = _core.Generate(0, new GenerationRequest(seed)).Schema;
        }

        /// <summary>The default generation seed (the training seed), and the seed <see cref="Transform"/> draws from.</summary>
        public int Seed { get; }

        /// <summary>Per-epoch training loss terms, first epoch first.</summary>
        public IReadOnlyList<VaeEpochMetrics> TrainingHistory { get; }

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
        /// <paramref name="count"/> new rows. The same seed gives the same rows; null uses <see cref="Seed"/>. With
        /// <paramref name="conditions"/>, for example <c>TableCondition.Equal("Sex", "Female")</c> and
        /// <c>TableCondition.Between("Age", 30, 40)</c>, only generated rows that satisfy all of them (and every constraint)
        /// are returned. Unknown columns or categories, conditions of the wrong kind and combinations no row can have throw
        /// <see cref="ArgumentException"/> at once; a combination that too few generated rows have (under 2%) throws
        /// <see cref="InvalidOperationException"/> with the measured rate when the rows are read.
        /// </summary>
        public IDataView Generate(int count, int? seed = null, params TableCondition[] conditions) =>
            TableGeneration.Generate(_host, _core, 0, count, seed ?? Seed, conditions);

        /// <inheritdoc cref="TabularGanTransformer.GenerateRange"/>
        public IDataView GenerateRange(long firstRow, int count, int? seed = null, params TableCondition[] conditions) =>
            TableGeneration.Generate(_host, _core, firstRow, count, seed ?? Seed, conditions);

        /// <summary>
        /// Releases one holder of the decoder: its owner, or a prediction engine made from this transformer (ML.NET's
        /// engines dispose the transformer they were made from). The decoder is freed when the last holder is released.
        /// Once it is freed, views made earlier throw <see cref="ObjectDisposedException"/> when read afterwards.
        /// </summary>
        public void Dispose() => _core.Dispose();
    }
}
