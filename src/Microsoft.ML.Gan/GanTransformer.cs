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
    /// otherwise from noise fixed by <see cref="Seed"/> and the row's position); <see cref="Generate"/>
    /// makes new rows. Both are lazy and deterministic, and run the generator in blocks of rows.
    /// </summary>
    public sealed partial class GanTransformer : ITransformer, IDisposable
    {
        private readonly IHost _host;
        private readonly GeneratorModel _model;
        private bool _disposed;

        internal GanTransformer(IHostEnvironment env, GeneratorModel model, string featureColumnName, string outputColumnName,
            string latentColumnName, string? labelColumnName, int seed, IReadOnlyList<GanEpochMetrics> history)
        {
            _host = env.Register(nameof(GanTransformer));
            _model = model;
            FeatureColumnName = featureColumnName;
            OutputColumnName = outputColumnName;
            LatentColumnName = latentColumnName;
            LabelColumnName = labelColumnName;
            Seed = seed;
            TrainingHistory = history;
        }

        /// <summary>The column the generator was trained on.</summary>
        public string FeatureColumnName { get; }

        /// <summary>The generated column.</summary>
        public string OutputColumnName { get; }

        /// <summary>The input column of latent vectors that <see cref="Transform"/> uses when present.</summary>
        public string LatentColumnName { get; }

        /// <summary>The conditioning column, when the model is conditional.</summary>
        public string? LabelColumnName { get; }

        /// <summary>Size of the generator's latent vectors.</summary>
        public int LatentDimension => _model.LatentDimension;

        /// <summary>Size of each generated vector (the training features' size).</summary>
        public int OutputSize => _model.OutputSize;

        /// <summary>The seed <see cref="Transform"/> draws noise from (the training seed).</summary>
        public int Seed { get; }

        /// <summary>Per-epoch training metrics, first epoch first.</summary>
        public IReadOnlyList<GanEpochMetrics> TrainingHistory { get; }

        internal GeneratorModel Model => _model;

        public bool IsRowToRowMapper => true;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            return Bind(inputSchema, Seed).OutputSchema;
        }

        public IDataView Transform(IDataView input)
        {
            _host.CheckValue(input, nameof(input));
            return new GanDataView(input, Bind(input.Schema, Seed));
        }

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            return new GanRowToRowMapper(Bind(inputSchema, Seed));
        }

        /// <summary>
        /// <paramref name="count"/> new rows with the single column <see cref="OutputColumnName"/>. The same
        /// seed gives the same rows; null uses <see cref="Seed"/>. Rows are made lazily, a block at a time.
        /// </summary>
        public IDataView Generate(int count, int? seed = null)
        {
            _host.CheckParam(count >= 0, nameof(count), $"count must be zero or more; it was {count}.");
            var rows = new ArrayDataViewBuilder(_host).GetDataView(count);
            return new GanDataView(rows, Bind(rows.Schema, seed ?? Seed));
        }

        public void Dispose()
        {
            if (_disposed)
                return;
            _disposed = true;
            _model.Dispose();
        }

        private void ThrowIfDisposed()
        {
            if (_disposed)
                throw new ObjectDisposedException(nameof(GanTransformer));
        }

        private OutputBinding Bind(DataViewSchema schema, int seed)
        {
            ThrowIfDisposed();
            return OutputBinding.Create(_host, _model, schema, OutputColumnName, LatentColumnName, seed);
        }
    }
}
