using System;
using System.Diagnostics;
using System.Linq;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>Stopwatch helpers for the table programs (BenchmarkDotNet classes do their own timing).</summary>
    internal static class Measure
    {
        /// <summary>Milliseconds <paramref name="action"/> takes, after a full garbage collection.</summary>
        public static double Milliseconds(Action action)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long start = Stopwatch.GetTimestamp();
            action();
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        /// <summary>"load average a b c" from /proc/loadavg (empty where there is none): other work on the machine skews timings.</summary>
        public static string LoadAverage() =>
            System.IO.File.Exists("/proc/loadavg") ? "load average " + string.Join(" ", System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

        public static double Median(double[] values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            int n = sorted.Length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
    }
}
