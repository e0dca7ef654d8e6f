using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks.Sequence;
using Microsoft.ML.Gan.Sequences;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// Trains a GAN on sequences in long format (one row per step: feature columns, an optional sequence-id column, an
    /// optional order column, optional static attribute columns): sliding windows of <see cref="Options.WindowLength"/>
    /// steps cut from every sequence, or whole sequences of varying length, are learnt by a recurrent (GRU) generator
    /// that makes a sequence's attributes first and its steps with them, by default matched to the real ones in maximum
    /// mean discrepancy (an adversarial loss plays against a recurrent critic), through the same trainer, checkpoints and
    /// persistence as the other GANs. The fitted <see cref="SequenceGanTransformer"/> generates new sequences in the same
    /// long format. Create it with <c>mlContext.Generative().SequenceGan(...)</c>.
    /// </summary>
    public sealed partial class SequenceGanEstimator : IEstimator<SequenceGanTransformer>
    {
        private readonly IHost _host;
        private readonly Options _options;
        private readonly SequenceColumns _columns;

        internal SequenceGanEstimator(IHostEnvironment env, Options options)
        {
            Contracts.CheckValue(env, nameof(env));
            _host = env.Register(nameof(SequenceGanEstimator));
            _host.CheckValue(options, nameof(options));
            // A private copy, validated once: Fit reads only this, so the caller's object can change freely.
            _options = options.Clone();
            _options.Validate();
            _columns = new SequenceColumns(_options.FeatureColumnNames, _options.SequenceIdColumnName, _options.OrderColumnName, _options.AttributeColumnNames);
        }

        /// <summary>
        /// The input schema with the generated long-format columns appended (sequence id as Int64, step as Int32, each
        /// feature and attribute in its own type, hiding input columns of the same names); throws, naming the column, when
        /// a feature, attribute, sequence-id or order column is missing or of the wrong type.
        /// </summary>
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            _columns.Check(_host, inputSchema);
            var columns = inputSchema.ToDictionary(c => c.Name);
            columns[_options.OutputSequenceIdColumnName] = Scalar(_options.OutputSequenceIdColumnName, NumberDataViewType.Int64);
            columns[_options.OutputStepColumnName] = Scalar(_options.OutputStepColumnName, NumberDataViewType.Int32);
            foreach (string name in _options.FeatureColumnNames.Concat(_options.AttributeColumnNames))
                columns[name] = Scalar(name, (PrimitiveDataViewType)columns[name].ItemType);
            return new SchemaShape(columns.Values);
        }

        private static SchemaShape.Column Scalar(string name, PrimitiveDataViewType type) =>
            new(name, SchemaShape.Column.VectorKind.Scalar, type, isKey: false);

        /// <summary>
        /// Reads and checks the sequences (column types first, then the values: every order column increasing within its
        /// sequence, every sequence at least one window long (or at most <see cref="Options.MaxSequenceLength"/> for whole
        /// sequences), every number finite or missing, every attribute one value per sequence; each failure names the
        /// column, what was expected and what was found), cuts the windows (or pads the sequences) and trains. Progress goes to the
        /// <see cref="MLContext"/>'s log; cancellation through the options' token stops at the next minibatch.
        /// </summary>
        public SequenceGanTransformer Fit(IDataView input)
        {
            _host.CheckValue(input, nameof(input));
            TrainingDevice.Resolve(_host, _options.Device);
            // Every check against the real schema happens before any data is read or any network is built.
            _columns.Check(_host, input.Schema);
            var resume = _options.ResumeFromCheckpoint is { } from ? TrainingCheckpoint.Read(_host, from) : null;
            int seed = _options.Seed ?? resume?.Seed ?? _host.Rand.Next();

            using var ch = _host.Start("Training sequence GAN");
            using var threads = TrainingThreads.Use(_options.Threads);
            var cancel = new FitCancellation(_host, _options.CancellationToken);
            bool whole = _options.WholeSequences;
            var raw = SequenceReader.Read(_host, input, _columns, whole ? 1 : _options.WindowLength, whole ? _options.MaxSequenceLength : null, cancel);
            int length = whole ? _options.MaxSequenceLength ?? raw.Lengths.Max() : _options.WindowLength;
            if (whole)
                _options.CheckLatent(length);
            var encoding = SequenceEncoding.Fit(_host, raw, length, whole, nameof(input));
            var data = encoding.Encode(_host, raw, nameof(input));
            long bytes = (long)(data.Steps.Length + data.Attributes.Length) * sizeof(float);
            if (bytes > _options.MemoryBudgetBytes)
                ch.Warning($"The sequences take {bytes} bytes in memory, more than MemoryBudgetBytes = {_options.MemoryBudgetBytes}; sequences are not streamed yet, so they are held in memory anyway.");

            var spec = encoding.Spec(_options.ResolveNoisePerStep(_options.FeatureColumnNames.Length),
                (int[])_options.GeneratorHiddenLayers.Clone(), (int[])_options.DiscriminatorHiddenLayers.Clone());
            var trainer = new GanTrainer(_host, ToTrainerSettings(_options), seed, spec);
            using var source = new WindowMinibatches(data);
            ch.Info(MessageSensitivity.None,
                $"Training a sequence GAN ({spec.Describe()}) on {data.Count} {(whole ? "sequences" : $"windows from {data.SeriesLengths.Length} sequences")} " +
                $"({data.SeriesLengths.Sum(n => (long)n)} steps): {_options.Epochs} epochs, batch {_options.BatchSize ?? Options.AutomaticBatchSize}, seed {seed}.");

            var (trained, history) = trainer.Train(ch, source, resume);
            var network = SequenceModelFormat.AsLoaded(spec, trained);
            var model = Ownership.Transfer(network, () => SequenceDecoder.Model(network, spec, encoding));
            return Ownership.Transfer(model, () => new SequenceGanTransformer(_host, model, new LongFormat(_options.OutputSequenceIdColumnName, _options.OutputStepColumnName),
                _options.SequenceIdColumnName, _options.OrderColumnName, seed, history));
        }

        /// <summary>
        /// The trainer's settings for validated <paramref name="o"/>: a null batch size is the automatic 128, and what shapes
        /// the windows besides the networks (their length and stride, the scaling, the feature columns) is a compatibility
        /// key of checkpoints.
        /// </summary>
        internal static TrainerSettings ToTrainerSettings(Options o) =>
            o.ToTrainerSettings(o.BatchSize ?? Options.AutomaticBatchSize, o.Packing ?? 1) with
            {
                DataKeys = DataKeys(o).ToArray(),
            };

        // The windows' (or whole sequences') keys; attributes and whole sequences only when used, so that a windows-only
        // run records what it recorded before they existed.
        private static IEnumerable<KeyValuePair<string, string>> DataKeys(Options o)
        {
            if (o.WholeSequences)
                yield return new("WholeSequences", (o.MaxSequenceLength?.ToString(CultureInfo.InvariantCulture) ?? "the longest") + " steps at most");
            else
            {
                yield return new("WindowLength", o.WindowLength.ToString(CultureInfo.InvariantCulture));
                yield return new("WindowStride", "1");
            }
            yield return new("SequenceScaling", "min-max per feature over all rows");
            yield return new("SequenceFeatures", string.Join(",", o.FeatureColumnNames));
            if (o.AttributeColumnNames.Length > 0)
                yield return new("SequenceAttributes", string.Join(",", o.AttributeColumnNames));
            yield return new("SequenceIdColumn", o.SequenceIdColumnName ?? "(one series)");
            yield return new("OrderColumn", o.OrderColumnName ?? "(row order)");
        }
    }
}
