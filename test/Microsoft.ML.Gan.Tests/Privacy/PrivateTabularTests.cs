using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Gan.Privacy;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Privacy
{
    /// <summary>
    /// TabularGan with <see cref="GanOptionsBase.Privacy"/>: the statistics and the critic steps together spend at most
    /// the target ε, the guarantee is stored in the model file, a category held by too few rows is never published, a
    /// private model still learns, and what privacy cannot cover is refused by name.
    /// </summary>
    [TestClass]
    public sealed class PrivateTabularTests
    {
        private string _dir = "";

        [TestInitialize]
        public void CreateDirectory() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "gan-private-" + Guid.NewGuid().ToString("N")));

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        private static TabularGanEstimator.Options Private(double epsilon, int epochs, int seed = 1, string[]? columns = null) => new()
        {
            Columns = columns ?? new[] { "Income", "Age", "Member", "City" },
            Epochs = epochs,
            BatchSize = 100,
            LatentDimension = 8,
            GeneratorHiddenLayers = new[] { 32 },
            DiscriminatorHiddenLayers = new[] { 32 },
            Loss = GanLoss.NonSaturating,
            Seed = seed,
            Privacy = new DifferentialPrivacyOptions { Epsilon = epsilon },
        };

        [TestMethod]
        public void StatisticsAndStepsTogetherSpendTheBudgetAndNoMore()
        {
            var ml = new MLContext(seed: 1);
            using var model = ml.Generative().TabularGan(Private(epsilon: 2, epochs: 3)).Fit(TableTestData.Mixed(ml, 600));
            var guarantee = model.Privacy!;
            Assert.IsNotNull(guarantee);
            Assert.IsTrue(guarantee.Epsilon <= 2 && guarantee.Epsilon >= 2 - NoiseCalibration.DefaultEpsilonTolerance - 1e-9, $"spent ε = {guarantee.Epsilon}");
            Assert.AreEqual(3 * 6, guarantee.Steps, "⌊600 / 100⌋ critic steps an epoch");
            Assert.AreEqual(100 / 600.0, guarantee.SampleRate, 1e-12);
            Assert.AreEqual(Math.Pow(600, -1.1), guarantee.Delta, 1e-15);
            Assert.IsTrue(guarantee.StatisticsNoiseMultiplier > 0, "the statistics were released with noise");
            CollectionAssert.AreEqual(guarantee.EpsilonByEpoch.ToArray(), model.TrainingHistory.Select(m => m.Epsilon).ToArray());
            for (int i = 1; i < 3; i++)
                Assert.IsTrue(guarantee.EpsilonByEpoch[i] > guarantee.EpsilonByEpoch[i - 1], "ε grows with the steps");

            // The statistics are part of the bill: the same steps alone would have spent less.
            double stepsAlone = RdpAccountant.Compute(guarantee.SampleRate, guarantee.NoiseMultiplier, guarantee.Steps,
                guarantee.Delta * (1 - StatisticsRelease.ThresholdDeltaShare)).Epsilon;
            Assert.IsTrue(stepsAlone < guarantee.Epsilon - 1e-3, $"steps alone {stepsAlone}, with the statistics {guarantee.Epsilon}");
        }

        [TestMethod]
        public void TheGuaranteeIsStoredInTheModelFile()
        {
            var ml = new MLContext(seed: 1);
            var data = TableTestData.Mixed(ml, 600);
            using var model = ml.Generative().TabularGan(Private(epsilon: 3, epochs: 2)).Fit(data);
            string path = Path.Combine(_dir, "private.zip");
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (TabularGanTransformer)ml.Model.Load(path, out _);
            Assert.AreEqual(model.Privacy!.Epsilon, loaded.Privacy!.Epsilon);
            Assert.AreEqual(model.Privacy.Delta, loaded.Privacy.Delta);
            Assert.AreEqual(model.Privacy.NoiseMultiplier, loaded.Privacy.NoiseMultiplier);
            Assert.AreEqual(model.Privacy.SampleRate, loaded.Privacy.SampleRate);
            Assert.AreEqual(model.Privacy.Steps, loaded.Privacy.Steps);
            Assert.AreEqual(model.Privacy.StatisticsNoiseMultiplier, loaded.Privacy.StatisticsNoiseMultiplier);
            CollectionAssert.AreEqual(model.TrainingHistory.Select(m => m.Epsilon).ToArray(), loaded.TrainingHistory.Select(m => m.Epsilon).ToArray());
            CollectionAssert.AreEqual(TableTestData.Texts(model.Generate(200, 3), "City"), TableTestData.Texts(loaded.Generate(200, 3), "City"));

            // A guarantee out of its ranges, under a valid checksum, is refused as damage.
            var bytes = Microsoft.ML.Gan.Tests.Persistence.ModelFiles.Save(ml, model, data.Schema);
            var damaged = Microsoft.ML.Gan.Tests.Persistence.ModelFiles.ReplacePayload(bytes, TabularGanTransformer.PayloadEntry, payload =>
            {
                var r = new Microsoft.ML.Gan.Persistence.PayloadReader(payload, "payload");
                r.ReadInt32();
                if (r.ReadBoolean())
                    r.ReadString();
                Microsoft.ML.Gan.Persistence.SavedModelParts.ReadHistory(r);
                int guarantee = payload.Length - r.Remaining + 1; // after the flag: ε first
                System.Buffers.Binary.BinaryPrimitives.WriteDoubleLittleEndian(payload.AsSpan(guarantee), -1.0);
                return payload;
            });
            var refused = Assert.Throws<System.Reflection.TargetInvocationException>(() => Microsoft.ML.Gan.Tests.Persistence.ModelFiles.Load(damaged));
            Assert.IsInstanceOfType<InvalidDataException>(refused.InnerException);
            StringAssert.Contains(refused.InnerException!.Message, "privacy guarantee is out of range");

            using var plain = ml.Generative().TabularGan(new TabularGanEstimator.Options
            {
                Columns = new[] { "Income", "City" }, Epochs = 1, BatchSize = 100, LatentDimension = 8,
                GeneratorHiddenLayers = new[] { 16 }, DiscriminatorHiddenLayers = new[] { 16 }, Seed = 1,
            }).Fit(data);
            Assert.IsNull(plain.Privacy);
            Assert.IsTrue(plain.TrainingHistory.All(m => double.IsNaN(m.Epsilon)));
        }

        [TestMethod]
        public void AnInterruptedPrivateRunResumesToTheSameModelAndLedger()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 600));
            string checkpoints = Path.Combine(_dir, "checkpoints");
            TabularGanEstimator.Options Options(System.Threading.CancellationToken cancel = default, string? resume = null)
            {
                var o = Private(epsilon: 2, epochs: 4);
                o.CheckpointDirectory = resume is null ? checkpoints : null;
                o.CheckpointInterval = 2;
                o.ResumeFromCheckpoint = resume;
                o.CancellationToken = cancel;
                return o;
            }
            using var uninterrupted = ml.Generative().TabularGan(Options()).Fit(data);
            Directory.Delete(checkpoints, recursive: true);

            // Interrupted after epoch 2's checkpoint: the plan (4 epochs) is the same, so the run can resume it.
            using var stop = new System.Threading.CancellationTokenSource();
            var interrupted = Options(stop.Token);
            interrupted.Progress = new SynchronousProgress(p => { if (p.Metrics.Epoch == 3) stop.Cancel(); });
            Assert.Throws<OperationCanceledException>(() => ml.Generative().TabularGan(interrupted).Fit(data));
            using var resumed = ml.Generative().TabularGan(Options(resume: checkpoints)).Fit(data);

            CollectionAssert.AreEqual(TableTestData.Texts(uninterrupted.Generate(300, 4), "City"), TableTestData.Texts(resumed.Generate(300, 4), "City"));
            CollectionAssert.AreEqual(TableTestData.Values<double>(uninterrupted.Generate(300, 4), "Income"), TableTestData.Values<double>(resumed.Generate(300, 4), "Income"));
            CollectionAssert.AreEqual(uninterrupted.TrainingHistory.Select(m => m.Epsilon).ToArray(), resumed.TrainingHistory.Select(m => m.Epsilon).ToArray(),
                "the ε of the epochs before the checkpoint is recomputed from the plan");
            Assert.AreEqual(uninterrupted.Privacy!.Epsilon, resumed.Privacy!.Epsilon);
            Assert.AreEqual(uninterrupted.Privacy.Steps, resumed.Privacy.Steps);
        }

        private sealed class SynchronousProgress : IProgress<GanProgress>
        {
            private readonly Action<GanProgress> _report;

            public SynchronousProgress(Action<GanProgress> report) => _report = report;

            public void Report(GanProgress value) => _report(value);
        }

        [TestMethod]
        public void ACategoryHeldByFewRowsIsNeverPublished()
        {
            var ml = new MLContext(seed: 1);
            var rows = TableTestData.MixedRows(1000);
            rows[17].City = "Quito";
            rows[500].City = "Quito";
            var data = ml.Data.LoadFromEnumerable(rows);
            using var model = ml.Generative().TabularGan(Private(epsilon: 1, epochs: 1)).Fit(data);
            var cities = TableTestData.Texts(model.Generate(3000, 2), "City");
            Assert.IsFalse(cities.Contains("Quito"), "a category held by two rows was published");
            CollectionAssert.IsSubsetOf(new[] { "Oslo", "Paris" }, cities.Distinct().ToArray(), "the common categories are kept");
            // Nor is it in the model at all: it cannot be asked for as a condition.
            Assert.IsFalse(model.Table().Conditions.Columns.Single(c => c.Column == "City").Labels.Contains("Quito"));
        }

        [TestMethod]
        public void APrivateModelLearnsARelationAnUntrainedOneDoesNot()
        {
            var ml = new MLContext(seed: 1);
            var rng = new Random(7);
            var rows = Enumerable.Range(0, 3000).Select(_ =>
            {
                bool b = rng.NextDouble() < 0.5;
                return new GroupRow { Group = b ? "B" : "A", Value = (float)((b ? 6 : 0) + TableTestData.Normal(rng)) };
            }).ToList();
            var data = ml.Data.LoadFromEnumerable(rows);
            double Gap(TabularGanTransformer model)
            {
                var generated = ml.Data.CreateEnumerable<GroupRow>(model.Generate(4000, 3), reuseRowObject: false).ToList();
                return generated.Where(r => r.Group == "B").Average(r => r.Value) - generated.Where(r => r.Group == "A").Average(r => r.Value);
            }
            var options = Private(epsilon: 8, epochs: 30, columns: new[] { "Group", "Value" });
            options.BatchSize = 300;
            options.GeneratorHiddenLayers = new[] { 64 };
            options.DiscriminatorHiddenLayers = new[] { 64 };
            using var trained = ml.Generative().TabularGan(options).Fit(data);
            options.Epochs = 1;
            options.Privacy = new DifferentialPrivacyOptions { Epsilon = 8 };
            using var untrained = ml.Generative().TabularGan(options).Fit(data);
            double trainedGap = Gap(trained), untrainedGap = Gap(untrained);
            Assert.IsTrue(Math.Abs(trainedGap - 6) < Math.Abs(untrainedGap - 6) - 1,
                $"the real gap between the groups' means is 6; trained {trainedGap:F2}, one epoch {untrainedGap:F2}");
            Assert.IsTrue(trainedGap > 3, $"trained gap {trainedGap:F2}");
        }

        [TestMethod]
        public void WhatPrivacyCannotCoverIsRefusedByName()
        {
            var ml = new MLContext(seed: 1);
            var data = TableTestData.Mixed(ml, 300);
            var options = Private(epsilon: 1, epochs: 1);
            options.Loss = GanLoss.Wasserstein;
            var ex = Assert.Throws<ArgumentException>(() => ml.Generative().TabularGan(options));
            StringAssert.Contains(ex.Message, nameof(TabularGanEstimator.Options.GradientPenaltyWeight));
            StringAssert.Contains(ex.Message, nameof(GanLoss.NonSaturating));

            options = Private(epsilon: 1, epochs: 1);
            options.ValidationFraction = 0.2;
            ex = Assert.Throws<ArgumentException>(() => ml.Generative().TabularGan(options));
            StringAssert.Contains(ex.Message, nameof(TabularGanEstimator.Options.ValidationFraction));

            options = Private(epsilon: 1, epochs: 1);
            options.Constraints.Add(TableConstraint.LessOrEqual("Age", "Income"));
            ex = Assert.Throws<ArgumentException>(() => ml.Generative().TabularGan(options));
            StringAssert.Contains(ex.Message, nameof(TabularGanEstimator.Options.Constraints));

            options = Private(epsilon: 1, epochs: 1);
            options.Packing = 10;
            ex = Assert.Throws<ArgumentException>(() => ml.Generative().TabularGan(options));
            StringAssert.Contains(ex.Message, nameof(TabularGanEstimator.Options.Packing));

            options = Private(epsilon: 1, epochs: 1);
            options.MemoryBudgetBytes = 1 << 20;
            var streamed = Assert.Throws<InvalidOperationException>(() => ml.Generative().TabularGan(options).Fit(TableTestData.Mixed(ml, 30_000)));
            StringAssert.Contains(streamed.Message, nameof(TabularGanEstimator.Options.MemoryBudgetBytes));
        }

        [TestMethod]
        public void SequencesRefusePrivacyByName()
        {
            var options = Microsoft.ML.Gan.Tests.Sequences.SequenceTestData.Tiny();
            options.Loss = GanLoss.NonSaturating; // the default MMD has no critic and is refused before
            options.Privacy = new DifferentialPrivacyOptions { Epsilon = 3 };
            var ex = Assert.Throws<ArgumentException>(() => new MLContext(1).Generative().SequenceGan(options));
            StringAssert.Contains(ex.Message, "overlapping windows");
        }

        private sealed class GroupRow
        {
            public string Group = "";
            public float Value;
        }
    }
}
