using System;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// What both transformers are made of: a generator model, the guard that keeps it alive while it runs, and the
    /// row mapping every ITransformer member goes through. Transform appends the generated columns to any input (one
    /// generated row per input row: from the row's latent vector or seeded noise at its position, for the row's label
    /// when the input has the label column); Generate is Transform over an input of the asked number of empty rows.
    /// </summary>
    internal sealed class TransformerCore : IDisposable
    {
        private readonly IHost _host;
        private readonly string? _latentColumnName;
        private readonly string? _labelColumnName;
        private readonly Func<string?, int>? _slotOf;
        private readonly int _generatedLabel;

        /// <param name="host">The transformer's host.</param>
        /// <param name="model">The generator; the core owns it.</param>
        /// <param name="owner">The transformer's name, for <see cref="ObjectDisposedException"/>.</param>
        /// <param name="latentColumnName">The latent column Transform reads when present; null for none.</param>
        /// <param name="labelColumnName">The label column generation is conditioned on when the input has it; null for none.</param>
        /// <param name="slotOf">A label value (null: missing) to the model's condition slot.</param>
        /// <param name="generatedLabel">Index in the decoder's columns of a label column left out when the input has its own; -1 for none.</param>
        public TransformerCore(IHost host, GeneratorModel model, string owner, string? latentColumnName, string? labelColumnName,
            Func<string?, int>? slotOf, int generatedLabel)
        {
            _host = host;
            Model = model;
            Lifetime = new ModelLifetime(owner);
            _latentColumnName = latentColumnName;
            _labelColumnName = labelColumnName;
            _slotOf = slotOf;
            _generatedLabel = generatedLabel;
        }

        public GeneratorModel Model { get; }

        public ModelLifetime Lifetime { get; }

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema, int seed)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            return Bind(inputSchema, new GenerationRequest(seed)).OutputSchema;
        }

        public IDataView Transform(IDataView input, int seed)
        {
            _host.CheckValue(input, nameof(input));
            return new GeneratedDataView(input, Bind(input.Schema, new GenerationRequest(seed)));
        }

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema, int seed)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            return Lifetime.HandOut(new GeneratedRowMapper(Bind(inputSchema, new GenerationRequest(seed))));
        }

        /// <summary><paramref name="count"/> rows of the generated columns alone, as <paramref name="request"/> asks.</summary>
        public IDataView Generate(long count, GenerationRequest request)
        {
            _host.CheckParam(count >= 0, nameof(count), $"count must be zero or more; it was {count}.");
            _host.CheckParam(request.FirstRow >= 0 && request.FirstRow <= long.MaxValue - count, "firstRow",
                $"firstRow must be zero or more, and firstRow + count within a long; it was {request.FirstRow} with count {count}.");
            var rows = new EmptyRows(count);
            return new GeneratedDataView(rows, Bind(rows.Schema, request));
        }

        /// <summary>Views made from a given input schema, or over rows given as latent vectors.</summary>
        public IDataView Transform(IDataView input, GenerationRequest request) => new GeneratedDataView(input, Bind(input.Schema, request));

        /// <summary>
        /// Releases one holder of the generator (<see cref="ModelLifetime"/>: the owner, or one row-to-row mapper handed
        /// out); the last frees it once every running use has returned its lease. Views made earlier then throw
        /// <see cref="ObjectDisposedException"/> when read.
        /// </summary>
        public void Dispose()
        {
            if (Lifetime.Release())
                Model.Dispose();
        }

        private OutputBinding Bind(DataViewSchema schema, GenerationRequest request)
        {
            Lifetime.ThrowIfEnded();
            return OutputBinding.Create(_host, Model, Lifetime, schema, _latentColumnName, _labelColumnName, _slotOf, _generatedLabel, request);
        }
    }
}
