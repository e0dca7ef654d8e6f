using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Sequences;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// A trained sequence GAN as an ML.NET transformer: <see cref="Generate(int, int?)"/> makes new sequences in long
    /// format, one row per step with columns <see cref="OutputSequenceIdColumnName"/> (a new id per sequence),
    /// <see cref="OutputStepColumnName"/> (0, 1, … within each sequence), the feature columns and the attribute columns
    /// (the sequence's, on each of its rows) in the training data's types and units; <see cref="Generate(IDataView, int?)"/>
    /// makes one sequence for each row of given attributes. <see cref="Transform"/> appends the same columns to any input,
    /// row p getting row p of the generated stream. All are lazy, streamed a block of sequences at a time, and the same
    /// for the same seed in any process.
    /// </summary>
    public sealed partial class SequenceGanTransformer : ITransformer, IDisposable
    {
        private readonly IHost _host;
        private readonly TransformerCore _core;
        private readonly LongFormat _format;

        internal SequenceGanTransformer(IHostEnvironment env, GeneratorModel model, LongFormat format, string? sequenceIdColumnName,
            string? orderColumnName, int seed, IReadOnlyList<GanEpochMetrics> history)
        {
            SequenceIdColumnName = sequenceIdColumnName;
            OrderColumnName = orderColumnName;
            _host = env.Register(nameof(SequenceGanTransformer));
            _format = format;
            Seed = seed;
            TrainingHistory = history;
            // Windows are the core's samples: no latent or label column drives them, every one comes from seeded noise.
            _core = new TransformerCore(_host, model, nameof(SequenceGanTransformer), latentColumnName: null, labelColumnName: null,
                slotOf: null, generatedLabel: -1);
        }

        /// <summary>The feature columns, in the order the model learnt them; generated with the same names and types.</summary>
        public IReadOnlyList<string> FeatureColumnNames => Array.ConvertAll(Encoding.Steps.Columns, c => c.Name);

        /// <summary>The static attribute columns, in the order the model learnt them (empty when none); generated with the same names and types.</summary>
        public IReadOnlyList<string> AttributeColumnNames => Array.ConvertAll(Encoding.Attributes.Columns, c => c.Name);

        /// <summary>Whether the model learnt whole sequences of varying length (up to <see cref="WindowLength"/> steps) rather than windows.</summary>
        public bool WholeSequences => Encoding.VariableLength;

        /// <summary>The training data's sequence-id column; null when it was one series.</summary>
        public string? SequenceIdColumnName { get; }

        /// <summary>The training data's order column; null when it was in row order.</summary>
        public string? OrderColumnName { get; }

        /// <summary>The generated sequence-id column (Int64).</summary>
        public string OutputSequenceIdColumnName => _format.SequenceIdColumn;

        /// <summary>The generated step column (Int32).</summary>
        public string OutputStepColumnName => _format.StepColumn;

        /// <summary>Steps of every generated sequence: the training window length; for <see cref="WholeSequences"/>, the most steps a sequence can have.</summary>
        public int WindowLength => Decoder.Spec.Length;

        /// <summary>The seed generation uses when none is given (the training seed).</summary>
        public int Seed { get; }

        /// <summary>Per-epoch training metrics, first epoch first.</summary>
        public IReadOnlyList<GanEpochMetrics> TrainingHistory { get; }

        internal GeneratorModel Model => _core.Model;

        internal LongFormat Format => _format;

        private SequenceDecoder Decoder => (SequenceDecoder)Model.Decoder;

        /// <summary>How the model encodes sequences: what <see cref="GenerateScaledWindows"/>' values are encoded by.</summary>
        internal SequenceEncoding Encoding => Decoder.Encoding;

        /// <summary>False: a generated row belongs to a sequence of several rows, not to one input row.</summary>
        public bool IsRowToRowMapper => false;

        /// <summary>Not supported: rows of one sequence are made together (see <see cref="IsRowToRowMapper"/>).</summary>
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
            throw _host.ExceptNotSupp("A sequence GAN makes the rows of a sequence together; use Transform or Generate, not a row-to-row mapper.");

        /// <summary>The input schema with the generated sequence id, step and feature columns appended (hiding input columns of the same names).</summary>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            _core.Lifetime.ThrowIfEnded();
            var builder = new DataViewSchema.Builder();
            builder.AddColumns(inputSchema);
            foreach (var (name, type) in _format.Columns(Encoding))
                builder.AddColumn(name, type);
            return builder.ToSchema();
        }

        /// <summary>
        /// The input with the generated columns appended: row p gets row p of what <see cref="Generate(int, int?)"/> gives
        /// for <see cref="Seed"/> (for windows, step p mod <see cref="WindowLength"/> of sequence p / <see cref="WindowLength"/>).
        /// </summary>
        public IDataView Transform(IDataView input)
        {
            _host.CheckValue(input, nameof(input));
            return View(input, null, 0, Seed);
        }

        /// <summary>
        /// <paramref name="count"/> new sequences (sequence by sequence, steps in order; <paramref name="count"/> ×
        /// <see cref="WindowLength"/> rows for windows) with ids 0 to count − 1. The same seed gives the same rows in any
        /// process; null uses <see cref="Seed"/>. Made lazily, a block of sequences at a time.
        /// </summary>
        public IDataView Generate(int count, int? seed = null) => GenerateRange(0, count, seed);

        /// <summary>
        /// One new sequence for each row of <paramref name="attributes"/>, which must hold every one of
        /// <see cref="AttributeColumnNames"/> (numbers as Single or Double, categories in their training type, values the
        /// model learnt): conditional generation. Sequence k (id k) has row k's attributes on each of its rows, and is
        /// made from the noise <see cref="Generate(int, int?)"/> draws for sequence k with the same seed (null:
        /// <see cref="Seed"/>). Numbers come back within float precision of the given ones.
        /// </summary>
        public IDataView Generate(IDataView attributes, int? seed = null)
        {
            _host.CheckValue(attributes, nameof(attributes));
            if (Encoding.Attributes.Width == 0)
                throw _host.ExceptParam(nameof(attributes), "The model learnt no attribute columns, so there is nothing to condition on; use Generate(count, seed).");
            float[] encoded = AttributeRows.Read(_host, attributes, Encoding.Attributes);
            long count = encoded.Length / Encoding.Attributes.Width;
            var sequences = new ConditionedSequences(Model, _core.Lifetime, encoded, seed ?? Seed);
            return new LongFormatView(new EmptyRows(OpenEnded), sequences, _format, Encoding, 0, count);
        }

        /// <summary>
        /// Sequences [<paramref name="firstSequence"/>, <paramref name="firstSequence"/> + <paramref name="count"/>) of what
        /// <see cref="Generate(int, int?)"/> gives for the same seed, with the same ids: bit for bit the rows one larger call has there,
        /// so that several processes can each write a disjoint part of one synthetic set.
        /// </summary>
        public IDataView GenerateRange(long firstSequence, int count, int? seed = null)
        {
            _host.CheckParam(count >= 0, nameof(count), $"count must be zero or more; it was {count}.");
            _host.CheckParam(firstSequence >= 0, nameof(firstSequence), $"firstSequence must be zero or more; it was {firstSequence}.");
            long rows = Encoding.VariableLength ? OpenEnded : (long)count * WindowLength;
            return View(new EmptyRows(rows), count, firstSequence, seed ?? Seed);
        }

        // Rows enough for any number of sequences a view can hold: whole sequences' rows are not known before they are made.
        private const long OpenEnded = long.MaxValue / 2;

        /// <summary>
        /// The windows of <paramref name="data"/> (long format, with the columns the model was trained on), checked as
        /// training checks them and encoded with the model's own codings, one after another, steps only: the real side of
        /// the sequence scores, in the same units as <see cref="GenerateScaledWindows"/>.
        /// </summary>
        internal float[] ScaledWindows(IDataView data)
        {
            _host.CheckValue(data, nameof(data));
            var columns = new SequenceColumns(FeatureColumnNames.ToArray(), SequenceIdColumnName, OrderColumnName, AttributeColumnNames.ToArray());
            columns.Check(_host, data.Schema);
            var raw = SequenceReader.Read(_host, data, columns, WholeSequences ? 1 : WindowLength, WholeSequences ? WindowLength : null, default, nameof(data));
            return Encoding.Encode(_host, raw, nameof(data)).AllWindows();
        }

        /// <summary>
        /// <paramref name="count"/> generated windows, encoded as the real data is (<see cref="ScaledWindows"/>: numbers
        /// min-max scaled, flags 0 or 1, categories one-hot, whole sequences padded with zeros after their length), steps
        /// only, one after another (count × length × step width):
        /// what the sequence scores compare with real windows. <paramref name="scaling"/>, when given, rescales the
        /// numbers into its codings of the same columns.
        /// </summary>
        internal float[] GenerateScaledWindows(int count, int seed, BlockCoding? scaling = null)
        {
            var encoding = Encoding;
            int rowWidth = encoding.RowWidth, size = encoding.Length * encoding.StepWidth, a = encoding.Attributes.Width;
            var all = new float[checked(count * size)];
            var view = _core.Generate(count, new GenerationRequest(seed));
            using var cursor = view.GetRowCursor(view.Schema);
            var getter = cursor.GetGetter<VBuffer<float>>(view.Schema[SequenceDecoder.WindowColumnName]);
            VBuffer<float> row = default;
            var values = new float[rowWidth];
            while (cursor.MoveNext())
            {
                getter(ref row);
                row.GetValues().CopyTo(values);
                encoding.Unmask(values);
                encoding.Harden(values);
                var window = all.AsSpan((int)cursor.Position * size, size);
                values.AsSpan(a, size).CopyTo(window);
                for (int t = 0; scaling is not null && t < encoding.Length; t++)
                    encoding.Steps.Rescale(window.Slice(t * encoding.StepWidth, encoding.Steps.Width), scaling);
            }
            return all;
        }

        // The generated sequences made into long-format rows: count sequences for Generate; for Transform (count null),
        // as many as the input's rows take.
        private IDataView View(IDataView input, long? count, long firstSequence, int seed)
        {
            long made = count ?? (!WholeSequences && input.GetRowCount() is long n ? (n + WindowLength - 1) / WindowLength : OpenEnded);
            var generated = _core.Generate(made, new GenerationRequest(seed, FirstRow: firstSequence));
            return new LongFormatView(input, generated, _format, Encoding, firstSequence, count);
        }

        /// <summary>
        /// Releases the generator once every view reading it has finished its block; views made earlier then throw
        /// <see cref="ObjectDisposedException"/> when read.
        /// </summary>
        public void Dispose() => _core.Dispose();
    }
}
