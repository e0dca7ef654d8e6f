using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    [TestClass]
    public sealed class TableMinibatchesTests
    {
        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void MinibatchesPairEachRealRowWithAConditionItSatisfies(bool devicePath)
        {
            var ml = new MLContext(1);
            var table = TableTestData.Read(TableTestData.Mixed(ml, 500));
            var encoding = TableEncoding.Fit(table, seed: 1);
            using var encoded = encoding.EncodeTensor(table, new Random(1));
            using var sampler = new ConditionalSampler(table.Categorical.ToList());
            using var source = new TableMinibatches(encoded, sampler);
            // The device path (its draws, the rows resident), here on the CPU.
            if (devicePath)
            {
                using var ch = ((Microsoft.ML.Runtime.IHostEnvironment)ml).Start("test");
                source.EnterDevicePath(ch, torch.CPU);
                Assert.IsTrue(sampler.OnDevicePath);
            }
            Assert.AreEqual(2 + 5 + 5, sampler.Width);
            Assert.AreEqual(500L, source.Rows);

            // The positions of the categorical groups inside an encoded row, in condition order.
            using var positions = torch.tensor(encoding.DiscreteSpans.SelectMany(s => Enumerable.Range(s.Start, s.Length)).Select(i => (long)i).ToArray());
            var rng = new torch.Generator(3);
            using var epoch = source.StartEpoch(64, rng);
            int batches = 0;
            while (true)
            {
                using var scope = torch.NewDisposeScope();
                if (!epoch.TryNext(out var batch))
                    break;
                batches++;
                CollectionAssert.AreEqual(new long[] { 64, encoding.Width }, batch.Real.shape);
                CollectionAssert.AreEqual(new long[] { 64, 12 }, batch.Condition!.shape);
                var satisfied = (batch.Real.index_select(1, positions) * batch.Condition!).sum(1);
                Assert.IsTrue(satisfied.eq(1).all().item<bool>(), "each real row has the category its condition names");
            }
            Assert.AreEqual(500 / 64, batches);
            using var conditions = source.SampleConditions(10, rng)!;
            CollectionAssert.AreEqual(new long[] { 10, 12 }, conditions.shape);
        }

        [TestMethod]
        public void TableWithoutCategoriesIsUnconditional()
        {
            var table = TableTestData.Read(TableTestData.Mixed(new MLContext(1), 100), use: new[] { "Age", "Income" });
            var encoding = TableEncoding.Fit(table, seed: 1);
            using var encoded = encoding.EncodeTensor(table, new Random(1));
            using var sampler = new ConditionalSampler(table.Categorical.ToList());
            using var source = new TableMinibatches(encoded, sampler);
            Assert.AreEqual(0, sampler.Width);
            Assert.IsNull(source.SampleConditions(4, new torch.Generator(1)));
            using var epoch = source.StartEpoch(32, new torch.Generator(1));
            using var scope = torch.NewDisposeScope();
            Assert.IsTrue(epoch.TryNext(out var batch));
            Assert.IsNull(batch.Condition);
            CollectionAssert.AreEqual(new long[] { 32, encoding.Width }, batch.Real.shape);
        }
    }
}
