using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Training
{
    /// <summary>
    /// The trainer's device path (what Device = "cuda" does), run on the CPU: its step figures read back every N steps,
    /// its own generators and draws, rows resident as one tensor. No test here needs a GPU.
    /// </summary>
    [TestClass]
    public sealed class DevicePathTests
    {
        private static (IHost Host, IChannel Channel) Host()
        {
            var host = ((IHostEnvironment)new MLContext(seed: 1)).Register("test");
            return (host, host.Start("test"));
        }

        private static MlpSpec Spec(GanEstimator.Options options, int classes = 0) =>
            new(options.ResolveLatentDimension(2), classes, 2, options.GeneratorHiddenLayers, options.DiscriminatorHiddenLayers);

        // 120 points of two classes; the class is the sign of the first value.
        private static (Microsoft.ML.Gan.Data.FeatureRows Rows, int[] Classes) Points()
        {
            using var random = torch.randn(new long[] { 120, 2 }, generator: new torch.Generator(5));
            var values = random.data<float>().ToArray();
            var classes = Enumerable.Range(0, 120).Select(r => values[2 * r] > 0 ? 1 : 0).ToArray();
            return (TestData.Rows(values, 2), classes);
        }

        private static (float[] Weights, object[] History) Train(TrainerSettings settings, GanEstimator.Options options, bool conditional)
        {
            var (host, ch) = Host();
            using (ch)
            {
                var (rows, classes) = Points();
                using var source = conditional ? new InMemoryMinibatches(rows, classes, new[] { 0.5f, 0.5f }) : new InMemoryMinibatches(rows);
                var (generator, history) = new GanTrainer(host, settings, seed: 3, Spec(options, conditional ? 2 : 0)).Train(ch, source, resume: null);
                using (generator)
                {
                    var weights = generator.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
                    // Every figure but Seconds, the only one that is not a result.
                    return (weights, history.Select(h => (object)(h.Epoch, h.DiscriminatorLoss, h.GeneratorLoss, h.MeanRealScore, h.MeanFakeScore,
                        h.DiscriminatorGradientNorm, h.GeneratorGradientNorm, h.DiversityRatio, h.DiscriminatorUpdates, h.GeneratorUpdates)).ToArray());
                }
            }
        }

        private static GanEstimator.Options Options(int unrolled = 0)
        {
            var options = TestData.Tiny(epochs: 3);
            options.BatchSize = 16;
            options.UnrolledSteps = unrolled;
            options.DiscriminatorSteps = unrolled > 0 ? 1 : 2;
            return options;
        }

        [TestMethod]
        [DataRow(false, 0)]
        [DataRow(true, 0)]
        [DataRow(false, 2)]
        public void FiguresReadEveryNStepsGiveBitIdenticalMetricsAndWeights(bool conditional, int unrolled)
        {
            var options = Options(unrolled);
            var settings = GanEstimator.ToTrainerSettings(options);
            var everyStep = Train(settings, options, conditional);
            // 7 does not divide the 7-or-so steps of an epoch evenly across epochs: reads fall mid-epoch and at the end.
            var deferred = Train(settings with { ReadInterval = 7 }, options, conditional);
            var onceAnEpoch = Train(settings with { ReadInterval = 100_000 }, options, conditional);

            CollectionAssert.AreEqual(everyStep.History, deferred.History, "the same float32 figures summed in the same order in float64");
            CollectionAssert.AreEqual(everyStep.History, onceAnEpoch.History);
            CollectionAssert.AreEqual(everyStep.Weights, deferred.Weights, "reading back changes nothing that trains");
            Assert.AreEqual(3, everyStep.History.Length);
        }

        [TestMethod]
        public void FiguresReadEveryNStepsStillStopADivergedRun()
        {
            var (host, ch) = Host();
            using (ch)
            {
                var data = TestData.Rows(Enumerable.Repeat(1f, 64 * 2).ToArray(), 2);
                data.Row(2)[1] = float.NaN;
                var options = TestData.Tiny(epochs: 3);
                var settings = GanEstimator.ToTrainerSettings(options) with { ReadInterval = 5 };
                using var source = new InMemoryMinibatches(data);
                var ex = Assert.Throws<InvalidOperationException>(() => new GanTrainer(host, settings, seed: 1, Spec(options)).Train(ch, source, resume: null));
                StringAssert.Contains(ex.Message, "diverged in epoch 1");
            }
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void DevicePathTrainsReproduciblyWithItsOwnDraws(bool conditional)
        {
            var options = Options();
            var settings = GanEstimator.ToTrainerSettings(options);
            var devicePath = settings with { DevicePathOnCpu = true };
            var first = Train(devicePath, options, conditional);
            var second = Train(devicePath, options, conditional);
            var cpuPath = Train(settings, options, conditional);

            CollectionAssert.AreEqual(first.History, second.History, "a seed gives one run on the device path too");
            CollectionAssert.AreEqual(first.Weights, second.Weights);
            CollectionAssert.AreNotEqual(cpuPath.Weights, first.Weights, "the device path draws from a generator of its own");
            Assert.AreEqual(3, first.History.Length);
            Assert.IsTrue(first.History.All(h => h.ToString()!.Split(',').All(v => !v.Contains("NaN") && !v.Contains('∞'))), "finite figures");
        }

        [TestMethod]
        public void OnlyTheDevicePathRecordsWhereItDraws()
        {
            var options = Options();
            var settings = GanEstimator.ToTrainerSettings(options);
            var (rows, _) = Points();
            using var source = new InMemoryMinibatches(rows);
            var cpuKeys = settings.CompatibilityKeys(Spec(options), 1, source);
            var deviceKeys = (settings with { DevicePathOnCpu = true }).CompatibilityKeys(Spec(options), 1, source);
            Assert.IsFalse(cpuKeys.Any(k => k.Key == "RandomDraws"), "the CPU path's checkpoints keep their keys");
            CollectionAssert.AreEqual(cpuKeys.ToArray(), deviceKeys.Take(cpuKeys.Count).ToArray());
            Assert.AreEqual("on the training device", deviceKeys.Single(k => k.Key == "RandomDraws").Value,
                "a CPU checkpoint does not resume on the device path, whose generators differ");
        }

        [TestMethod]
        public void ResidentRowsGiveTheMinibatchesOfTheManagedGather()
        {
            var (host, ch) = Host();
            using (ch)
            {
                var (rows, classes) = Points();
                using var managed = new InMemoryMinibatches(rows, classes, new[] { 0.5f, 0.5f });
                using var resident = new InMemoryMinibatches(rows, classes, new[] { 0.5f, 0.5f });
                resident.EnterDevicePath(ch, torch.CPU);
                using var a = managed.StartEpoch(16, new torch.Generator(9));
                using var b = resident.StartEpoch(16, new torch.Generator(9));
                int batches = 0;
                while (true)
                {
                    using var scope = torch.NewDisposeScope();
                    bool more = a.TryNext(out var x);
                    Assert.AreEqual(more, b.TryNext(out var y));
                    if (!more)
                        break;
                    batches++;
                    CollectionAssert.AreEqual(x.Real.data<float>().ToArray(), y.Real.data<float>().ToArray(), $"minibatch {batches}");
                    CollectionAssert.AreEqual(x.Condition!.data<float>().ToArray(), y.Condition!.data<float>().ToArray());
                }
                Assert.AreEqual(120 / 16, batches);
                using var monitored = resident.MonitoringRows(50);
                using var head = managed.MonitoringRows(50);
                CollectionAssert.AreEqual(head.data<float>().ToArray(), monitored.data<float>().ToArray());
            }
        }

        // Every figure of a fit's history but Seconds.
        private static object[] Figures(IReadOnlyList<GanEpochMetrics> history) => history.Select(h => (object)(h.Epoch, h.DiscriminatorLoss,
            h.GeneratorLoss, h.MeanRealScore, h.MeanFakeScore, h.DiscriminatorGradientNorm, h.GeneratorGradientNorm, h.DiversityRatio)).ToArray();

        [TestMethod]
        public void TabularGanTakesTheDevicePathEndToEnd()
        {
            var ml = new MLContext(1);
            var table = ml.Data.Cache(Tabular.TableTestData.Mixed(ml, 300));
            TabularGanEstimator.Options Options(bool devicePath)
            {
                var o = Persistence.ModelFiles.SmallestTabular(epochs: 2);
                // The held-out score (the observer between epochs) draws conditions from the resident sampler too.
                o.ValidationFraction = 0.2;
                o.ValidationInterval = 1;
                o.DevicePathOnCpu = devicePath;
                return o;
            }
            using var first = ml.Generative().TabularGan(Options(true)).Fit(table);
            using var second = ml.Generative().TabularGan(Options(true)).Fit(table);
            using var cpuPath = ml.Generative().TabularGan(Options(false)).Fit(table);

            CollectionAssert.AreEqual(Figures(first.TrainingHistory), Figures(second.TrainingHistory), "a seed gives one run on the device path");
            CollectionAssert.AreNotEqual(Figures(cpuPath.TrainingHistory), Figures(first.TrainingHistory), "with draws of its own");
            Assert.AreEqual(2, first.TrainingHistory.Count);
            Assert.IsTrue(first.TrainingHistory.All(h => double.IsFinite(h.GeneratorLoss) && double.IsFinite(h.DiscriminatorLoss)));
            var rows = first.Generate(20, seed: 1).Preview(20).RowView;
            Assert.AreEqual(20, rows.Length, "the model generates on the CPU");
        }

        [TestMethod]
        public void RowsLiveOnTheDeviceWithinAShareOfItsFreeMemory()
        {
            Assert.IsTrue(DeviceResidence.Fits(100, 400));
            Assert.IsFalse(DeviceResidence.Fits(101, 400), "a quarter of the free memory at most");
            Assert.IsTrue(DeviceResidence.Fits(DeviceResidence.UnknownFreeLimitBytes, null));
            Assert.IsFalse(DeviceResidence.Fits(DeviceResidence.UnknownFreeLimitBytes + 1, null), "the fixed rule when the free memory is unknown");
            var (host, ch) = Host();
            using (ch)
                Assert.IsTrue(DeviceResidence.Decide(ch, torch.CPU, long.MaxValue, "rows"), "on the CPU nothing is copied");
        }
    }
}
