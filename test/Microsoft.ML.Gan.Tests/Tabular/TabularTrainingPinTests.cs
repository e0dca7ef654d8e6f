using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>
    /// Two tabular training runs pinned: the per-epoch metrics and the rows generated after them, bit for bit, and the
    /// settings their checkpoints record, recorded anew when normal scores became the default encoding of continuous
    /// columns and an epoch with the automatic batch got its floor of 20 steps (issue #20). A change to any random draw of the tabular path (minibatches, conditions, Gumbel noise,
    /// dropout masks, the held-out score that keeps the best epoch) or to a recorded setting changes one of them.
    /// The metrics and rows were recorded on x64 Linux with TorchSharp-cpu and one thread: float kernels on another
    /// CPU type may round differently, and then the first two need recording anew there (the settings never do).
    /// </summary>
    [TestClass]
    public sealed class TabularTrainingPinTests
    {
        private string _dir = "";

        [TestInitialize]
        public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("gan-pin-").FullName;

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        // Conditional (categorical columns), critic dropout, the held-out score on every epoch, the automatic batch.
        private static TabularGanEstimator.Options Conditional() => new()
        {
            Columns = new[] { "Income", "Age", "Member", "City" },
            Epochs = 3,
            LatentDimension = 8,
            GeneratorHiddenLayers = new[] { 16 },
            DiscriminatorHiddenLayers = new[] { 16, 16 },
            ValidationFraction = 0.2,
            ValidationInterval = 1,
            EarlyStoppingPatience = 0,
            Seed = 11,
        };

        // Unconditional (no categorical column: rows drawn uniformly), a classifying critic without dropout.
        private static TabularGanEstimator.Options Unconditional() => new()
        {
            Columns = new[] { "Height", "Income" },
            Epochs = 2,
            BatchSize = 50,
            Packing = 5,
            Loss = GanLoss.NonSaturating,
            LatentDimension = 4,
            GeneratorHiddenLayers = new[] { 8 },
            DiscriminatorHiddenLayers = new[] { 8 },
            DiscriminatorDropout = 0,
            Seed = 4,
        };

        /// <summary>What the conditional run's checkpoint records, as it did before the options base.</summary>
        private static readonly string[] ConditionalSettings =
        {
            "FeatureSize=11",
            "ConditionSize=7",
            "Network=tabular generator: residual [16] to 11 values, Gumbel-softmax τ 0.20000000298023224; critic dropout 0.5",
            "LatentDimension=8",
            "GeneratorHiddenLayers=16",
            "DiscriminatorHiddenLayers=16,16",
            "Loss=Wasserstein",
            "BatchSize=100",
            "DiscriminatorSteps=1",
            "UnrolledSteps=0",
            "GeneratorLearningRate=0.00019999999494757503",
            "DiscriminatorLearningRate=0.00019999999494757503",
            "Beta1=0.5",
            "Beta2=0.8999999761581421",
            "GradientPenaltyWeight=10",
            "R1PenaltyWeight=0",
            "Packing=2",
            "MinibatchStdDev=False",
            "LabelSmoothing=0",
            "InstanceNoise=0",
            "GeneratorEmaDecay=0.9990000128746033",
            "GradientClipNorm=0",
            "LearningRateDecay=1",
            "MmdBandwidths=0.02,0.05,0.1,0.2,0.5,1,2,5",
            "Seed=11",
            "Rows=160",
            "Minibatches=in memory",
            "NumericEncoding=NormalScores",
            "MaxModes=10",
            "MaxCategories=1000",
        };

        [TestMethod]
        [DataRow("conditional", "90CABDBD3D461FF4|BBA54F7CA3583D55", "E4A71E38AEDFCFCA|D5BB356155ABFE3B", "4505EFAB1A897D99")]
        [DataRow("unconditional", "0C1C5B1E029C7099|64167C81D00CBA14", "AE5321509B61108C|66BC43D294D3536D", "5E661D39C6B8B07A")]
        public void AFixedSeedGivesTheRecordedMetricsRowsAndCheckpointSettings(string run, string history, string rows, string settings)
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 200));
            var options = run == "conditional" ? Conditional() : Unconditional();
            options.CheckpointDirectory = _dir;
            options.Threads = 1;   // as recorded: libtorch's float sums depend on the thread count
            using var model = ml.Generative().TabularGan(options).Fit(data);

            var recorded = TrainingCheckpoint.Read(((IHostEnvironment)ml).Register("pin"), _dir).CompatibilityKeys.Select(p => $"{p.Key}={p.Value}").ToArray();
            if (run == "conditional")
                CollectionAssert.AreEqual(ConditionalSettings, recorded, string.Join("\n", recorded));
            Assert.AreEqual(settings, Hash(recorded), "the settings the checkpoint records");
            string actualHistory = Hash(model.TrainingHistory.Select(m =>
                $"{Bits(m.GeneratorLoss)} {Bits(m.DiscriminatorLoss)} {Bits(m.DiversityRatio)} {m.GeneratorUpdates} {m.DiscriminatorUpdates}"));
            string actualRows = Hash(TabularGanTests.Dump(model.Generate(50, seed: 3)));
            AssertRecorded(history, actualHistory, "per-epoch metrics", actualRows);
            AssertRecorded(rows, actualRows, "generated rows", actualHistory);
        }

        // libtorch picks its kernels by the processor's vector instructions (AVX2 or AVX-512), and their float sums differ
        // in the last bits, so each pin lists the value recorded on each kind of machine ("a|b"); a change of the code
        // moves every one of them.
        private static void AssertRecorded(string recorded, string actual, string what, string other) =>
            Assert.IsTrue(recorded.Split('|').Contains(actual), $"{what}: recorded {recorded}, got {actual} (the other pin got {other})");

        private static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("X16");

        // The first 16 hex digits of the SHA-256 of the lines: short enough to read, long enough never to collide by chance.
        private static string Hash(IEnumerable<string> lines) =>
            Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))))[..16];
    }
}
