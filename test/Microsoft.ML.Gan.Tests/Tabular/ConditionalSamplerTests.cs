using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    [TestClass]
    public sealed class ConditionalSamplerTests
    {
        // Column "a": 1000 × "common", 10 × "rare" (rows 0..9); column "b": three values in turn.
        private static CategoricalColumnData[] Columns()
        {
            const int rows = 1010;
            var a = Enumerable.Range(0, rows).Select(r => r < 10 ? 1 : 0).ToArray();
            var b = Enumerable.Range(0, rows).Select(r => r % 3).ToArray();
            return new[]
            {
                new CategoricalColumnData(new TableColumn("a", 0, TextDataViewType.Instance, ColumnKind.Categorical), a,
                    new CategorySet("a", new object[] { "common", "rare" }, new[] { "common", "rare" }, -1)),
                new CategoricalColumnData(new TableColumn("b", 1, TextDataViewType.Instance, ColumnKind.Categorical), b,
                    new CategorySet("b", new object[] { "x", "y", "z" }, new[] { "x", "y", "z" }, -1)),
            };
        }

        [TestMethod]
        public void ConditionVectorCoversEveryCategory()
        {
            using var sampler = new ConditionalSampler(Columns());
            Assert.AreEqual(5, sampler.Width);
            CollectionAssert.AreEqual(new[] { 0, 2 }, sampler.Conditions.Offsets.ToArray());
            Assert.AreEqual(1, sampler.Conditions.Slot("a", "rare"));
            Assert.AreEqual(4, sampler.Conditions.Slot("b", "z"));
        }

        [TestMethod]
        [DataRow(false)]
        [DataRow(true)]
        public void TrainingConditionsFollowLogFrequencyAndRowsHaveTheCategory(bool devicePath)
        {
            using var scope = torch.NewDisposeScope();
            var columns = Columns();
            using var sampler = new ConditionalSampler(columns);
            // The device path's draws (the inverse CDF, no host check), here on the CPU: the same law.
            if (devicePath)
                sampler.EnterDevicePath(torch.CPU, moveIndex: true);
            const int n = 40000;
            var (condition, rows) = sampler.SampleForTraining(n, new torch.Generator(1));
            CollectionAssert.AreEqual(new long[] { n, 5 }, condition.shape);
            Assert.IsTrue(condition.sum(1).eq(1).all().item<bool>());
            var share = condition.mean(new long[] { 0 }).data<float>().ToArray();
            // Column uniformly (1/2), then category ∝ log(1 + count).
            double rare = Math.Log(11) / (Math.Log(11) + Math.Log(1001));
            Assert.AreEqual(0.5 * rare, share[1], 0.01);
            Assert.AreEqual(0.5 * (1 - rare), share[0], 0.01);
            Assert.AreEqual(0.5 / 3, share[3], 0.01);

            var slots = condition.argmax(1).data<long>().ToArray();
            var picked = rows.data<long>().ToArray();
            for (int i = 0; i < n; i++)
            {
                int slot = (int)slots[i];
                int column = slot < 2 ? 0 : 1;
                Assert.AreEqual(slot - sampler.Conditions.Offsets[column], columns[column].Codes[picked[i]], $"draw {i}: row {picked[i]}");
            }
            // All ten rare rows are drawn, not just one.
            Assert.AreEqual(10, picked.Where((r, i) => slots[i] == 1).Distinct().Count());
        }

        [TestMethod]
        public void GenerationConditionsFollowTheData()
        {
            using var scope = torch.NewDisposeScope();
            using var sampler = new ConditionalSampler(Columns());
            var condition = sampler.Conditions.SampleByFrequency(40000, new torch.Generator(2));
            var share = condition.mean(new long[] { 0 }).data<float>().ToArray();
            Assert.AreEqual(0.5 * 10 / 1010.0, share[1], 0.003);
        }

        [TestMethod]
        public void FixedConditionsAndUnknownNames()
        {
            using var scope = torch.NewDisposeScope();
            using var sampler = new ConditionalSampler(Columns());
            var fixedRare = sampler.Conditions.Fixed(7, sampler.Conditions.Slot("a", "rare"));
            Assert.IsTrue(fixedRare.argmax(1).eq(1).all().item<bool>());
            Assert.AreEqual(7.0, fixedRare.sum().item<float>());
            var column = Assert.ThrowsExactly<ArgumentException>(() => sampler.Conditions.Slot("c", "x"));
            StringAssert.Contains(column.Message, "'c'");
            StringAssert.Contains(column.Message, "a, b");
            var value = Assert.ThrowsExactly<ArgumentException>(() => sampler.Conditions.Slot("b", "w"));
            StringAssert.Contains(value.Message, "'w'");
            StringAssert.Contains(value.Message, "'x', 'y', 'z'");
        }

        [TestMethod]
        public void SameSeedSameDraws()
        {
            using var scope = torch.NewDisposeScope();
            using var sampler = new ConditionalSampler(Columns());
            var (c1, r1) = sampler.SampleForTraining(100, new torch.Generator(9));
            var (c2, r2) = sampler.SampleForTraining(100, new torch.Generator(9));
            Assert.IsTrue(c1.eq(c2).all().item<bool>());
            Assert.IsTrue(r1.eq(r2).all().item<bool>());
        }
    }
}
