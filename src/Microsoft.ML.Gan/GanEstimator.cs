using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// Trains a generative adversarial network on a float vector column; the fitted
    /// <see cref="GanTransformer"/> generates rows like it. Create it with <c>mlContext.Generative().Gan(...)</c>.
    /// </summary>
    public sealed partial class GanEstimator : IEstimator<GanTransformer>
    {
        private readonly IHost _host;
        private readonly Options _options;

        internal GanEstimator(IHostEnvironment env, Options options)
        {
            Contracts.CheckValue(env, nameof(env));
            _host = env.Register(nameof(GanEstimator));
            _host.CheckValue(options, nameof(options));
            options.Validate();
            _options = options;
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            ColumnChecks.CheckFeature(_host, inputSchema, _options.FeatureColumnName);
            if (_options.LabelColumnName is not null)
                ColumnChecks.CheckLabel(_host, inputSchema, _options.LabelColumnName);
            ColumnChecks.CheckLatent(_host, inputSchema, _options.LatentColumnName);
            return ColumnChecks.Append(inputSchema, ColumnChecks.OutputColumn(_options.OutputColumnName));
        }

        public GanTransformer Fit(IDataView input)
        {
            _host.CheckValue(input, nameof(input));
            // Every check against the real schema happens before any data is read or any network is built.
            var featureType = ColumnChecks.CheckFeature(_host, input.Schema, _options.FeatureColumnName);
            if (_options.LabelColumnName is not null)
            {
                ColumnChecks.CheckLabel(_host, input.Schema, _options.LabelColumnName);
                throw _host.ExceptNotSupp(
                    $"LabelColumnName '{_options.LabelColumnName}' is valid, but conditional GAN training is not available in this version; leave LabelColumnName null.");
            }
            int latent = _options.ResolveLatentDimension(featureType.Size);
            ColumnChecks.FindLatent(_host, input.Schema, _options.LatentColumnName, latent);
            var (resume, resumePath) = _options.ResumeFromCheckpoint is { } from ? TrainingCheckpoint.Read(from) : default;
            // A resumed run without an explicit seed continues with the checkpoint's.
            int seed = _options.Seed ?? resume?.Seed ?? _host.Rand.Next();
            var trainer = new GanTrainer(_host, _options, seed, featureType.Size);
            resume?.CheckMatches(trainer.Settings(), resumePath!);

            using var ch = _host.Start("Training GAN");
            FeatureScaler scaler;
            Tensor scaledFeatures;
            // The raw matrix is released as soon as the scaled copy exists: training holds one copy of the data.
            using (var features = FeatureMatrix.Load(_host, input, _options.FeatureColumnName, featureType.Size))
            {
                scaler = FeatureScaler.Fit(features);
                scaledFeatures = scaler.Transform(features);
            }
            using var scaled = scaledFeatures;
            ch.Info(MessageSensitivity.None,
                $"Training a GAN on {scaled.shape[0]} rows of {featureType.Size} values: {_options.Epochs} epochs, batch {_options.BatchSize}, seed {seed}.");

            var (network, history) = trainer.Train(ch, scaled, resume);
            var model = new GeneratorModel(network, scaler, latent,
                (int[])_options.GeneratorHiddenLayers.Clone(), new VectorDataViewType(NumberDataViewType.Single, featureType.Dimensions));
            return new GanTransformer(_host, model, _options.FeatureColumnName, _options.OutputColumnName,
                _options.LatentColumnName, _options.LabelColumnName, seed, history);
        }
    }
}
