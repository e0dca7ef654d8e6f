using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests
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
    }
}
