using System;
using System.Globalization;
using System.Threading;
using Microsoft.ML.Runtime;
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

        /// <summary>
        /// The thread count a table model trains with when its Threads option is unset: one, unless OMP_NUM_THREADS is set
        /// (then null, libtorch's own setting, which follows it). A table's step is many small operations (an activation per
        /// column span, the conditional loss, packing) on minibatches of at most 500 rows; a second thread's start and wait
        /// cost more than it saves, and libtorch's waiting threads spin, which makes a machine shared with other work several
        /// times slower (docs/BENCHMARKS.md, "A busy machine"). Depends on nothing that changes between runs, so a seed still
        /// gives the same model. The choice is written to <paramref name="ch"/>.
        /// </summary>
        public static int? ForTables(int? requested, IChannel ch) =>
            ForTables(requested, Environment.GetEnvironmentVariable("OMP_NUM_THREADS"), ch);

        /// <summary><see cref="ForTables(int?, IChannel)"/> with OMP_NUM_THREADS's value given.</summary>
        internal static int? ForTables(int? requested, string? ompNumThreads, IChannel ch)
        {
            if (requested is not null)
                return requested;
            if (ompNumThreads is { Length: > 0 } fromEnvironment)
            {
                ch.Info(MessageSensitivity.None, $"Threads: libtorch's setting ({torch.get_num_threads().ToString(CultureInfo.InvariantCulture)}), from OMP_NUM_THREADS={fromEnvironment}.");
                return null;
            }
            ch.Info(MessageSensitivity.None, "Threads: 1, a table model's default (set Threads to use more).");
            return 1;
        }

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
