using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.ML.Gan.Networks.Tabular;
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

        internal TabularGanEstimator(IHostEnvironment env, Options options)
        {
            Contracts.CheckValue(env, nameof(env));
            _host = env.Register(nameof(TabularGanEstimator));
            _host.CheckValue(options, nameof(options));
            // A private copy, validated once: Fit reads only this, so the caller's object can change freely.
            _options = options.Clone();
            _options.Validate();
        }

        /// <summary>
        /// What the fitted model's Transform gives: the input's columns with the learned columns appended, each with its own
        /// type (hiding input columns of the same names). Throws when a column to learn is missing or of a type a table
        /// cannot learn.
        /// </summary>
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            return TableFit.OutputSchema(_host, inputSchema, _options.Columns, _options.CategoricalColumns);
        }

        /// <summary>
        /// Reads and checks the table (unsupported columns, too few rows, constraints the data breaks fail before training),
        /// fits the column encoding and trains the generator; returns the fitted model.
        /// </summary>
        public TabularGanTransformer Fit(IDataView input)
        {
            _host.CheckValue(input, nameof(input));
            var device = TrainingDevice.Resolve(_host, _options.Device);
            // Schema checks first: an unsupported column fails before any row is read.
            var columns = TableFit.Columns(_host, input, _options.Columns, _options.CategoricalColumns);
            if (_options.LabelColumnName is { } label && !columns.Any(c => c.Name == label && c.Kind == ColumnKind.Categorical))
                throw _host.ExceptParam(nameof(Options.LabelColumnName),
                    $"LabelColumnName '{label}' must be a categorical column among the columns to learn; the categorical columns are: " +
                    $"{string.Join(", ", columns.Where(c => c.Kind == ColumnKind.Categorical).Select(c => c.Name))}.");
            var resume = _options.ResumeFromCheckpoint is { } from ? TrainingCheckpoint.Read(_host, from) : null;
            int seed = _options.Seed ?? resume?.Seed ?? _host.Rand.Next();

            using var ch = _host.Start("Training tabular GAN");
            // Taken before any data is read: a concurrent fit asking for another thread count is refused at once.
            using var threads = TrainingThreads.Use(TrainingThreads.ForTables(_options.Threads, ch));
            var cancel = new FitCancellation(_host, _options.CancellationToken);
            var read = TableFit.TryRead(_host, ch, input, columns, MinimumRows, RowsReason, _options.Constraints, _options.MemoryBudgetBytes, cancel,
                encoded: (1 - _options.ValidationFraction, _options.MaxCategories, _options.LabelColumnName));
            if (read is null && _options.Privacy is not null)
                throw _host.Except($"{nameof(Options.Privacy)} is set, and the table does not fit in MemoryBudgetBytes = {_options.MemoryBudgetBytes}: " +
                    "differentially private training needs the rows in memory (Poisson samples of them); raise MemoryBudgetBytes.");
            if (read is null)
                return FitStreamed(ch, input, columns, seed, device, resume, cancel,
                    TableFit.Size(input.GetRowCount()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "its", columns, " plus their encoded values"),
                    reported: false);
            var (table, constraints) = read.Value;
            read = null;
            if (_options.Privacy is not null)
                return FitPrivate(ch, table, constraints, seed, device, resume, cancel);
            table = CategoryGrouping.Apply(ch, table, _options.MaxCategories, exempt: _options.LabelColumnName);
            TableData? heldOut = null;
            if (_options.ValidationFraction > 0)
                (table, heldOut) = HoldOut(table, seed);
            var (batch, packing, minimumSteps) = TableBatchSize.Plan(table.Rows, _options.BatchSize, _options.Packing);
            var encoding = FitEncoding(table, seed, cancel);
            if (!TableFit.FitsEncoded(table, columns, encoding, _options.MemoryBudgetBytes))
            {
                string size = TableFit.Size(table.Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), columns, TableFit.EncodedSize(table, encoding));
                (table, heldOut, encoding) = (null!, null, null!);
                return FitStreamed(ch, input, columns, seed, device, resume, cancel, size, reported: true);
            }
            int latent = _options.ResolveLatentDimension(encoding.Width);
            using var encoded = encoding.EncodeTensor(table, new Random(seed));
            using var sampler = new ConditionalSampler(table.Categorical.ToList());
            using var source = new TableMinibatches(encoded, sampler, minimumSteps);
            var conditions = GenerationConditions.From(table);
            return Train(ch, source, encoding, sampler.Conditions, conditions, constraints, heldOut, latent, batch, packing, seed, device, resume,
                $"{table.Rows} rows of {table.Columns.Count} columns ({table.Continuous.Count()} continuous, {table.Categorical.Count()} categorical");
        }

        // The networks, the trainer and the model, alike for a table in memory and a streamed one. trainingConditions
        // has the layout the source's conditions follow; conditions (the model's) the training counts generation draws by.
        private TabularGanTransformer Train(IChannel ch, MinibatchSource source, TableEncoding encoding, GenerationConditions trainingConditions,
            GenerationConditions conditions, ConstraintPlan constraints, TableData? heldOut, int latent, int batch, int packing, int seed,
            TorchSharp.torch.Device device, TrainingCheckpoint? resume, string describeTable, StatisticsNoise? statistics = null)
        {
            var spec = new TabularNetworkSpec(latent, trainingConditions.Width, encoding.Spans,
                (int[])_options.GeneratorHiddenLayers.Clone(), (int[])_options.DiscriminatorHiddenLayers.Clone(),
                _options.DiscriminatorDropout, _options.GumbelTemperature);
            using var best = heldOut is null ? null : new BestGenerator(
                new TableValidation(heldOut, encoding, trainingConditions, latent, spec.Activation, seed, device).Score,
                _options.ValidationInterval, _options.EarlyStoppingPatience, _options.KeepBestEpoch, ch);
            var settings = _options.ToTrainerSettings(batch, packing) with { DataKeys = EncodingKeys() };
            if (statistics is not null)
                settings = settings with { Privacy = settings.Privacy! with { Statistics = statistics } };
            var trainer = new GanTrainer(_host, settings, seed, spec, trainingConditions.Width > 0 ? ConditionalLoss.OnLogits(encoding.DiscreteSpans) : null)
            {
                Observer = best,
            };
            ch.Info(MessageSensitivity.None,
                $"Training a tabular GAN ({spec.Describe()}) on {describeTable}; {encoding.Width} encoded values, " +
                $"{trainingConditions.Width} condition values): {_options.Epochs} epochs, batch {batch}{(_options.BatchSize is null ? " (automatic)" : "")}, packing {packing}{(_options.Packing is null ? " (automatic)" : "")}, seed {seed}.");

            var (network, history) = trainer.Train(ch, source, resume);
            var model = Ownership.Transfer(network, () => TableDecoder.Model(network, spec, encoding, conditions, constraints));
            return Ownership.Transfer(model, () => new TabularGanTransformer(_host, model, seed, _options.LabelColumnName, history, trainer.Guarantee));
        }

        // The encoder of the rows the model learns (the whole table, or a streamed table's sample).
        private TableEncoding FitEncoding(TableData table, int seed, Data.FitCancellation cancel)
        {
            var encoding = TableEncoding.Fit(table, seed, _options.MaxModes, cancel, normalScores: _options.NumericEncoding == NumericEncoding.NormalScores);
            cancel.ThrowIfCancelled();
            if (encoding.Width == 0)
                throw _host.ExceptParam("input", "Every learned column is constant and never missing; there is nothing to learn.");
            return encoding;
        }

        private string RowsReason => _options.BatchSize is null ? MinimumRowsReason : $"{MinimumRowsReason}; lower BatchSize for a small table";

        // How messages name this kind of model.
        private const string ModelName = "tabular GAN";

        // A table must fill one minibatch: the user's BatchSize, or with the automatic batch one pack (the user's Packing;
        // the automatic packing shrinks to one row for a table that small).
        private int MinimumRows => Math.Max(_options.BatchSize ?? 1, _options.Packing ?? 1);

        private string MinimumRowsReason => _options.BatchSize is int size
            ? $"one minibatch: BatchSize = {size}, Packing = {_options.Packing?.ToString() ?? "automatic"}"
            : $"one pack of Packing = {_options.Packing?.ToString() ?? "automatic"} rows";

        // The rows to train on and the held-out rows that pick the best epoch; the former must still fill a minibatch.
        private (TableData Train, TableData HeldOut) HoldOut(TableData table, int seed)
        {
            var (train, heldOut) = TableValidation.Split(table, _options.ValidationFraction, seed);
            try
            {
                TableChecks.CheckRows(train, MinimumRows,
                    $"{MinimumRowsReason} after holding out ValidationFraction = {_options.ValidationFraction} of the rows; lower BatchSize or ValidationFraction");
            }
            catch (ArgumentException e)
            {
                throw _host.ExceptParam(nameof(Options.ValidationFraction), e.Message);
            }
            return (train, heldOut);
        }

        // The options that shape the encoded table, for checkpoints: the encoded width alone can coincide across them.
        private KeyValuePair<string, string>[] EncodingKeys() => new KeyValuePair<string, string>[]
        {
            new("NumericEncoding", _options.NumericEncoding.ToString()),
            new("MaxModes", _options.MaxModes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("MaxCategories", _options.MaxCategories?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"),
        };
    }
}
