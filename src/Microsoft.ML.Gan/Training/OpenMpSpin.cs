using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// How long libtorch's idle OpenMP threads spin before they sleep. GNU OpenMP (the runtime in the Linux libtorch
    /// package) spins 300,000 rounds by default: on an idle machine that saves a wake-up between the many short parallel
    /// regions of a training step, but beside other busy processes the spinning threads take the cores that the
    /// descheduled team member needs, and every region waits a scheduler slice (several times slower; docs/BENCHMARKS.md,
    /// "A busy machine"). libgomp reads GOMP_SPINCOUNT once, when it loads, so this sets a short count in the process
    /// environment when this assembly loads, before anything here touches libtorch. It does nothing when the user has
    /// set GOMP_SPINCOUNT or OMP_WAIT_POLICY (their choice stands), outside Linux, or when libtorch was loaded earlier
    /// by other code. Waiting never changes a result: only how threads wait, not which threads compute what.
    /// </summary>
    internal static class OpenMpSpin
    {
        /// <summary>Rounds a waiting thread spins before it sleeps (libgomp's own count for an oversubscribed machine is 1,000).</summary>
        public const int SpinCount = 1000;

        /// <summary>True when this assembly set GOMP_SPINCOUNT (so it applies if libtorch had not loaded yet).</summary>
        public static bool Applied { get; private set; }

#pragma warning disable CA2255 // The variable must be in the environment before libtorch (and libgomp) load; a module initializer is the only point guaranteed to run before any code in this assembly.
        [ModuleInitializer]
#pragma warning restore CA2255
        internal static void ShortenSpin()
        {
            if (!OperatingSystem.IsLinux()
                || Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is not null
                || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null)
                return;
            string value = SpinCount.ToString(CultureInfo.InvariantCulture);
            try
            {
                // Environment.SetEnvironmentVariable changes only .NET's copy of the environment; libgomp reads the C library's.
                Applied = setenv("GOMP_SPINCOUNT", value, 0) == 0;
                if (Applied)
                    Environment.SetEnvironmentVariable("GOMP_SPINCOUNT", value);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A C library without setenv: libtorch keeps its own waiting.
            }
        }

        [DllImport("libc", CharSet = CharSet.Ansi, ExactSpelling = true)]
        private static extern int setenv(string name, string value, int overwrite);
    }
}
