using System;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// Learns a table of mixed column types (numbers, Boolean, text, keys) with a variational autoencoder, TVAE's design
    /// (Xu et al. 2019): the same table reading, encoding (mode-specific normalisation) and constraints as
    /// <see cref="TabularGanEstimator"/>, an encoder and a decoder trained on the evidence lower bound instead of a
    /// generator and a critic. The fitted <see cref="TabularVaeTransformer"/> generates rows from its decoder with the
    /// table's own columns and types. Create it with <c>mlContext.Generative().TabularVae(...)</c>.
    /// </summary>
    public sealed partial class TabularVaeEstimator : IEstimator<TabularVaeTransformer>
    {
        // How messages name this kind of model.
        private const string ModelName = "tabular VAE";

        private readonly IHost _host;
        private readonly Options _options;

        internal TabularVaeEstimator(IHostEnvironment env, Options options)
        {
            Contracts.CheckValue(env, nameof(env));
            _host = env.Register(nameof(TabularVaeEstimator));
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
        /// Reads and checks the table (unsupported columns and constraints the data breaks fail before training), fits the
        /// column encoding and trains the encoder and decoder; returns the fitted model, which keeps the decoder.
        /// </summary>
        public TabularVaeTransformer Fit(IDataView input)
        {
            _host.CheckValue(input, nameof(input));
            var device = TrainingDevice.Resolve(_host, _options.Device);
            var columns = TableFit.Columns(_host, input, _options.Columns, _options.CategoricalColumns);
            int seed = _options.Seed ?? _host.Rand.Next();

            using var ch = _host.Start("Training tabular VAE");
            using var threads = TrainingThreads.Use(TrainingThreads.ForTables(_options.Threads, ch));
            var cancel = new FitCancellation(_host, _options.CancellationToken);
            var (table, constraints) = TableFit.Read(_host, ch, input, columns, 1, "one row to learn from",
                _options.Constraints, _options.MemoryBudgetBytes, ModelName, cancel);
            table = CategoryGrouping.Apply(ch, table, _options.MaxCategories, exempt: null);
            var encoding = TableEncoding.Fit(table, seed, _options.MaxModes, cancel, normalScores: _options.NumericEncoding == NumericEncoding.NormalScores);
            cancel.ThrowIfCancelled();
            if (encoding.Width == 0)
                throw _host.ExceptParam(nameof(input), "Every learned column is constant and never missing; there is nothing to learn.");
            TableFit.CheckEncodedSize(_host, table, columns, encoding, _options.MemoryBudgetBytes, ModelName);
            using var encoded = encoding.EncodeTensor(table, new Random(seed));
            var spec = new TvaeNetworkSpec(_options.LatentDimension, encoding.Spans,
                (int[])_options.EncoderHiddenLayers.Clone(), (int[])_options.DecoderHiddenLayers.Clone());
            var settings = _options.ToSettings(table.Rows);
            ch.Info(MessageSensitivity.None,
                $"Training a tabular VAE ({spec.Describe()}) on {table.Rows} rows of {table.Columns.Count} columns " +
                $"({table.Continuous.Count()} continuous, {table.Categorical.Count()} categorical; {encoding.Width} encoded values): " +
                $"{_options.Epochs} epochs, batch {settings.BatchSize}{(_options.BatchSize is null ? " (automatic)" : "")}, at least {settings.MinimumSteps} steps an epoch, seed {seed}.");

            var trainer = new TvaeTrainer(_host, settings, seed, spec, device, cancel);
            var (decoder, history) = trainer.Train(ch, encoded);
            var model = Ownership.Transfer(decoder,
                () => TableDecoder.Unconditional(decoder, spec, encoding, GenerationConditions.From(table), constraints));
            return Ownership.Transfer(model, () => new TabularVaeTransformer(_host, model, seed, history));
        }
    }
}
