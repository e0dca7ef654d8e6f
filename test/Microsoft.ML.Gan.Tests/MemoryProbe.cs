using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests
{
    /// <summary>
    /// The memory a piece of code takes beyond what the process held when the probe started, from the process's own
    /// counters: managed bytes allocated (<see cref="GC.GetTotalAllocatedBytes"/>) and the peak resident size, native
    /// allocations included (Linux's VmHWM, reset to the current resident size at the start through
    /// /proc/self/clear_refs). Tests in this assembly run one at a time, so nothing else allocates meanwhile.
    /// </summary>
    internal sealed class MemoryProbe
    {
        private readonly long _allocated;
        private readonly long _resident;

        private MemoryProbe(long allocated, long resident)
        {
            _allocated = allocated;
            _resident = resident;
        }

        public static MemoryProbe Start()
        {
            if (!OperatingSystem.IsLinux())
                Assert.Inconclusive("The peak resident size is read from /proc (Linux).");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            File.WriteAllText("/proc/self/clear_refs", "5");   // VmHWM := VmRSS
            return new MemoryProbe(GC.GetTotalAllocatedBytes(precise: true), Status("VmHWM"));
        }

        public long ManagedBytes => GC.GetTotalAllocatedBytes(precise: true) - _allocated;

        public long PeakResidentBytes => Status("VmHWM") - _resident;

        /// <summary>Asserts that neither the managed allocations nor the resident peak grew by <paramref name="limit"/> bytes or more.</summary>
        public void AssertBelow(long limit, string what)
        {
            long managed = ManagedBytes, peak = PeakResidentBytes;
            Assert.IsTrue(managed < limit, $"{what} allocated {managed >> 20} MB of managed memory");
            Assert.IsTrue(peak < limit, $"{what} raised the resident peak by {peak >> 20} MB");
        }

        private static long Status(string field)
        {
            string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) * 1024;   // "VmHWM:   123456 kB"
        }
    }
}
