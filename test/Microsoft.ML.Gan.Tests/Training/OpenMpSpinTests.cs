using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.Gan.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Training
{
    /// <summary>The short OpenMP spin the library sets before libtorch loads, unless the user chose the waiting.</summary>
    [TestClass]
    public sealed class OpenMpSpinTests
    {
        [TestMethod]
        public void TheSpinCountIsInTheCEnvironmentUnlessTheUserChoseTheWaiting()
        {
            if (!OperatingSystem.IsLinux())
            {
                Assert.IsFalse(OpenMpSpin.Applied, "only Linux's libtorch uses GNU OpenMP");
                return;
            }
            // The environment this process started with, before any code in it ran.
            var initial = File.ReadAllText("/proc/self/environ").Split('\0');
            bool userChose = initial.Any(e => e.StartsWith("GOMP_SPINCOUNT=", StringComparison.Ordinal) || e.StartsWith("OMP_WAIT_POLICY=", StringComparison.Ordinal));
            OpenMpSpin.ShortenSpin();   // idempotent: the module initializer already ran
            Assert.AreEqual(!userChose, OpenMpSpin.Applied);
            string? native = Marshal.PtrToStringAnsi(getenv("GOMP_SPINCOUNT"));
            if (userChose)
            {
                string? given = initial.Where(e => e.StartsWith("GOMP_SPINCOUNT=", StringComparison.Ordinal)).Select(e => e["GOMP_SPINCOUNT=".Length..]).FirstOrDefault();
                Assert.AreEqual(given, native, "the user's value (or none) stands");
            }
            else
            {
                Assert.AreEqual(OpenMpSpin.SpinCount.ToString(System.Globalization.CultureInfo.InvariantCulture), native, "what libgomp reads when it loads");
            }
        }

        [DllImport("libc", CharSet = CharSet.Ansi, ExactSpelling = true)]
        private static extern IntPtr getenv(string name);
    }
}
