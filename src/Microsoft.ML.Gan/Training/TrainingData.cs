using System;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The training rows as the trainer sees them (a minibatch source) with the scaler that maps generated rows
    /// back; owns the tensors. In memory: one contiguous scaled tensor. Beyond the memory budget: a stream through
    /// a shuffle buffer, with the scaler's statistics from one streaming pass.
    /// </summary>
    internal sealed class TrainingData : IDisposable
    {
        private readonly IDisposable[] _owned;

        private TrainingData(MinibatchSource source, FeatureScaler scaler, params IDisposable?[] owned)
        {
            Source = source;
            Scaler = scaler;
            _owned = Array.FindAll(owned, o => o is not null)!;
        }

        public MinibatchSource Source { get; }
        public FeatureScaler Scaler { get; }

        /// <summary>
        /// The training rows. With <paramref name="canStream"/> (unconditional MLP), a column larger than
        /// <paramref name="budgetBytes"/> is streamed; the in-memory read stops as soon as it passes the budget, so
        /// one pass both decides and loads.
        /// </summary>
        public static TrainingData Create(IHost host, IChannel ch, IDataView input, string column, int size, GanArchitecture architecture,
            int[]? rowClasses, ClassLabels? classes, bool canStream, long budgetBytes)
        {
            var features = canStream
                ? FeatureMatrix.LoadWithin(host, input, column, size, budgetBytes)
                : FeatureMatrix.Load(host, input, column, size);
            return features is null
                ? Stream(ch, input, column, size, budgetBytes)
                : InMemory(features, architecture, rowClasses, classes);
        }

        // Takes the raw matrix and releases it as soon as the scaled copy exists: training holds one copy of the data.
        private static TrainingData InMemory(Tensor features, GanArchitecture architecture, int[]? rowClasses, ClassLabels? classes)
        {
            FeatureScaler scaler;
            Tensor scaled;
            using (features)
            {
                // DCGAN's tanh output covers [-1, 1]: images are mapped there as a whole; other data is standardised per slot.
                scaler = architecture == GanArchitecture.Dcgan ? FeatureScaler.FitRange(features) : FeatureScaler.Fit(features);
                scaled = scaler.Transform(features);
            }
            var conditions = classes is null ? null : OneHot(rowClasses!, classes.Count);
            var frequencies = classes is null ? null : torch.tensor(classes.Frequencies);
            var source = new InMemoryMinibatches(scaled, conditions, frequencies);
            return new TrainingData(source, scaler, source, scaled, conditions, frequencies);
        }

        private static TrainingData Stream(IChannel ch, IDataView input, string column, int size, long budgetBytes)
        {
            var stats = StreamingMinibatches.ComputeStatistics(input, column);
            int bufferRows = (int)Math.Min(Math.Min(stats.Rows, budgetBytes / (size * 4L)), Array.MaxLength / size);
            ch.Info(MessageSensitivity.None,
                $"The {stats.Rows} rows of {size} values exceed MemoryBudgetBytes ({budgetBytes}); streaming them through a shuffle buffer of {bufferRows} rows.");
            var source = new StreamingMinibatches(input, column, stats.Offset, stats.Scale, bufferRows, stats.Rows);
            return new TrainingData(source, new FeatureScaler(stats.Offset, stats.Scale), source);
        }

        private static Tensor OneHot(int[] classes, int count)
        {
            using var scope = torch.NewDisposeScope();
            var index = torch.tensor(classes).to_type(ScalarType.Int64);
            return torch.nn.functional.one_hot(index, count).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
        }

        public void Dispose()
        {
            foreach (var o in _owned)
                o.Dispose();
        }
    }
}
