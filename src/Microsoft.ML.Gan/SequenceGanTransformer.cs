using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Sequences;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// A trained sequence GAN as an ML.NET transformer: <see cref="Generate"/> makes new sequences in long format, one row
    /// per step with columns <see cref="OutputSequenceIdColumnName"/> (a new id per sequence), <see cref="OutputStepColumnName"/>
    /// (0 to <see cref="WindowLength"/> − 1) and the feature columns in the training data's types and units.
    /// <see cref="Transform"/> appends the same columns to any input, row p getting step p mod length of generated sequence
    /// p / length. Both are lazy, streamed a block of sequences at a time, and the same for the same seed in any process.
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
        public IReadOnlyList<string> FeatureColumnNames => _format.Features;

        /// <summary>The training data's sequence-id column; null when it was one series.</summary>
        public string? SequenceIdColumnName { get; }

        /// <summary>The training data's order column; null when it was in row order.</summary>
        public string? OrderColumnName { get; }

        /// <summary>The generated sequence-id column (Int64).</summary>
        public string OutputSequenceIdColumnName => _format.SequenceIdColumn;

        /// <summary>The generated step column (Int32).</summary>
        public string OutputStepColumnName => _format.StepColumn;

        /// <summary>Steps of every generated sequence: the training window length.</summary>
        public int WindowLength => Decoder.Spec.Length;

        /// <summary>The seed generation uses when none is given (the training seed).</summary>
        public int Seed { get; }

        /// <summary>Per-epoch training metrics, first epoch first.</summary>
        public IReadOnlyList<GanEpochMetrics> TrainingHistory { get; }

        internal GeneratorModel Model => _core.Model;

        internal LongFormat Format => _format;

        private SequenceDecoder Decoder => (SequenceDecoder)Model.Decoder;

        /// <summary>The min-max scaling the model learnt its training data in: what <see cref="GenerateScaledWindows"/>' values are scaled by.</summary>
        internal MinMaxScaling Scaling => Decoder.Scaling;

        /// <summary>False: a generated row belongs to a sequence of <see cref="WindowLength"/> rows, not to one input row.</summary>
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
            foreach (var (name, type) in _format.Columns())
                builder.AddColumn(name, type);
            return builder.ToSchema();
        }

        /// <summary>
        /// The input with the generated columns appended: row p gets step p mod <see cref="WindowLength"/> of the sequence
        /// <see cref="Generate"/> gives at p / <see cref="WindowLength"/> for <see cref="Seed"/>.
        /// </summary>
        public IDataView Transform(IDataView input)
        {
            _host.CheckValue(input, nameof(input));
            return View(input, input.GetRowCount(), 0, Seed);
        }

        /// <summary>
        /// <paramref name="count"/> new sequences (<paramref name="count"/> × <see cref="WindowLength"/> rows, sequence by
        /// sequence, steps in order) with ids 0 to count − 1. The same seed gives the same rows in any process; null uses
        /// <see cref="Seed"/>. Made lazily, a block of sequences at a time.
        /// </summary>
        public IDataView Generate(int count, int? seed = null) => GenerateRange(0, count, seed);

        /// <summary>
        /// Sequences [<paramref name="firstSequence"/>, <paramref name="firstSequence"/> + <paramref name="count"/>) of what
        /// <see cref="Generate"/> gives for the same seed, with the same ids: bit for bit the rows one larger call has there,
        /// so that several processes can each write a disjoint part of one synthetic set.
        /// </summary>
        public IDataView GenerateRange(long firstSequence, int count, int? seed = null)
        {
            _host.CheckParam(count >= 0, nameof(count), $"count must be zero or more; it was {count}.");
            _host.CheckParam(firstSequence >= 0, nameof(firstSequence), $"firstSequence must be zero or more; it was {firstSequence}.");
            long rows = (long)count * WindowLength;
            return View(new EmptyRows(rows), rows, firstSequence, seed ?? Seed);
        }

        /// <summary>
        /// The windows of <paramref name="data"/> (long format, with the columns the model was trained on), checked as
        /// training checks them and min-max scaled with the model's own scaling, one after another: the real side of the
        /// sequence scores, in the same units as <see cref="GenerateScaledWindows"/>.
        /// </summary>
        internal float[] ScaledWindows(IDataView data)
        {
            _host.CheckValue(data, nameof(data));
            var columns = new SequenceColumns(_format.Features, SequenceIdColumnName, OrderColumnName);
            columns.Check(_host, data.Schema);
            return SequenceReader.Read(_host, data, columns, WindowLength, default, Decoder.Scaling).AllWindows();
        }

        /// <summary>
        /// <paramref name="count"/> generated windows, still min-max scaled to [0, 1], one after another (count × length ×
        /// features, step by step): what the sequence scores compare with real windows in the same scaling (<see cref="ScaledWindows"/>).
        /// </summary>
        internal float[] GenerateScaledWindows(int count, int seed)
        {
            int size = Decoder.Spec.FeatureSize;
            var all = new float[checked(count * size)];
            var view = _core.Generate(count, new GenerationRequest(seed));
            using var cursor = view.GetRowCursor(view.Schema);
            var getter = cursor.GetGetter<VBuffer<float>>(view.Schema[SequenceDecoder.WindowColumnName]);
            VBuffer<float> window = default;
            while (cursor.MoveNext())
            {
                getter(ref window);
                window.GetValues().CopyTo(all.AsSpan((int)cursor.Position * size, size));
            }
            return all;
        }

        // Windows enough for the rows (or, for an input of unknown length, an open-ended stream), made into long-format rows.
        private IDataView View(IDataView input, long? rows, long firstSequence, int seed)
        {
            long windows = rows is long n ? (n + WindowLength - 1) / WindowLength : long.MaxValue / 2;
            var generated = _core.Generate(windows, new GenerationRequest(seed, FirstRow: firstSequence));
            return new LongFormatView(input, generated, WindowLength, _format, Decoder.Scaling, firstSequence);
        }

        /// <summary>
        /// Releases the generator once every view reading it has finished its block; views made earlier then throw
        /// <see cref="ObjectDisposedException"/> when read.
        /// </summary>
        public void Dispose() => _core.Dispose();
    }
}
