using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Tests.Training
{
    [TestClass]
    public sealed class BestEpochTests
    {
        // A one-weight network whose weight is set to the epoch number, so the kept weight names the kept epoch.
        private static Sequential Network() => torch.nn.Sequential(("linear", torch.nn.Linear(1, 1, hasBias: false)));

        private static void SetWeight(Sequential network, float value)
        {
            using var noGrad = torch.no_grad();
            network.parameters().Single().fill_(value);
        }

        private static float Weight(Sequential network) => network.parameters().Single().item<float>();

        [TestMethod]
        public void KeepsTheBestScoredEpochAndStopsAfterThePatience()
        {
            var scores = new Dictionary<int, double> { [1] = 0.5, [2] = 0.7, [3] = 0.6, [4] = 0.65, [5] = 0.9 };
            using var network = Network();
            var scored = new List<int>();
            using var best = new BestGenerator((n, _) => { int e = (int)Weight(n); scored.Add(e); return scores[e]; }, interval: 1, patience: 2);
            int epoch = 0;
            bool go = true;
            while (go && epoch < 5)
            {
                SetWeight(network, ++epoch);
                go = best.EpochEnded(epoch, 5, network, null!);
            }
            Assert.AreEqual(4, epoch, "two scores without a new best after epoch 2 stop training after epoch 4");
            best.TrainingEnded(network);
            Assert.AreEqual(2f, Weight(network), "the weights of epoch 2 are restored");
            Assert.AreEqual(2, best.BestEpoch);
            CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, scored, "every epoch up to the stop is scored once");
        }

        [TestMethod]
        public void ScoresEveryIntervalAndTheLastEpochAndCanKeepTheLast()
        {
            using var network = Network();
            var scored = new List<int>();
            using var best = new BestGenerator((n, _) => { scored.Add((int)Weight(n)); return -Weight(n); }, interval: 3, patience: 0, restore: false);
            for (int epoch = 1; epoch <= 7; epoch++)
            {
                SetWeight(network, epoch);
                Assert.IsTrue(best.EpochEnded(epoch, 7, network, null!), "patience 0 never stops");
            }
            CollectionAssert.AreEqual(new[] { 3, 6, 7 }, scored);
            Assert.AreEqual(3, best.BestEpoch);
            best.TrainingEnded(network);
            Assert.AreEqual(7f, Weight(network), "restore: false keeps the last weights");
        }

        [TestMethod]
        public void HeldOutRowsAreDisjointAndDrawnFromTheSeed()
        {
            var ml = new MLContext(1);
            var table = TableTestData.Read(TableTestData.Mixed(ml, 200));
            var (train, heldOut) = TableValidation.Split(table, 0.25, seed: 3);
            Assert.AreEqual(50, heldOut.Rows);
            Assert.AreEqual(150, train.Rows);
            var incomes = ((ContinuousColumnData)table["Income"]).Values;
            var both = ((ContinuousColumnData)train["Income"]).Values.Concat(((ContinuousColumnData)heldOut["Income"]).Values).OrderBy(v => v);
            CollectionAssert.AreEqual(incomes.OrderBy(v => v).ToArray(), both.ToArray(), "every row is on exactly one side");
            var again = TableValidation.Split(table, 0.25, seed: 3).HeldOut;
            CollectionAssert.AreEqual(((ContinuousColumnData)heldOut["Income"]).Values, ((ContinuousColumnData)again["Income"]).Values);
            var other = TableValidation.Split(table, 0.25, seed: 4).HeldOut;
            CollectionAssert.AreNotEqual(((ContinuousColumnData)heldOut["Income"]).Values, ((ContinuousColumnData)other["Income"]).Values);
        }

        [TestMethod]
        public void TabularGanWithValidationStopsEarlyAndStillGenerates()
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 500));
            var options = TabularGanTests.Tiny(epochs: 60);
            options.ValidationFraction = 0.2;
            options.ValidationInterval = 2;
            options.EarlyStoppingPatience = 1;
            using var model = ml.Generative().TabularGan(options).Fit(data);
            Assert.IsTrue(model.TrainingHistory.Count < 60, $"patience 1 should stop before epoch 60; trained {model.TrainingHistory.Count}");
            var incomes = TableTestData.Values<double>(model.Generate(400, 2), "Income");
            Assert.AreEqual(400, incomes.Length);
            // The table's Income has modes at 20k and 100k: a kept generator has learned both.
            Assert.IsTrue(incomes.Count(v => v > 60_000) is > 40 and < 240, $"rich share {incomes.Count(v => v > 60_000) / 400.0}");
        }

        [TestMethod]
        public void ValidationOptionsOutOfRangeFailBeforeTraining()
        {
            var ml = new MLContext(1);
            var data = TableTestData.Mixed(ml, 120);
            var tooLarge = TabularGanTests.Tiny();
            tooLarge.ValidationFraction = 0.6;
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().TabularGan(tooLarge));
            StringAssert.Contains(e.Message, "ValidationFraction");
            var noInterval = TabularGanTests.Tiny();
            noInterval.ValidationInterval = 0;
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().TabularGan(noInterval));
            var leavesTooFew = TabularGanTests.Tiny();   // batch 100 of 120 rows: holding out 30% leaves 84
            leavesTooFew.ValidationFraction = 0.3;
            var tooFew = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().TabularGan(leavesTooFew).Fit(data));
            StringAssert.Contains(tooFew.Message, "ValidationFraction");
        }
    }
}
