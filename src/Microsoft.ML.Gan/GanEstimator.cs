using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Privacy;
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
        private readonly TrainerSettings _settings;

        internal GanEstimator(IHostEnvironment env, Options options)
        {
            Contracts.CheckValue(env, nameof(env));
            _host = env.Register(nameof(GanEstimator));
            _host.CheckValue(options, nameof(options));
            // A private copy, validated once: Fit reads only this, so the caller's object can change freely.
            _options = options.Clone();
            _options.Validate();
            _settings = ToTrainerSettings(_options);
        }

        /// <summary>
        /// The input schema with the generated column (and, for a conditional GAN, the label column generation emits when
        /// the input has none) appended; throws when the feature, label or latent column has the wrong type.
        /// </summary>
        public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        {
            _host.CheckValue(inputSchema, nameof(inputSchema));
            ColumnChecks.CheckFeature(_host, inputSchema, _options.FeatureColumnName);
            if (_options.LabelColumnName is not null)
                ColumnChecks.CheckLabel(_host, inputSchema, _options.LabelColumnName);
            ColumnChecks.CheckLatent(_host, inputSchema, _options.LatentColumnName);
            return ColumnChecks.Append(inputSchema, ColumnChecks.OutputColumn(_options.OutputColumnName));
        }

        /// <summary>
        /// Trains the generator and discriminator on <paramref name="input"/>'s feature column (checked before any row is
        /// read) and returns the fitted generator. Progress goes to the <see cref="MLContext"/>'s log; cancellation through
        /// the options' token or ML.NET's own stops at the next minibatch.
        /// </summary>
        public GanTransformer Fit(IDataView input)
        {
            _host.CheckValue(input, nameof(input));
            TrainingDevice.Resolve(_host, _options.Device);
            // Every check against the real schema happens before any data is read or any network is built.
            var featureType = ColumnChecks.CheckFeature(_host, input.Schema, _options.FeatureColumnName);
            if (_options.LabelColumnName is not null)
                ColumnChecks.CheckLabel(_host, input.Schema, _options.LabelColumnName);
            var (architecture, image) = ImageShapes.Choose(_host, _options.FeatureColumnName, featureType,
                _options.Architecture, _options.ImageHeight, _options.ImageWidth, _options.ImageChannels);
            int latent = _options.ResolveLatentDimension(featureType.Size);
            ColumnChecks.FindLatent(_host, input.Schema, _options.LatentColumnName, latent);
            var resume = _options.ResumeFromCheckpoint is { } from ? TrainingCheckpoint.Read(_host, from) : null;
            // A resumed run without an explicit seed continues with the checkpoint's.
            int seed = _options.Seed ?? resume?.Seed ?? _host.Rand.Next();

            using var ch = _host.Start("Training GAN");
            // Taken before any data is read: a concurrent fit asking for another thread count is refused at once.
            using var threads = TrainingThreads.Use(_options.Threads);
            var cancel = new FitCancellation(_host, _options.CancellationToken);
            var (rowClasses, classes) = _options.LabelColumnName is { } label ? LabelValues.Read(_host, input, label, cancel) : default;
            if (classes is not null && classes.Frequencies.Count(f => f > 0) == 1)
                ch.Warning($"Label column '{_options.LabelColumnName}' has one class in the training data ('{classes.Values[Array.FindIndex(classes.Frequencies, f => f > 0)]}'): " +
                    "a conditional GAN learns nothing from it that an unconditional one would not.");
            NetworkSpec spec = architecture == GanArchitecture.Dcgan
                ? new DcganSpec(latent, classes?.Count ?? 0, image!.Value, _options.GeneratorFeatureMaps, _options.DiscriminatorFeatureMaps)
                : new MlpSpec(latent, classes?.Count ?? 0, featureType.Size,
                    (int[])_options.GeneratorHiddenLayers.Clone(), (int[])_options.DiscriminatorHiddenLayers.Clone());
            // With privacy, the scaler and the class frequencies come from noisy histograms, released once the rows are counted.
            StatisticsRelease? release = null;
            Func<long, double>? statisticsNoise = _options.Privacy is not { } privacy ? null : rows =>
            {
                release = new StatisticsRelease(privacy.Epsilon, _settings.Privacy!.ResolveDelta(rows), privacy.StatisticsShare,
                    PrivateVectorStatistics.Histograms(featureType.Size, classes is not null), thresholdedColumns: 0);
                return release.CountNoise;
            };

            bool canStream = architecture == GanArchitecture.Mlp && classes is null && _options.Privacy is null;
            using var data = TrainingData.Create(_host, ch, input, _options.FeatureColumnName, featureType.Size, architecture,
                rowClasses, classes, canStream, _options.MemoryBudgetBytes, cancel, statisticsNoise, seed);
            var settings = release is null ? _settings
                : _settings with { Privacy = _settings.Privacy! with { Statistics = new StatisticsNoise(release.NoiseMultiplier, release.ThresholdDelta) } };
            var trainer = new GanTrainer(_host, settings, seed, spec);
            ch.Info(MessageSensitivity.None,
                $"Training a GAN ({spec.Describe()}{(classes is null ? "" : $", conditional on {classes.Count} classes of '{_options.LabelColumnName}'")}) " +
                $"on {data.Source.Rows} rows of {featureType.Size} values{(data.Source is StreamingMinibatches ? " streamed through a shuffle buffer" : "")}: " +
                $"{_options.Epochs} epochs, batch {_settings.BatchSize}, seed {seed}.");

            var (network, history) = trainer.Train(ch, data.Source, resume);
            var model = Ownership.Transfer(network, () => VectorDecoder.Model(network, spec, data.Scaler,
                new VectorDataViewType(NumberDataViewType.Single, featureType.Dimensions), classes, _options.OutputColumnName, _options.LabelColumnName));
            return Ownership.Transfer(model, () => new GanTransformer(_host, model, _options.FeatureColumnName, _options.OutputColumnName,
                _options.LatentColumnName, _options.LabelColumnName, seed, history, trainer.Guarantee));
        }

        /// <summary>The trainer's settings for validated <paramref name="o"/>: a null batch size is the automatic 64.</summary>
        internal static TrainerSettings ToTrainerSettings(Options o) => o.ToTrainerSettings(o.BatchSize ?? Options.AutomaticBatchSize, o.Packing ?? 1);
    }
}
