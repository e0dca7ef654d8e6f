using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Tests.Persistence;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Training
{
    [TestClass]
    public sealed class CheckpointTests
    {
        private string _dir = "";

        [TestInitialize]
        public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("gan-ckpt-").FullName;

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        private static GanEstimator.Options Options(int epochs, string? checkpoints = null, string? resume = null)
        {
            var o = TestData.Tiny(epochs, seed: 3);
            o.CheckpointDirectory = checkpoints;
            o.CheckpointInterval = 2;
            o.ResumeFromCheckpoint = resume;
            return o;
        }

        private static IDataView Data(MLContext ml) => TestData.Vectors(ml, TestData.Gaussian(200, 2, 1, 2, 5));

        [TestMethod]
        [DataRow(GanLoss.NonSaturating, false)]
        [DataRow(GanLoss.Wasserstein, true)]
        [DataRow(GanLoss.Mmd, true)]
        public void ResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne(GanLoss loss, bool average)
        {
            var ml = new MLContext();
            string interrupted = Path.Combine(_dir, "interrupted");
            GanEstimator.Options Configure(GanEstimator.Options o)
            {
                o.Loss = loss;
                o.GeneratorEmaDecay = average ? 0.9f : 0f;
                o.LearningRateDecay = 0.9f;
                return o;
            }
            using var uninterrupted = ml.Generative().Gan(Configure(Options(epochs: 5, checkpoints: Path.Combine(_dir, "full")))).Fit(Data(ml));
            using (ml.Generative().Gan(Configure(Options(epochs: 2, checkpoints: interrupted))).Fit(Data(ml))) { }

            using var resumed = ml.Generative().Gan(Configure(Options(epochs: 5, resume: interrupted))).Fit(Data(ml));

            TestData.AssertSame(TestData.Column(uninterrupted.Generate(300, 1), "Generated"), TestData.Column(resumed.Generate(300, 1), "Generated"));
            Assert.AreEqual(5, resumed.TrainingHistory.Count);
            for (int i = 0; i < 5; i++)
                Assert.AreEqual(uninterrupted.TrainingHistory[i].GeneratorLoss, resumed.TrainingHistory[i].GeneratorLoss, $"epoch {i + 1}");
        }

        [TestMethod]
        public void CheckpointsAreWrittenEveryIntervalAndAfterTheLastEpochWithNoTemporaryLeftOver()
        {
            var ml = new MLContext();
            string dir = Path.Combine(_dir, "run");
            using (ml.Generative().Gan(Options(epochs: 5, checkpoints: dir)).Fit(Data(ml))) { }
            var files = Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(f => f).ToArray();
            CollectionAssert.AreEqual(new[] { "gan-epoch-000002.ckpt", "gan-epoch-000004.ckpt", "gan-epoch-000005.ckpt" }, files);
        }

        [TestMethod]
        public void ResumingWithOtherSettingsNamesTheDifference()
        {
            var ml = new MLContext();
            string dir = Path.Combine(_dir, "run");
            using (ml.Generative().Gan(Options(epochs: 2, checkpoints: dir)).Fit(Data(ml))) { }
            var other = Options(epochs: 4, resume: dir);
            other.BatchSize = 16;
            var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().Gan(other).Fit(Data(ml)));
            StringAssert.Contains(ex.Message, "BatchSize is 16 now but 32 in the checkpoint");
        }

        [TestMethod]
        public void DamagedOrMissingCheckpointIsRefusedBeforeTraining()
        {
            var ml = new MLContext();
            string dir = Path.Combine(_dir, "run");
            using (ml.Generative().Gan(Options(epochs: 2, checkpoints: dir)).Fit(Data(ml))) { }
            string file = Path.Combine(dir, "gan-epoch-000002.ckpt");
            byte[] bytes = File.ReadAllBytes(file);
            bytes[bytes.Length / 2] ^= 0x40;
            File.WriteAllBytes(file, bytes);

            var flipped = Assert.Throws<InvalidDataException>(() => ml.Generative().Gan(Options(4, resume: file)).Fit(Data(ml)));
            StringAssert.Contains(flipped.Message, "checksum");

            File.WriteAllBytes(file, bytes.AsSpan(0, 100).ToArray());
            var truncated = Assert.Throws<InvalidDataException>(() => ml.Generative().Gan(Options(4, resume: file)).Fit(Data(ml)));
            StringAssert.Contains(truncated.Message, "truncated");

            var missing = Assert.Throws<FileNotFoundException>(() => ml.Generative().Gan(Options(4, resume: Path.Combine(_dir, "empty-" + Guid.NewGuid()))).Fit(Data(ml)));
            StringAssert.Contains(missing.Message, "No checkpoint");
        }

        [TestMethod]
        public void TheNewestCheckpointIsChosenByEpochNumberNotByFileName()
        {
            var ml = new MLContext();
            string run = Path.Combine(_dir, "run"), renamed = Path.Combine(_dir, "renamed");
            using (ml.Generative().Gan(Options(epochs: 4, checkpoints: run)).Fit(Data(ml))) { }
            Directory.CreateDirectory(renamed);
            // "gan-epoch-1000000" sorts before "gan-epoch-999999" as text.
            File.Copy(Path.Combine(run, "gan-epoch-000002.ckpt"), Path.Combine(renamed, "gan-epoch-999999.ckpt"));
            File.Copy(Path.Combine(run, "gan-epoch-000004.ckpt"), Path.Combine(renamed, "gan-epoch-1000000.ckpt"));

            var checkpoint = TrainingCheckpoint.Read(((IHostEnvironment)ml).Register("test"), renamed);
            Assert.AreEqual(4, checkpoint.Epoch);
            StringAssert.EndsWith(checkpoint.Path, "gan-epoch-1000000.ckpt");
        }

        [TestMethod]
        public void ADamagedNewestCheckpointFallsBackToTheNewestIntactOneWithAWarning()
        {
            var ml = new MLContext();
            var warnings = new List<string>();
            ml.Log += (_, e) => { if (e.Kind == Runtime.ChannelMessageKind.Warning) lock (warnings) warnings.Add(e.Message); };
            string dir = Path.Combine(_dir, "run");
            using var uninterrupted = ml.Generative().Gan(Options(epochs: 4)).Fit(Data(ml));
            using (ml.Generative().Gan(Options(epochs: 4, checkpoints: dir)).Fit(Data(ml))) { }
            string newest = Path.Combine(dir, "gan-epoch-000004.ckpt");
            byte[] bytes = File.ReadAllBytes(newest);
            bytes[bytes.Length / 2] ^= 0x10;
            File.WriteAllBytes(newest, bytes);

            using var resumed = ml.Generative().Gan(Options(epochs: 4, resume: dir)).Fit(Data(ml));

            TestData.AssertSame(TestData.Column(uninterrupted.Generate(200, 1), "Generated"), TestData.Column(resumed.Generate(200, 1), "Generated"));
            Assert.IsTrue(warnings.Any(w => w.Contains("gan-epoch-000004.ckpt") && w.Contains("checksum")), string.Join("\n", warnings));
            Assert.IsTrue(warnings.Any(w => w.Contains("Resuming from") && w.Contains("gan-epoch-000002.ckpt")), string.Join("\n", warnings));
        }

        [TestMethod]
        public void KeepCheckpointsKeepsOnlyTheNewest()
        {
            var ml = new MLContext();
            string dir = Path.Combine(_dir, "run");
            var o = Options(epochs: 5, checkpoints: dir);
            o.CheckpointInterval = 1;
            o.KeepCheckpoints = 2;
            using (ml.Generative().Gan(o).Fit(Data(ml))) { }
            var files = Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(f => f).ToArray();
            CollectionAssert.AreEqual(new[] { "gan-epoch-000004.ckpt", "gan-epoch-000005.ckpt" }, files);
        }

        [TestMethod]
        public void AFailedCheckpointWriteLeavesNoTemporaryFile()
        {
            var ml = new MLContext();
            string dir = Path.Combine(_dir, "run");
            // A directory where the checkpoint file should go makes the final move fail.
            Directory.CreateDirectory(Path.Combine(dir, "gan-epoch-000002.ckpt"));
            Assert.Throws<IOException>(() => ml.Generative().Gan(Options(epochs: 2, checkpoints: dir)).Fit(Data(ml)));
            CollectionAssert.AreEqual(new[] { "gan-epoch-000002.ckpt" }, Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).ToArray());
        }

        [TestMethod]
        public void ResumingWithAnotherTrainingStreamNamesTheDifference()
        {
            var ml = new MLContext();
            string dir = Path.Combine(_dir, "run");
            // 2,100 rows of 128 values (1.03 MiB): in memory by default, streamed under a 1 MiB budget.
            var data = TestData.Vectors(ml, TestData.Gaussian(2100, 128, 0, 1, 4));
            using (ml.Generative().Gan(Options(epochs: 1, checkpoints: dir)).Fit(data)) { }
            var streamed = Options(epochs: 2, resume: dir);
            streamed.MemoryBudgetBytes = 1 << 20;
            var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().Gan(streamed).Fit(data));
            StringAssert.Contains(ex.Message, "Minibatches is streamed through a shuffle buffer of 2048 rows now but in memory in the checkpoint");
        }

        [TestMethod]
        public void AResumedTabularGanIsBitIdenticalToAnUninterruptedOne()
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(Tests.Tabular.TableTestData.Mixed(ml, 200));
            TabularGanEstimator.Options TableOptions(int epochs, string? checkpoints = null, string? resume = null)
            {
                var o = ModelFiles.SmallestTabular(epochs);
                o.CheckpointDirectory = checkpoints;
                o.CheckpointInterval = 2;
                o.ResumeFromCheckpoint = resume;
                return o;
            }
            string dir = Path.Combine(_dir, "tabular");
            using var uninterrupted = ml.Generative().TabularGan(TableOptions(4)).Fit(data);
            using (ml.Generative().TabularGan(TableOptions(2, checkpoints: dir)).Fit(data)) { }

            using var resumed = ml.Generative().TabularGan(TableOptions(4, resume: dir)).Fit(data);

            Assert.AreEqual(ModelFiles.Rows(uninterrupted.Generate(300, 5), 300), ModelFiles.Rows(resumed.Generate(300, 5), 300));
            for (int i = 0; i < 4; i++)
                Assert.AreEqual(uninterrupted.TrainingHistory[i].GeneratorLoss, resumed.TrainingHistory[i].GeneratorLoss, $"epoch {i + 1}");
        }

        [TestMethod]
        public void ResumingATableWithAnotherEncodingNamesTheDifference()
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(Tests.Tabular.TableTestData.Mixed(ml, 200));
            string dir = Path.Combine(_dir, "tabular-encoding");
            var first = ModelFiles.SmallestTabular(1);
            first.CheckpointDirectory = dir;
            using (ml.Generative().TabularGan(first).Fit(data)) { }
            // Normal scores ignore MaxModes, so the encoded width is the same: only the recorded option tells them apart.
            var other = ModelFiles.SmallestTabular(2);
            other.MaxModes = 3;
            other.ResumeFromCheckpoint = dir;
            var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().TabularGan(other).Fit(data));
            StringAssert.Contains(ex.Message, $"MaxModes is 3 now but {first.MaxModes} in the checkpoint");
        }
    }
}
