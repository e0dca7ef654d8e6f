using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Persistence
{
    /// <summary>
    /// Hundreds of damaged copies of a saved GAN, a saved tabular GAN and a saved tabular VAE (bit flips anywhere in the zip, truncations,
    /// every byte of each small entry flipped, entries cut short, large integers over each entry's first bytes), each
    /// loaded again: every one must be refused (InvalidDataException/FormatException; damage to ML.NET's own header and
    /// schema entry may also raise ML.NET's other exceptions before this library's loader runs) or load and generate
    /// exactly the original rows. None may load and generate other rows, nor fail inside this library otherwise.
    /// </summary>
    [TestClass]
    public sealed class DamagedModelSweepTests
    {
        private const int Rows = 40;
        private const int Seed = 3;

        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        public void DamagedGanFilesAreRefusedOrHarmlessNeverSilent()
        {
            var ml = new MLContext(1);
            var data = TestData.Vectors(ml, TestData.Gaussian(64, 3, 0, 1, 1));
            using var model = ml.Generative().Gan(TestData.Tiny(epochs: 1)).Fit(data);
            CheckNoneSilent(ModelFiles.Save(ml, model, data.Schema), ModelFiles.Rows(model.Generate(Rows, Seed), Rows),
                t => ModelFiles.Rows(((GanTransformer)t).Generate(Rows, Seed), Rows));
        }

        [TestMethod]
        public void DamagedTabularGanFilesAreRefusedOrHarmlessNeverSilent()
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 200));
            using var model = ml.Generative().TabularGan(ModelFiles.SmallestTabular()).Fit(data);
            CheckNoneSilent(ModelFiles.Save(ml, model, data.Schema), ModelFiles.Rows(model.Generate(Rows, Seed), Rows),
                t => ModelFiles.Rows(((TabularGanTransformer)t).Generate(Rows, Seed), Rows));
        }

        [TestMethod]
        public void DamagedTabularVaeFilesAreRefusedOrHarmlessNeverSilent()
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 200));
            var options = TabularVaeTests.Tiny(1);
            options.EncoderHiddenLayers = new[] { 8 };
            options.DecoderHiddenLayers = new[] { 8 };
            options.LatentDimension = 4;
            options.NumericEncoding = NumericEncoding.NormalScores;
            using var model = ml.Generative().TabularVae(options).Fit(data);
            CheckNoneSilent(ModelFiles.Save(ml, model, data.Schema), ModelFiles.Rows(model.Generate(Rows, Seed), Rows),
                t => ModelFiles.Rows(((TabularVaeTransformer)t).Generate(Rows, Seed), Rows));
        }

        private void CheckNoneSilent(byte[] file, string expected, Func<ITransformer, string> rows)
        {
            Assert.AreEqual(expected, rows(ModelFiles.Load(file)), "the undamaged file loads and generates the same rows");
            var counts = new Dictionary<ModelFiles.Outcome, int>();
            var silent = new List<string>();
            var other = new Dictionary<string, string>();
            var harmless = new List<string>();
            int tried = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            foreach (var (what, damaged) in Variants(file))
            {
                tried++;
                ModelFiles.Outcome outcome;
                try
                {
                    outcome = ModelFiles.TryLoad(damaged, rows, expected);
                }
                catch (Exception ex)
                {
                    other.TryAdd(ex.GetType().Name, $"{what}: {ex}");
                    continue;
                }
                counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
                if (outcome == ModelFiles.Outcome.Silent)
                    silent.Add(what);
                if (outcome == ModelFiles.Outcome.Harmless)
                    harmless.Add(what.Split(' ', ':')[0]);
            }
            TestContext.WriteLine(string.Join(", ", ModelFiles.EntryNames(file).Select(e => $"{e} {ModelFiles.ReadEntry(file, e).Length} B")));
            TestContext.WriteLine($"{tried} damaged files in {clock.Elapsed.TotalSeconds:F1} s: {counts.GetValueOrDefault(ModelFiles.Outcome.Refused)} refused, " +
                                  $"{counts.GetValueOrDefault(ModelFiles.Outcome.RefusedByMlNet)} refused by ML.NET's own header or schema reading, " +
                                  $"{counts.GetValueOrDefault(ModelFiles.Outcome.Harmless)} harmless, {silent.Count} silent.");
            TestContext.WriteLine("Harmless, by entry (bit flips over the whole zip are under 'bit'): " +
                                  string.Join(", ", harmless.GroupBy(h => h).Select(g => $"{g.Key} {g.Count()}")));
            Assert.AreEqual(0, other.Count, "threw what is not a refusal: " + string.Join("\n\n", other.Values));
            Assert.IsTrue(tried >= 300, $"only {tried} variants");
            Assert.AreEqual(0, silent.Count, "loaded and generated other rows: " + string.Join("; ", silent.Take(20)));
            Assert.IsTrue(counts.GetValueOrDefault(ModelFiles.Outcome.Refused) > tried / 2, "most damage is refused with InvalidDataException or FormatException");
        }

        private static IEnumerable<(string What, byte[] File)> Variants(byte[] file)
        {
            foreach (int at in ModelFiles.Spread(file.Length, 120))
            {
                var copy = (byte[])file.Clone();
                copy[at] ^= (byte)(1 << (at % 8));
                yield return ($"bit {at % 8} of zip byte {at} flipped", copy);
            }
            foreach (int length in ModelFiles.Spread(file.Length, 16))
                yield return ($"zip cut to {length} bytes", file[..length]);

            foreach (string entry in ModelFiles.EntryNames(file))
            {
                int size = ModelFiles.ReadEntry(file, entry).Length;
                var positions = size <= 128 ? Enumerable.Range(0, size) : ModelFiles.Spread(size, 32);
                foreach (int at in positions)
                    yield return ($"{entry} byte {at} of {size} flipped", ModelFiles.ReplaceEntry(file, entry, b => { b[at] ^= 0xFF; return b; }));
                foreach (int keep in new[] { 0, 1, size / 2, size - 1 }.Where(k => k >= 0 && k < size).Distinct())
                    yield return ($"{entry} cut to {keep} of {size} bytes", ModelFiles.ReplaceEntry(file, entry, b => b[..keep]));
                for (int at = 0; at + 4 <= Math.Min(size, 48); at += 4)
                {
                    int offset = at, big = at % 8 == 0 ? int.MaxValue : 0x40000000;
                    yield return ($"{entry}: {big} written at byte {at}", ModelFiles.ReplaceEntry(file, entry, b =>
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(offset), big);
                        return b;
                    }));
                }
            }
        }
    }
}
