using System;
using System.Threading;
using TorchSharp;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// libtorch's intra-op thread count for the fits that ask for one. The setting is process-wide, so it is shared
    /// by count: the first fit that asks records the previous value and sets its own, later fits asking for the same
    /// count join, and the last one to finish restores the previous value. A concurrent fit asking for a different
    /// count is refused: it could only change the threads under the running one.
    /// </summary>
    internal sealed class TrainingThreads : IDisposable
    {
        private static readonly object Gate = new();
        private static int _users;
        private static int _current;
        private static int _previous;
        private int _released;

        private TrainingThreads() { }

        /// <summary>Null leaves libtorch's own setting (one thread per core) alone and takes no share.</summary>
        public static IDisposable? Use(int? threads)
        {
            if (threads is not int n)
                return null;
            lock (Gate)
            {
                if (_users == 0)
                {
                    _previous = torch.get_num_threads();
                    torch.set_num_threads(n);
                    _current = n;
                }
                else if (_current != n)
                {
                    throw new InvalidOperationException(
                        $"Threads = {n} was asked for while another Fit in this process trains with Threads = {_current}. libtorch's " +
                        "thread count is process-wide: give concurrent fits the same Threads, or leave it null.");
                }
                _users++;
            }
            return new TrainingThreads();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
                return;
            lock (Gate)
            {
                if (--_users == 0)
                    torch.set_num_threads(_previous);
            }
        }
    }
}
