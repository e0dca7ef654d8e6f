using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests
{
    /// <summary>Nothing changes under a running Fit: options are copied when the estimator is made, fits share no state.</summary>
    [TestClass]
    public sealed class EstimatorStateTests
    {
        private static float[][] Rows(GanTransformer model) => TestData.Column(model.Generate(300, seed: 5), "Generated");

        [TestMethod]
        public void ChangingGanOptionsAfterTheEstimatorIsMadeChangesNothing()
        {
            var ml = new MLContext(seed: 1);
            var data = TestData.Vectors(ml, TestData.Gaussian(200, 3, 2, 1, seed: 3));
            using var reference = ml.Generative().Gan(TestData.Tiny(epochs: 2)).Fit(data);

            var options = TestData.Tiny(epochs: 2);
            var estimator = ml.Generative().Gan(options);
            options.Epochs = 7;
            options.Seed = 99;
            options.GeneratorHiddenLayers[0] = 3;   // in place: a shared array would change the network
            options.BatchSize = -1;                 // invalid now, but the estimator validated its own copy
            using var model = estimator.Fit(data);

            Assert.AreEqual(2, model.TrainingHistory.Count, "the epochs the estimator was made with");
            Assert.AreEqual(1, model.Seed);
            TestData.AssertSame(Rows(reference), Rows(model));
        }

        [TestMethod]
        public void ChangingTabularOptionsAfterTheEstimatorIsMadeChangesNothing()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 200));
            TabularGanEstimator.Options Options() => new()
            {
                Columns = new[] { "Income", "City" }, Epochs = 1, BatchSize = 100, LatentDimension = 8,
                GeneratorHiddenLayers = new[] { 16 }, DiscriminatorHiddenLayers = new[] { 16 }, Seed = 1,
            };
            using var reference = ml.Generative().TabularGan(Options()).Fit(data);

            var options = Options();
            var estimator = ml.Generative().TabularGan(options);
            options.Columns![1] = "Age";   // in place
            options.Epochs = 5;
            options.Seed = 7;
            using var model = estimator.Fit(data);

            Assert.AreEqual(1, model.TrainingHistory.Count);
            CollectionAssert.AreEqual(new[] { "Income", "City" }, model.OutputSchema.Select(c => c.Name).ToArray());
            CollectionAssert.AreEqual(TabularGanTests.Dump(reference.Generate(50, seed: 3)), TabularGanTests.Dump(model.Generate(50, seed: 3)));
        }

        [TestMethod]
        public void TwoFitsOnTwoThreadsGiveTheModelsOfTheSameFitsRunOneAfterTheOther()
        {
            var ml = new MLContext(seed: 1);
            var first = TestData.Vectors(ml, TestData.Gaussian(256, 3, 2, 1, seed: 3));
            var second = TestData.Vectors(ml, TestData.Gaussian(256, 2, -1, 2, seed: 4));
            GanEstimator.Options Options(int seed) { var o = TestData.Tiny(epochs: 3, seed: seed); o.Threads = 1; return o; }
            var estimators = new[] { ml.Generative().Gan(Options(1)), ml.Generative().Gan(Options(2)) };
            var inputs = new[] { first, second };

            var sequential = new float[2][][];
            for (int i = 0; i < 2; i++)
                using (var model = estimators[i].Fit(inputs[i]))
                    sequential[i] = Rows(model);

            int threadsBefore = torch.get_num_threads();
            var concurrent = Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(() =>
            {
                using var model = estimators[i].Fit(inputs[i]);
                return Rows(model);
            }))).GetAwaiter().GetResult();

            for (int i = 0; i < 2; i++)
                TestData.AssertSame(sequential[i], concurrent[i]);
            Assert.AreEqual(threadsBefore, torch.get_num_threads(), "the last fit to finish restores libtorch's thread count");
        }

        [TestMethod]
        public void AConcurrentFitAskingForAnotherThreadCountIsRefusedBeforeReadingData()
        {
            var ml = new MLContext(seed: 1);
            var data = TestData.Vectors(ml, TestData.Gaussian(64, 2, 0, 1, seed: 3));
            int before = torch.get_num_threads();
            var options = TestData.Tiny();
            options.Threads = before == 1 ? 2 : 1;
            using (TrainingThreads.Use(before == 1 ? 3 : 2))   // another fit, training with its own count
            {
                var ex = Assert.ThrowsExactly<InvalidOperationException>(() => ml.Generative().Gan(options).Fit(data));
                StringAssert.Contains(ex.Message, $"Threads = {options.Threads}");
                StringAssert.Contains(ex.Message, "process-wide");
            }
            Assert.AreEqual(before, torch.get_num_threads(), "restored when the last share is returned");
        }
    }
}
