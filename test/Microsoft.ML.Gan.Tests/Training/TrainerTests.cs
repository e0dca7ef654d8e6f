using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Training
{
    [TestClass]
    public sealed class TrainerTests
    {
        private static (IHost Host, IChannel Channel) Host()
        {
            var host = ((IHostEnvironment)new MLContext(seed: 1)).Register("test");
            return (host, host.Start("test"));
        }

        private static MlpSpec Spec(GanEstimator.Options options) =>
            new(options.ResolveLatentDimension(2), 0, 2, options.GeneratorHiddenLayers, options.DiscriminatorHiddenLayers);

        [TestMethod]
        public void NonFiniteLossStopsTrainingNamingTheEpochAndRemedies()
        {
            var (host, ch) = Host();
            using (ch)
            {
                var data = TestData.Rows(Enumerable.Repeat(1f, 64 * 2).ToArray(), 2);
                data.Row(2)[1] = float.NaN; // after reading, which refuses non-finite values: a NaN only training can meet
                var options = TestData.Tiny(epochs: 3);
                var trainer = new GanTrainer(host, GanEstimator.ToTrainerSettings(options), seed: 1, Spec(options));
                using var source = new InMemoryMinibatches(data);
                var ex = Assert.Throws<InvalidOperationException>(() => trainer.Train(ch, source, resume: null));
                StringAssert.Contains(ex.Message, "diverged in epoch 1");
                StringAssert.Contains(ex.Message, "GeneratorLearningRate");
            }
        }

        [TestMethod]
        public void EachEpochRunsOneDiscriminatorStepPerMinibatchAndAGeneratorStepEveryK()
        {
            var (host, ch) = Host();
            using (ch)
            {
                using var random = torch.randn(100, 2);
                var data = TestData.Rows(random.data<float>().ToArray(), 2);
                var options = TestData.Tiny(epochs: 2);
                options.BatchSize = 10;
                options.DiscriminatorSteps = 3;
                using var source = new InMemoryMinibatches(data);
                var (generator, history) = new GanTrainer(host, GanEstimator.ToTrainerSettings(options), seed: 1, Spec(options)).Train(ch, source, resume: null);
                generator.Dispose();
                Assert.AreEqual(2, history.Count);
                // 10 discriminator steps per epoch, generator steps after D steps 3, 6, 9 (epoch 1) and 12, 15, 18 (epoch 2).
                Assert.IsTrue(history.All(h => h.DiscriminatorUpdates == 10), "one discriminator step per minibatch");
                Assert.IsTrue(history.All(h => h.GeneratorUpdates == 3), "a generator step after every 3rd discriminator step, counted across epochs");
                Assert.IsTrue(history.All(h => double.IsFinite(h.GeneratorLoss)));
            }
        }

        [TestMethod]
        public void ScalerHandlesValuesNearFloatMax()
        {
            var rows = TestData.Rows(new[] { 3e38f, -3e38f, 3e38f, -3e38f }, 1);
            var scaler = rows.Moments().Standardiser();
            Assert.IsTrue(float.IsFinite(scaler.Scale[0]) && scaler.Scale[0] > 1e38f, $"scale {scaler.Scale[0]}");
            rows.Scale(scaler);
            Assert.IsTrue(TestData.Values(rows).All(v => Math.Abs(Math.Abs(v) - 1) < 1e-3), "standardised to ±1");
        }
    }
}
