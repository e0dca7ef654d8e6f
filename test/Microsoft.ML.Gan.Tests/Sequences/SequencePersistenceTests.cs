using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Microsoft.ML.Gan.Tests.Sequences.SequenceTestData;

namespace Microsoft.ML.Gan.Tests.Sequences
{
    /// <summary>A sequence GAN saved and loaded through ML.NET's model file, in this process and another; checkpoints and resume.</summary>
    [TestClass]
    public sealed class SequencePersistenceTests
    {
        private string _dir = "";

        [TestInitialize]
        public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("gan-seq-").FullName;

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        private static (MLContext Ml, IDataView Data, SequenceGanTransformer Model) Trained()
        {
            var ml = new MLContext(1);
            var data = View(ml, Sines(6, 20, seed: 2));
            return (ml, data, ml.Generative().SequenceGan(Tiny()).Fit(data));
        }

        [TestMethod]
        public void SavedAndLoadedModelGeneratesTheSameRows()
        {
            var (ml, data, model) = Trained();
            using (model)
            {
                using var stream = new MemoryStream();
                ml.Model.Save(model, data.Schema, stream);
                stream.Position = 0;
                var loaded = new MLContext(9).Model.Load(stream, out var schema);
                using var sequences = (SequenceGanTransformer)loaded;
                CollectionAssert.AreEqual(Rows(model.Generate(300, 5)), Rows(sequences.Generate(300, 5)));
                CollectionAssert.AreEqual(Rows(model.Transform(data)), Rows(sequences.Transform(data)));
                Assert.AreEqual(model.Seed, sequences.Seed);
                Assert.AreEqual(model.WindowLength, sequences.WindowLength);
                Assert.AreEqual("Id", sequences.SequenceIdColumnName);
                Assert.AreEqual("Time", sequences.OrderColumnName);
                CollectionAssert.AreEqual(model.FeatureColumnNames.ToArray(), sequences.FeatureColumnNames.ToArray());
                Assert.AreEqual(model.TrainingHistory[1].GeneratorLoss, sequences.TrainingHistory[1].GeneratorLoss);
                Assert.AreEqual(NumberDataViewType.Double, sequences.GetOutputSchema(data.Schema)["Other"].Type);
                Assert.AreEqual(data.Schema.Count, schema.Count, "the input schema is saved with the model");
            }
        }

        [TestMethod]
        public void LoadedInAnotherProcessTheModelGeneratesTheSameRows()
        {
            var (ml, data, model) = Trained();
            using (model)
            {
                string path = Path.Combine(_dir, "sequences.zip");
                ml.Model.Save(model, data.Schema, path);
                string output = Path.Combine(_dir, "generated.bin");
                string helper = Path.Combine(AppContext.BaseDirectory, "Microsoft.ML.Gan.LoadCheck.dll");
                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in new[] { helper, path, output, "300", "9" })
                    start.ArgumentList.Add(a);
                using var process = Process.Start(start)!;
                string stdout = process.StandardOutput.ReadToEnd();
                string stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.AreEqual(0, process.ExitCode, stderr);
                StringAssert.Contains(stdout, "loaded SequenceGanTransformer");

                var generated = model.Generate(300, 9);
                var expected = generated.GetColumn<long>("SequenceId").Zip(generated.GetColumn<int>("Step"), generated.GetColumn<float>("Value"))
                    .Zip(generated.GetColumn<double>("Other"), (a, o) => new[] { a.First, a.Second, a.Third, o })
                    .SelectMany(r => r).ToArray();
                var actual = MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(output)).ToArray();
                Assert.AreEqual(300 * 8 * 4, actual.Length);
                CollectionAssert.AreEqual(expected, actual);
            }
        }

        [TestMethod]
        public void DamagedModelFileIsRefused()
        {
            var (ml, data, model) = Trained();
            using (model)
            {
                string path = Path.Combine(_dir, "sequences.zip");
                ml.Model.Save(model, data.Schema, path);
                // Rewrite the entry with one byte of the weights changed: the checksum no longer holds.
                using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
                {
                    var entry = zip.Entries.Single(e => e.FullName.EndsWith("SequenceGenerator.bin", StringComparison.Ordinal));
                    byte[] bytes;
                    using (var read = entry.Open())
                    using (var copy = new MemoryStream())
                    {
                        read.CopyTo(copy);
                        bytes = copy.ToArray();
                    }
                    bytes[bytes.Length - 10] ^= 0x40;
                    string name = entry.FullName;
                    entry.Delete();
                    using var write = zip.CreateEntry(name).Open();
                    write.Write(bytes);
                }
                Exception? inner = null;
                try
                {
                    new MLContext(1).Model.Load(path, out _);
                }
                catch (Exception ex)
                {
                    inner = ex;
                }
                Assert.IsNotNull(inner, "the damaged file was loaded");
                while (inner is System.Reflection.TargetInvocationException { InnerException: { } next })
                    inner = next;
                Assert.IsInstanceOfType<InvalidDataException>(inner, inner.ToString());
            }
        }

        [TestMethod]
        public void ResumedRunEndsWithTheSameModelAsAnUninterruptedOne()
        {
            var ml = new MLContext(1);
            SequenceGanEstimator.Options Options(int epochs, string? checkpoints = null, string? resume = null)
            {
                var o = Tiny(epochs, seed: 3);
                o.CheckpointDirectory = checkpoints;
                o.CheckpointInterval = 1;
                o.ResumeFromCheckpoint = resume;
                return o;
            }
            var data = View(ml, Sines(6, 20, seed: 2));
            string interrupted = Path.Combine(_dir, "interrupted");
            using var uninterrupted = ml.Generative().SequenceGan(Options(4)).Fit(data);
            using (ml.Generative().SequenceGan(Options(2, checkpoints: interrupted)).Fit(data)) { }
            using var resumed = ml.Generative().SequenceGan(Options(4, resume: interrupted)).Fit(data);

            CollectionAssert.AreEqual(Rows(uninterrupted.Generate(50, 1)), Rows(resumed.Generate(50, 1)));
            Assert.AreEqual(4, resumed.TrainingHistory.Count);
            for (int i = 0; i < 4; i++)
                Assert.AreEqual(uninterrupted.TrainingHistory[i].GeneratorLoss, resumed.TrainingHistory[i].GeneratorLoss, $"epoch {i + 1}");

            var other = Options(4, resume: interrupted);
            other.WindowLength = 6;
            var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().SequenceGan(other).Fit(data));
            StringAssert.Contains(ex.Message, "WindowLength is 6 now but 8 in the checkpoint");
        }
    }
}
