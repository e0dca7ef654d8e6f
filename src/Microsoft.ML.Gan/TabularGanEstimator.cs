using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// Learns a table of mixed column types (numbers, Boolean, text, keys) with CTGAN's design (Xu et al. 2019);
    /// the fitted <see cref="TabularGanTransformer"/> generates rows with the table's own columns and types.
    /// Create it with <c>mlContext.Generative().TabularGan(...)</c>.
    /// </summary>
    public sealed partial class TabularGanEstimator : IEstimator<TabularGanTransformer>
    {
        private readonly IHost _host;
        private readonly Options _options;
        private readonly GanEstimator.Options _trainerOptions;

        internal TabularGanEstimator(IHostEnvironment env, Options options)
        {
            Contracts.CheckValue(env, nameof(env));
            _host = env.Register(nameof(TabularGanEstimator));
            _host.CheckValue(options, nameof(options));
            _trainerOptions = options.ToTrainerOptions();
            _options = options;
        }

        /// <summary>The learned columns, each with its own type: what generated rows look like.</summary>
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            var wanted = _options.Columns is { Length: > 0 } names
                ? names.Select(n => inputSchema.TryFindColumn(n, out var c) ? c : throw _host.ExceptSchemaMismatch(nameof(inputSchema), "table", n)).ToList()
                : inputSchema.ToList();
            foreach (var c in wanted)
            {
                bool scalar = c.Kind == SchemaShape.Column.VectorKind.Scalar;
                bool supported = c.IsKey || c.ItemType is NumberDataViewType || c.ItemType is BooleanDataViewType || c.ItemType is TextDataViewType;
                if (!scalar || !supported || (c.ItemType is NumberDataViewType && !NumericTypes.IsNumber(c.ItemType)))
                    throw _host.ExceptSchemaMismatch(nameof(inputSchema), "table", c.Name, $"a scalar of {TableColumns.SupportedTypes}", c.GetTypeString());
            }
            foreach (var name in _options.CategoricalColumns ?? Array.Empty<string>())
            {
                if (!wanted.Any(c => c.Name == name))
                    throw _host.ExceptParam(nameof(Options.CategoricalColumns), $"Column '{name}' is listed as categorical but is not among the columns to learn.");
            }
            return new SchemaShape(wanted);
        }

        public TabularGanTransformer Fit(IDataView input)
        {
            _host.CheckValue(input, nameof(input));
            // Schema checks first: an unsupported column fails before any row is read.
            IReadOnlyList<TableColumn> columns;
            try
            {
                columns = TableColumns.Discover(input.Schema, _options.Columns, _options.CategoricalColumns);
            }
            catch (ArgumentException e)
            {
                throw _host.ExceptParam(nameof(input), e.Message);
            }
            var (resume, resumePath) = _trainerOptions.ResumeFromCheckpoint is { } from ? TrainingCheckpoint.Read(from) : default;
            int seed = _options.Seed ?? resume?.Seed ?? _host.Rand.Next();
            _trainerOptions.Seed = seed;

            using var ch = _host.Start("Training tabular GAN");
            var table = ReadTable(ch, input, columns);
            TableData? heldOut = null;
            if (_options.ValidationFraction > 0)
                (table, heldOut) = HoldOut(table, seed);
            var encoding = TableEncoding.Fit(table, seed, _options.MaxModes);
            if (encoding.Width == 0)
                throw _host.ExceptParam(nameof(input), "Every learned column is constant and never missing; there is nothing to learn.");
            using var encoded = encoding.EncodeTensor(table, new Random(seed));
            using var sampler = new ConditionalSampler(table.Categorical.ToList());
            using var source = new TableMinibatches(encoded, sampler);
            using var spec = new TabularNetworkSpec(_options.LatentDimension, sampler.Width, encoding.Spans,
                (int[])_trainerOptions.GeneratorHiddenLayers.Clone(), (int[])_trainerOptions.DiscriminatorHiddenLayers.Clone(),
                _options.DiscriminatorDropout, _options.GumbelTemperature, seed);
            using var best = heldOut is null ? null : new BestGenerator(
                new TableValidation(heldOut, encoding, sampler, _options.LatentDimension, seed).Score,
                _options.ValidationInterval, _options.EarlyStoppingPatience, _options.KeepBestEpoch, ch);
            var trainer = new GanTrainer(_host, _trainerOptions, seed, spec, sampler.Width > 0 ? spec.ConditionLoss(encoding.DiscreteSpans) : null)
            {
                Observer = best,
            };
            resume?.CheckMatches(trainer.Settings(), resumePath!);
            ch.Info(MessageSensitivity.None,
                $"Training a tabular GAN ({spec.Describe()}) on {table.Rows} rows of {table.Columns.Count} columns " +
                $"({table.Continuous.Count()} continuous, {table.Categorical.Count()} categorical; {encoding.Width} encoded values, " +
                $"{sampler.Width} condition values): {_options.Epochs} epochs, batch {_options.BatchSize}, packing {_options.Packing}, seed {seed}.");

            var (network, history) = trainer.Train(ch, source, resume);
            var model = new TableModel(network, _options.LatentDimension, spec.GeneratorHidden, _options.GumbelTemperature,
                encoding, GenerationConditions.From(table));
            return new TabularGanTransformer(_host, model, seed, history);
        }

        // The rows to train on and the held-out rows that pick the best epoch; the former must still fill a minibatch.
        private (TableData Train, TableData HeldOut) HoldOut(TableData table, int seed)
        {
            var (train, heldOut) = TableValidation.Split(table, _options.ValidationFraction, seed);
            try
            {
                TableChecks.CheckRows(train, Math.Max(_options.BatchSize, _options.Packing),
                    $"one minibatch after holding out ValidationFraction = {_options.ValidationFraction} of the rows; lower BatchSize or ValidationFraction");
            }
            catch (ArgumentException e)
            {
                throw _host.ExceptParam(nameof(Options.ValidationFraction), e.Message);
            }
            return (train, heldOut);
        }

        // Reads and checks the table: errors for what cannot be learned, warnings to the channel for the rest.
        private TableData ReadTable(IChannel ch, IDataView input, IReadOnlyList<TableColumn> columns)
        {
            TableData table;
            IReadOnlyList<string> warnings;
            try
            {
                table = TableReader.Read(input, columns);
                int needed = Math.Max(_options.BatchSize, _options.Packing);
                TableChecks.CheckRows(table, needed, $"one minibatch: BatchSize = {_options.BatchSize}, Packing = {_options.Packing}; lower BatchSize for a small table");
                warnings = TableChecks.Check(table);
            }
            catch (ArgumentException e)
            {
                throw _host.ExceptParam(nameof(input), e.Message);
            }
            foreach (var warning in warnings)
                ch.Warning(warning);
            return table;
        }
    }
}
