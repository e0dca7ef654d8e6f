using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Tests.Persistence;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests
{
    /// <summary><see cref="GanOptionsBase"/>: one clone, one validation and one conversion to the trainer's settings for both estimators.</summary>
    [TestClass]
    public sealed class GanOptionsBaseTests
    {
        private string _dir = "";

        [TestInitialize]
        public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("gan-options-").FullName;

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        public static IEnumerable<object[]> BothOptions()
        {
            yield return new object[] { new GanEstimator.Options { Privacy = new DifferentialPrivacyOptions() } };
            yield return new object[] { new TabularGanEstimator.Options { Columns = new[] { "A" }, CategoricalColumns = new[] { "B" }, Constraints = { TableConstraint.Range("A", 0, 1) }, Privacy = new DifferentialPrivacyOptions() } };
        }

        /// <summary>
        /// Every field of the options, on every level of the hierarchy, by reflection: a field added later is checked
        /// too. A reference-typed field must be a copy (equal content, another object); only strings (immutable) and the
        /// progress callback (the caller's, shared by design) may be shared.
        /// </summary>
        [TestMethod]
        [DynamicData(nameof(BothOptions))]
        public void CloneCopiesEveryReferenceTypedField(GanOptionsBase options)
        {
            var fields = InstanceFields(options.GetType()).ToList();
            Assert.IsTrue(fields.Any(f => f.DeclaringType == typeof(GanOptionsBase)) && fields.Any(f => f.DeclaringType == options.GetType()), "both levels are seen");
            foreach (var f in fields.Where(f => !f.FieldType.IsValueType && f.GetValue(options) is null && f.FieldType != typeof(string) && !IsShared(f)))
                Assert.Fail($"Give {f.Name} a value in this test, so that its copy can be checked.");

            var copy = options.Clone();

            Assert.AreEqual(options.GetType(), copy.GetType());
            foreach (var f in fields)
            {
                object? original = f.GetValue(options), copied = f.GetValue(copy);
                if (f.FieldType.IsValueType || f.FieldType == typeof(string) || IsShared(f))
                {
                    Assert.AreEqual(original, copied, f.Name);
                    continue;
                }
                Assert.IsNotNull(copied, f.Name);
                Assert.AreNotSame(original, copied, $"{f.Name} is shared with the caller's options: Clone must copy it");
                if (original is IEnumerable items)
                    CollectionAssert.AreEqual(items.Cast<object>().ToList(), ((IEnumerable)copied!).Cast<object>().ToList(), f.Name);
            }
        }

        private static bool IsShared(FieldInfo f) => f.FieldType == typeof(IProgress<GanProgress>);

        private static IEnumerable<FieldInfo> InstanceFields(Type type)
        {
            for (var t = type; t != typeof(object); t = t!.BaseType)
            {
                foreach (var f in t!.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    yield return f;
            }
        }

        [TestMethod]
        public void AConstraintAddedAfterTheEstimatorIsMadeChangesNothing()
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 200));
            var options = ModelFiles.SmallestTabular();
            options.Columns = new[] { "Income", "Age" };
            var estimator = ml.Generative().TabularGan(options);
            // Every training age is 18 to 77: a shared list would make Fit refuse the table.
            options.Constraints.Add(TableConstraint.Range("Age", 100, 200));
            using (estimator.Fit(data)) { }   // the estimator's own list: no constraint, nothing refused

            var refused = Assert.Throws<ArgumentException>(() => ml.Generative().TabularGan(options).Fit(data));
            StringAssert.Contains(refused.Message, "Age", "the same list, given to a new estimator, is used");
        }

        [TestMethod]
        public void EachEstimatorKeepsItsDefaults()
        {
            var gan = new GanEstimator.Options();
            var table = new TabularGanEstimator.Options();
            Assert.AreEqual((100, 300), (gan.Epochs, table.Epochs));
            Assert.AreEqual((64, null), (gan.BatchSize, table.BatchSize));
            Assert.AreEqual((GanLoss.NonSaturating, GanLoss.Wasserstein), (gan.Loss, table.Loss));
            Assert.AreEqual((0.999f, 0.9f), (gan.Beta2, table.Beta2));
            Assert.AreEqual((1f, 10f), (gan.GradientPenaltyWeight, table.GradientPenaltyWeight));
            Assert.AreEqual(((int?)1, (int?)null), (gan.Packing, table.Packing));
            Assert.AreEqual((null, 128), (gan.LatentDimension, table.LatentDimension));
            Assert.AreEqual((null, 0f), (gan.R1PenaltyWeight, table.R1PenaltyWeight));
            foreach (GanOptionsBase o in new GanOptionsBase[] { gan, table })
            {
                Assert.AreEqual((1, 0, 2e-4f, 2e-4f, 0.5f), (o.DiscriminatorSteps, o.UnrolledSteps, o.GeneratorLearningRate, o.DiscriminatorLearningRate, o.Beta1));
                CollectionAssert.AreEqual(new[] { 256, 256 }, o.GeneratorHiddenLayers);
                CollectionAssert.AreEqual(new[] { 256, 256 }, o.DiscriminatorHiddenLayers);
                Assert.AreEqual((false, 0f, 0f, 0.999f, 0f, 1f), (o.MinibatchStdDev, o.LabelSmoothing, o.InstanceNoise, o.GeneratorEmaDecay, o.GradientClipNorm, o.LearningRateDecay));
                Assert.AreEqual((10, 0, 1L << 30, (int?)null, "cpu"), (o.CheckpointInterval, o.KeepCheckpoints, o.MemoryBudgetBytes, o.Threads, o.Device));
                Assert.IsNull(o.Seed);
                Assert.IsNull(o.CheckpointDirectory);
                Assert.IsNull(o.ResumeFromCheckpoint);
            }
        }

        [TestMethod]
        public void AGanWithoutABatchSizeTrainsWithTheAutomatic64()
        {
            var options = new GanEstimator.Options { BatchSize = null };
            Assert.AreEqual(64, GanEstimator.ToTrainerSettings(options).BatchSize);
            options.BatchSize = 10;
            Assert.AreEqual(10, GanEstimator.ToTrainerSettings(options).BatchSize);
        }

        /// <summary>What a GAN's checkpoint records, as it did before the options base: old checkpoints stay resumable.</summary>
        private static readonly string[] GanSettings =
        {
            "FeatureSize=2",
            "ConditionSize=0",
            "Network=MLP generator [16]",
            "LatentDimension=4",
            "GeneratorHiddenLayers=16",
            "DiscriminatorHiddenLayers=16",
            "Loss=NonSaturating",
            "BatchSize=32",
            "DiscriminatorSteps=1",
            "UnrolledSteps=0",
            "GeneratorLearningRate=0.00019999999494757503",
            "DiscriminatorLearningRate=0.00019999999494757503",
            "Beta1=0.5",
            "Beta2=0.9990000128746033",
            "GradientPenaltyWeight=1",
            "R1PenaltyWeight=0.30000001192092896",
            "Packing=1",
            "MinibatchStdDev=False",
            "LabelSmoothing=0",
            "InstanceNoise=0",
            "GeneratorEmaDecay=0.9990000128746033",
            "GradientClipNorm=0",
            "LearningRateDecay=1",
            "MmdBandwidths=0.02,0.05,0.1,0.2,0.5,1,2,5",
            "Seed=3",
            "Rows=200",
            "Minibatches=in memory",
        };

        [TestMethod]
        public void AGanCheckpointRecordsTheSameSettingsAsBefore()
        {
            var ml = new MLContext(1);
            var options = TestData.Tiny(epochs: 2, seed: 3);
            options.CheckpointDirectory = _dir;
            using (ml.Generative().Gan(options).Fit(TestData.Vectors(ml, TestData.Gaussian(200, 2, 1, 2, 5)))) { }
            var recorded = TrainingCheckpoint.Read(((IHostEnvironment)ml).Register("settings"), _dir).CompatibilityKeys.Select(p => $"{p.Key}={p.Value}").ToArray();
            CollectionAssert.AreEqual(GanSettings, recorded, string.Join("\n", recorded));
        }

        /// <summary>The remedies a table GAN did not offer before reach its trainer, and it trains with them.</summary>
        [TestMethod]
        public void ATableGanTrainsWithTheRemediesItNowHas()
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 200));
            var options = ModelFiles.SmallestTabular(epochs: 2);
            options.Columns = new[] { "Income", "Age", "City" };
            options.Loss = GanLoss.NonSaturating;
            options.R1PenaltyWeight = null;   // the loss's default, 0.3
            options.UnrolledSteps = 1;
            options.LabelSmoothing = 0.1f;
            options.InstanceNoise = 0.2f;
            options.GradientClipNorm = 5f;
            options.LearningRateDecay = 0.9f;
            options.MinibatchStdDev = true;
            options.CheckpointDirectory = _dir;
            using var model = ml.Generative().TabularGan(options).Fit(data);

            Assert.IsTrue(model.TrainingHistory.All(m => double.IsFinite(m.GeneratorLoss) && double.IsFinite(m.DiscriminatorLoss)));
            var recorded = TrainingCheckpoint.Read(((IHostEnvironment)ml).Register("settings"), _dir).CompatibilityKeys.ToDictionary(p => p.Key, p => p.Value);
            static string F(float v) => ((double)v).ToString("R", CultureInfo.InvariantCulture);
            Assert.AreEqual("1", recorded["UnrolledSteps"]);
            Assert.AreEqual(F(GanOptionsBase.DefaultR1PenaltyWeight), recorded["R1PenaltyWeight"]);
            Assert.AreEqual(F(0.1f), recorded["LabelSmoothing"]);
            Assert.AreEqual(F(0.2f), recorded["InstanceNoise"]);
            Assert.AreEqual(F(5f), recorded["GradientClipNorm"]);
            Assert.AreEqual(F(0.9f), recorded["LearningRateDecay"]);
            Assert.AreEqual("True", recorded["MinibatchStdDev"]);
        }

        public static IEnumerable<object[]> BadTableOptions()
        {
            yield return new object[] { "UnrolledSteps", (Action<TabularGanEstimator.Options>)(o => o.UnrolledSteps = -1) };
            yield return new object[] { "LabelSmoothing", (Action<TabularGanEstimator.Options>)(o => o.LabelSmoothing = 0.6f) };
            yield return new object[] { "InstanceNoise", (Action<TabularGanEstimator.Options>)(o => o.InstanceNoise = float.NaN) };
            yield return new object[] { "GradientClipNorm", (Action<TabularGanEstimator.Options>)(o => o.GradientClipNorm = -1) };
            yield return new object[] { "LearningRateDecay", (Action<TabularGanEstimator.Options>)(o => o.LearningRateDecay = 0) };
            yield return new object[] { "R1PenaltyWeight", (Action<TabularGanEstimator.Options>)(o => o.R1PenaltyWeight = -1) };
            yield return new object[] { "LatentDimension", (Action<TabularGanEstimator.Options>)(o => o.LatentDimension = 0) };
            yield return new object[] { "BatchSize", (Action<TabularGanEstimator.Options>)(o => { o.BatchSize = 5; o.Packing = 10; }) };   // under Packing 10
            yield return new object[] { "Threads", (Action<TabularGanEstimator.Options>)(o => o.Threads = 0) };
            yield return new object[] { "Device", (Action<TabularGanEstimator.Options>)(o => o.Device = "gpu") };
            yield return new object[] { "Loss", (Action<TabularGanEstimator.Options>)(o => o.Loss = GanLoss.Mmd) };
            yield return new object[] { "DiscriminatorDropout", (Action<TabularGanEstimator.Options>)(o => o.DiscriminatorDropout = 1) };
        }

        [TestMethod]
        [DynamicData(nameof(BadTableOptions))]
        public void ABadTableOptionIsRefusedWithItsNameWhenTheEstimatorIsMade(string option, Action<TabularGanEstimator.Options> spoil)
        {
            var options = new TabularGanEstimator.Options();
            spoil(options);
            var ex = Assert.Throws<ArgumentException>(() => new MLContext().Generative().TabularGan(options));
            Assert.AreEqual(option, ex.ParamName);
        }
    }
}
