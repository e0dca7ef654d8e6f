using System;
using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// A trained GAN generator as an ML.NET transformer. <see cref="Transform"/> appends one generated
    /// sample per input row (from the row's latent vector when the input has the latent column,
    /// otherwise from noise fixed by <see cref="Seed"/> and the row's position; a conditional model
    /// generates each row for the row's own label when the input has the label column);
    /// <see cref="Generate(int, int?, string?)"/> makes new rows. Both are lazy and deterministic, and run the
    /// generator in blocks of rows.
    /// </summary>
    public sealed partial class GanTransformer : ITransformer, IDisposable
    {
        private readonly IHost _host;
        private readonly TransformerCore _core;

        internal GanTransformer(IHostEnvironment env, GeneratorModel model, string featureColumnName, string outputColumnName,
            string latentColumnName, string? labelColumnName, int seed, IReadOnlyList<GanEpochMetrics> history, PrivacyGuarantee? privacy = null)
        {
            _host = env.Register(nameof(GanTransformer));
            FeatureColumnName = featureColumnName;
            OutputColumnName = outputColumnName;
            LatentColumnName = latentColumnName;
            LabelColumnName = labelColumnName;
            Seed = seed;
            TrainingHistory = history;
            Privacy = privacy;
            var classes = ((VectorDecoder)model.Decoder).Classes;
            _core = new TransformerCore(_host, model, nameof(GanTransformer), latentColumnName, labelColumnName,
                classes is null ? null : value => value is null
                    ? throw new InvalidOperationException($"Label column '{labelColumnName}' has a missing value; conditional generation needs a label on every row.")
                    : classes.ClassOf(value, labelColumnName!),
                generatedLabel: 1);
        }

        /// <summary>The column the generator was trained on.</summary>
        public string FeatureColumnName { get; }

        /// <summary>The generated column.</summary>
        public string OutputColumnName { get; }

        /// <summary>The input column of latent vectors that <see cref="Transform"/> uses when present.</summary>
        public string LatentColumnName { get; }

        /// <summary>The conditioning column, when the model is conditional.</summary>
        public string? LabelColumnName { get; }

        /// <summary>Whether samples are generated for a class (the model was trained with a label column).</summary>
        public bool IsConditional => Model.IsConditional;

        /// <summary>The classes of a conditional model (the training label values, in key order); empty otherwise.</summary>
        public IReadOnlyList<string> Classes => Decoder.Classes?.Values ?? Array.Empty<string>();

        /// <summary>The network architecture that was trained.</summary>
        public GanArchitecture Architecture => Model.Spec.Architecture;

        /// <summary>Size of the generator's latent vectors.</summary>
        public int LatentDimension => Model.LatentDimension;

        /// <summary>Size of each generated vector (the training features' size).</summary>
        public int OutputSize => Decoder.OutputType.Size;

        /// <summary>The seed <see cref="Transform"/> draws noise from (the training seed).</summary>
        public int Seed { get; }

        /// <summary>Per-epoch training metrics, first epoch first.</summary>
        public IReadOnlyList<GanEpochMetrics> TrainingHistory { get; }

        /// <summary>The differential privacy guarantee of a model trained with <see cref="GanOptionsBase.Privacy"/>; null otherwise.</summary>
        public PrivacyGuarantee? Privacy { get; }

        internal GeneratorModel Model => _core.Model;

        private VectorDecoder Decoder => (VectorDecoder)Model.Decoder;

        /// <summary>True: every output row is made from the input row at the same position.</summary>
        public bool IsRowToRowMapper => true;

        /// <summary>The input schema with <see cref="OutputColumnName"/> appended (and, for a conditional model whose input has no label column, the label column the rows are generated for).</summary>
        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _core.GetOutputSchema(inputSchema, Seed);

        /// <summary>The input with one generated sample per row appended, computed lazily in blocks of rows.</summary>
        public IDataView Transform(IDataView input) => _core.Transform(input, Seed);

        /// <summary>Row-at-a-time generation for prediction engines: the same values as <see cref="Transform"/> at the same positions.</summary>
        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _core.GetRowToRowMapper(inputSchema, Seed);

        /// <summary>
        /// <paramref name="count"/> new rows with the column <see cref="OutputColumnName"/> and, for a conditional model,
        /// the label column (a key over <see cref="Classes"/>). The same seed gives the same rows; null uses
        /// <see cref="Seed"/>. With <paramref name="label"/> (a training label value as text, one of <see cref="Classes"/>;
        /// conditional models only) every row is of that class; without it classes are drawn with their training
        /// frequencies. Rows are made lazily, a block at a time.
        /// </summary>
        public IDataView Generate(int count, int? seed = null, string? label = null) => GenerateRange(0, count, seed, label);

        /// <summary>
        /// Rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="count"/>) of what
        /// <see cref="Generate"/> gives for the same seed and label: bit for bit the rows one larger call has at those
        /// positions, so that several processes or machines can each write a disjoint part of one synthetic set. Each
        /// part costs only its own rows.
        /// </summary>
        public IDataView GenerateRange(long firstRow, int count, int? seed = null, string? label = null)
        {
            _host.CheckParam(count >= 0, nameof(count), $"count must be zero or more; it was {count}.");
            _host.CheckParam(firstRow >= 0, nameof(firstRow), $"firstRow must be zero or more; it was {firstRow}.");
            return _core.Generate(count, new GenerationRequest(seed ?? Seed, label is null ? null : ClassOf(label), FirstRow: firstRow));
        }

        /// <summary>
        /// Latent vectors drawn as generation draws them (standard normal), for the latent-space helpers: the
        /// same seed gives the same vectors.
        /// </summary>
        public float[][] SampleLatent(int count, int seed)
        {
            _host.CheckParam(count >= 0, nameof(count), $"count must be zero or more; it was {count}.");
            return LatentSpace.Sample(count, LatentDimension, seed);
        }

        /// <summary>
        /// One generated row per caller-given latent vector (each of size <see cref="LatentDimension"/>), in
        /// order; a conditional model generates them all for <paramref name="label"/> (required then).
        /// </summary>
        public IDataView GenerateFromLatent(IReadOnlyList<float[]> latent, string? label = null)
        {
            _host.CheckValue(latent, nameof(latent));
            int? c = ClassForLatent(label);
            var data = LatentSpace.ToDataView(_host, latent, LatentColumnName, LatentDimension);
            return _core.Transform(data, new GenerationRequest(Seed, c));
        }

        /// <summary>
        /// A strip of <paramref name="steps"/> samples along the straight line from latent vector
        /// <paramref name="from"/> to <paramref name="to"/>, ends included (Radford et al. 2016 walk the latent
        /// space this way to show the generator has not memorised samples).
        /// </summary>
        public IDataView Interpolate(float[] from, float[] to, int steps, string? label = null)
        {
            _host.CheckParam(steps >= 2, nameof(steps), $"an interpolation needs at least 2 steps; it was {steps}.");
            return GenerateFromLatent(LatentSpace.Line(from, to, steps, LatentDimension), label);
        }

        private int ClassOf(string label)
        {
            var classes = Decoder.Classes ?? throw _host.ExceptNotSupp(
                $"This GAN is not conditional (it was trained without a label column), so it cannot generate for label '{label}'.");
            return classes.TryGetClass(label, out int c) ? c : throw _host.ExceptParam(nameof(label),
                $"Label '{label}' is not one of the {classes.Count} classes the GAN was trained on in column '{LabelColumnName}': {classes.Describe()}.");
        }

        private int? ClassForLatent(string? label)
        {
            if (label is not null)
                return ClassOf(label);
            if (IsConditional)
                throw _host.ExceptParam(nameof(label), $"This GAN is conditional; name the class to generate, one of {Decoder.Classes!.Describe()}.");
            return null;
        }

        /// <summary>
        /// Releases one holder of the generator: its owner, or a prediction engine made from this transformer (ML.NET's
        /// engines dispose the transformer they were made from). The generator is freed when the last holder is released,
        /// so the owner and the engines may dispose in any order. Once it is freed, views made earlier throw
        /// <see cref="ObjectDisposedException"/> when read afterwards; a cursor that is generating a block at that moment
        /// finishes it first.
        /// </summary>
        public void Dispose() => _core.Dispose();

        private void ThrowIfDisposed() => _core.Lifetime.ThrowIfEnded();
    }
}
