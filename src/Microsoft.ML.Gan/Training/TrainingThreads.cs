using System;
using TorchSharp;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>Sets libtorch's intra-op thread count for one training run and restores the previous count.</summary>
    internal sealed class TrainingThreads : IDisposable
    {
        private readonly int _previous;

        private TrainingThreads(int threads)
        {
            _previous = torch.get_num_threads();
            torch.set_num_threads(threads);
        }

        /// <summary>Null leaves libtorch's own setting (one thread per core) alone.</summary>
        public static IDisposable? Use(int? threads) => threads is int n ? new TrainingThreads(n) : null;

        public void Dispose() => torch.set_num_threads(_previous);
    }
}
