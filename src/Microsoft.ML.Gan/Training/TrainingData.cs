using System;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The training rows as the trainer sees them (a minibatch source) with the scaler that maps generated rows
    /// back. In memory: the rows read once into <see cref="FeatureRows"/>, their statistics taken in a streaming
    /// pass over them and then scaled in place, so training holds one copy of the data (plus an 8-byte shuffle
    /// index per row). Beyond the memory budget: a stream through a shuffle buffer, with the scaler's statistics
    /// from one streaming pass.
    /// </summary>
    internal sealed class TrainingData : IDisposable
    {
        /// <summary>Bytes a row takes in memory beyond its values: its place in the epoch's shuffled order (int64).</summary>
        internal const int OrderBytesPerRow = 8;

        private TrainingData(MinibatchSource source, FeatureScaler scaler)
        {
            Source = source;
            Scaler = scaler;
        }

        public MinibatchSource Source { get; }
        public FeatureScaler Scaler { get; }

        /// <summary>
        /// The training rows. With <paramref name="canStream"/> (unconditional MLP), data larger than
        /// <paramref name="budgetBytes"/> in memory is streamed; the in-memory read stops as soon as it passes the
        /// budget, so one pass both decides and loads. Data that cannot stream is read whole, with a warning when it
        /// passes the budget. With <paramref name="privateCountNoise"/> (differential privacy: the noise on each count for
        /// a number of rows), the scaler and class frequencies come from noisy histograms (<see cref="PrivateVectorStatistics"/>,
        /// seeded by <paramref name="seed"/>), not from the rows' own statistics.
        /// </summary>
        public static TrainingData Create(IHost host, IChannel ch, IDataView input, string column, int size, GanArchitecture architecture,
            int[]? rowClasses, ClassLabels? classes, bool canStream, long budgetBytes, FitCancellation cancel,
            Func<long, double>? privateCountNoise = null, int seed = 0)
        {
            long bytesPerRow = size * 4L + OrderBytesPerRow + (rowClasses is null ? 0 : sizeof(int));
            long maxRows = canStream ? Math.Max(1, budgetBytes / bytesPerRow) : long.MaxValue;
            var features = FeatureRows.Read(host, input, column, size, maxRows, cancel: cancel);
            if (features is null)
            {
                // An abandoned read of a view of unknown length holds up to the budget in chunks: give it back before
                // the shuffle buffer of the same size is made.
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                return Stream(ch, input, column, size, budgetBytes, cancel);
            }
            long bytes = features.Rows * bytesPerRow;
            if (bytes > budgetBytes)
                ch.Warning($"The {features.Rows} rows of {size} values take {bytes} bytes in memory, more than MemoryBudgetBytes ({budgetBytes}); " +
                    $"{(architecture == GanArchitecture.Dcgan ? "DCGAN" : "conditional")} training keeps its data in memory (only the unconditional MLP streams). " +
                    "Sample the rows first, or raise MemoryBudgetBytes to silence this.");
            if (privateCountNoise is not null)
            {
                var (privateScaler, frequencies) = PrivateVectorStatistics.Release(features, rowClasses, classes?.Count ?? 0,
                    privateCountNoise(features.Rows), seed);
                features.Scale(privateScaler);
                return new TrainingData(new InMemoryMinibatches(features, rowClasses, frequencies), privateScaler);
            }
            return InMemory(host, features, architecture, rowClasses, classes, cancel);
        }

        private static TrainingData InMemory(IHost host, FeatureRows features, GanArchitecture architecture, int[]? rowClasses,
            ClassLabels? classes, FitCancellation cancel)
        {
            cancel.ThrowIfCancelled();
            var moments = features.Moments();
            // DCGAN's tanh output covers [-1, 1]: images are mapped there as a whole; other data is standardised per slot.
            var scaler = architecture == GanArchitecture.Dcgan ? moments.Range() : moments.Standardiser();
            cancel.ThrowIfCancelled();
            features.Scale(scaler);
            return new TrainingData(new InMemoryMinibatches(features, rowClasses, classes?.Frequencies), scaler);
        }

        private static TrainingData Stream(IChannel ch, IDataView input, string column, int size, long budgetBytes, FitCancellation cancel)
        {
            var moments = FeatureRows.StreamMoments(input, column, size, cancel: cancel);
            var scaler = moments.Standardiser();
            int bufferRows = (int)Math.Min(Math.Min(moments.Rows, budgetBytes / (size * 4L)), Array.MaxLength / size);
            ch.Info(MessageSensitivity.None,
                $"The {moments.Rows} rows of {size} values exceed MemoryBudgetBytes ({budgetBytes}); streaming them through a shuffle buffer of {bufferRows} rows.");
            return new TrainingData(new StreamingMinibatches(input, column, scaler, bufferRows, moments.Rows), scaler);
        }

        public void Dispose() => Source.Dispose();
    }
}
