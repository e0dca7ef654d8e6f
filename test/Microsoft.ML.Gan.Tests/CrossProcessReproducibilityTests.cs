using System;
using System.Diagnostics;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests
{
    /// <summary>
    /// The same seed gives the same model and rows in another process: what runs inside one process cannot see
    /// a seed derived from something .NET randomises per process (string and HashCode hashing).
    /// </summary>
    [TestClass]
    public sealed class CrossProcessReproducibilityTests
    {
        private string _dir = "";

        [TestInitialize]
        public void CreateDirectory() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "gan-fitcheck-" + Guid.NewGuid().ToString("N")));

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        [TestMethod]
        public void GanFitsToTheSameRowsInTwoProcesses() => CheckSameRowsInTwoProcesses("gan");

        [TestMethod]
        public void TabularGanFitsToTheSameRowsInTwoProcesses() => CheckSameRowsInTwoProcesses("tabular");

        [TestMethod]
        public void PrivateTabularGanFitsToTheSameRowsInTwoProcesses() => CheckSameRowsInTwoProcesses("tabular-private");

        [TestMethod]
        public void SequenceGanFitsToTheSameRowsInTwoProcesses() => CheckSameRowsInTwoProcesses("sequence");

        [TestMethod]
        public void WholeSequencesWithAttributesFitToTheSameRowsInTwoProcesses() => CheckSameRowsInTwoProcesses("sequence-whole");

        private void CheckSameRowsInTwoProcesses(string kind)
        {
            string[] first = Fit(kind, "first.txt", seed: 4);
            string[] second = Fit(kind, "second.txt", seed: 4);
            // Whole sequences vary in length, so their row count is whatever the model generates; the others write exactly Rows.
            if (kind == "sequence-whole")
                Assert.IsTrue(first.Length >= 22, $"rows written: {first.Length}, fewer than one per sequence");
            else
                Assert.AreEqual(FitCheckData.Rows, first.Length, "rows written");
            CollectionAssert.AreEqual(first, second, $"{kind}: two processes with seed 4 generated different rows");

            var ml = new MLContext(5);
            var otherSeed = kind switch
            {
                "gan" => FitCheckData.Gan(ml, 5),
                "tabular" => FitCheckData.Tabular(ml, 5),
                "tabular-private" => FitCheckData.Tabular(ml, 5, privacy: true),
                "sequence-whole" => FitCheckData.WholeSequences(ml, 5),
                _ => FitCheckData.Sequence(ml, 5),
            };
            CollectionAssert.AreNotEqual(first, otherSeed, $"{kind}: the seed makes no difference, so the comparison proves nothing");
        }

        private string[] Fit(string kind, string file, int seed)
        {
            string output = Path.Combine(_dir, file);
            string helper = Path.Combine(AppContext.BaseDirectory, "Microsoft.ML.Gan.FitCheck.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { helper, kind, output, seed.ToString(System.Globalization.CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.AreEqual(0, process.ExitCode, stderr.Result);
            return File.ReadAllLines(output);
        }
    }
}
