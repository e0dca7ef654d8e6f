using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
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
            TrainingDevice.Resolve(_host, _options.Device);
            // Every check against the real schema happens before any data is read or any network is built.
            var featureType = ColumnChecks.CheckFeature(_host, input.Schema, _options.FeatureColumnName);
            if (_options.LabelColumnName is not null)
                ColumnChecks.CheckLabel(_host, input.Schema, _options.LabelColumnName);
            var (architecture, image) = ImageShapes.Choose(_host, _options.FeatureColumnName, featureType, _options);
            int latent = _options.ResolveLatentDimension(featureType.Size);
            ColumnChecks.FindLatent(_host, input.Schema, _options.LatentColumnName, latent);
            var (resume, resumePath) = _options.ResumeFromCheckpoint is { } from ? TrainingCheckpoint.Read(from) : default;
            // A resumed run without an explicit seed continues with the checkpoint's.
            int seed = _options.Seed ?? resume?.Seed ?? _host.Rand.Next();

            using var ch = _host.Start("Training GAN");
            var (rowClasses, classes) = _options.LabelColumnName is { } label ? LabelValues.Read(_host, input, label) : default;
            NetworkSpec spec = architecture == GanArchitecture.Dcgan
                ? new DcganSpec(latent, classes?.Count ?? 0, image!.Value, _options.GeneratorFeatureMaps, _options.DiscriminatorFeatureMaps)
                : new MlpSpec(latent, classes?.Count ?? 0, featureType.Size,
                    (int[])_options.GeneratorHiddenLayers.Clone(), (int[])_options.DiscriminatorHiddenLayers.Clone());
            var trainer = new GanTrainer(_host, _options, seed, spec);
            resume?.CheckMatches(trainer.CompatibilityKeys(), resumePath!);

            bool canStream = architecture == GanArchitecture.Mlp && classes is null;
            using var data = TrainingData.Create(_host, ch, input, _options.FeatureColumnName, featureType.Size, architecture,
                rowClasses, classes, canStream, _options.MemoryBudgetBytes);
            ch.Info(MessageSensitivity.None,
                $"Training a GAN ({spec.Describe()}{(classes is null ? "" : $", conditional on {classes.Count} classes of '{_options.LabelColumnName}'")}) " +
                $"on {data.Source.Rows} rows of {featureType.Size} values{(data.Source is StreamingMinibatches ? " streamed through a shuffle buffer" : "")}: " +
                $"{_options.Epochs} epochs, batch {_options.BatchSize}, seed {seed}.");

            List<GanEpochMetrics> history;
            Sequential network;
            using (TrainingThreads.Use(_options.Threads))
                (network, history) = trainer.Train(ch, data.Source, resume);
            var scaler = data.Scaler;
            var model = new GeneratorModel(network, spec, scaler, new VectorDataViewType(NumberDataViewType.Single, featureType.Dimensions), classes);
            return new GanTransformer(_host, model, _options.FeatureColumnName, _options.OutputColumnName,
                _options.LatentColumnName, _options.LabelColumnName, seed, history);
        }

    }
}
