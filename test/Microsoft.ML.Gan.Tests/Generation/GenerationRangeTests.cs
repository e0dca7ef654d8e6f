using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Generation
{
    /// <summary>
    /// Generation split by rows: parts [a, b) of a seeded stream, each made on its own, are bit for bit the same rows of
    /// one call, for the vector GAN (with and without a class), a tabular GAN (with and without conditions) and a TVAE.
    /// The cuts fall inside generator blocks (500 rows) and passes (2,000 rows) on purpose.
    /// </summary>
    [TestClass]
    public sealed class GenerationRangeTests
    {
        private static readonly (long First, int Count)[] Parts = { (0, 700), (700, 1_300), (2_000, 1), (2_001, 1_733), (3_734, 266) };
        private const int Total = 4_000;

        public sealed class LabeledRow
        {
            [VectorType(2)] public float[] Features = new float[2];
            public string Label = "";
        }

        private static void AssertPartsMakeTheWhole(Func<long, int, IDataView> range, IDataView whole)
        {
            var all = TabularGanTests.Dump(whole);
            Assert.AreEqual(Total, all.Count);
            var joined = new List<string>();
            foreach (var (first, count) in Parts)
                joined.AddRange(TabularGanTests.Dump(range(first, count)));
            CollectionAssert.AreEqual(all, joined, "the parts, joined, are the one call's rows");
            // And a part is not just some rows: it is the rows at its positions.
            CollectionAssert.AreEqual(all.Skip(1_234).Take(10).ToList(), TabularGanTests.Dump(range(1_234, 10)));
        }

        [TestMethod]
        public void VectorGanPartsAreTheRowsOfOneCall()
        {
            var ml = new MLContext(1);
            var rng = new Random(2);
            var rows = Enumerable.Range(0, 200).Select(i => new LabeledRow
            {
                Label = i % 3 == 0 ? "a" : "b",
                Features = new[] { (float)TestData.Normal(rng), (float)TestData.Normal(rng) },
            }).ToArray();
            var options = TestData.Tiny(epochs: 1);
            options.LabelColumnName = "Label";
            using var model = ml.Generative().Gan(options).Fit(ml.Data.LoadFromEnumerable(rows));
            Assert.IsTrue(model.IsConditional, "a conditional model, so that the label's slot is part of the stream");
            AssertPartsMakeTheWhole((first, count) => model.GenerateRange(first, count, seed: 5), model.Generate(Total, seed: 5));
            AssertPartsMakeTheWhole((first, count) => model.GenerateRange(first, count, seed: 5, label: "a"), model.Generate(Total, seed: 5, label: "a"));
        }

        [TestMethod]
        public void TablePartsAreTheRowsOfOneCallWithAndWithoutConditions()
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 200));
            using var gan = ml.Generative().TabularGan(TabularGanTests.Tiny(1)).Fit(data);
            AssertPartsMakeTheWhole((first, count) => gan.GenerateRange(first, count, seed: 4), gan.Generate(Total, seed: 4));
            // With conditions the kept rows are a filtered stream; a part finds its rows by generating the ones before it.
            var rome = TableCondition.Equal("City", "Rome");
            AssertPartsMakeTheWhole((first, count) => gan.GenerateRange(first, count, 4, rome), gan.Generate(Total, 4, rome));
            Assert.IsTrue(TableTestData.Texts(gan.GenerateRange(3_000, 50, 4, rome), "City").All(c => c == "Rome"));

            var vaeOptions = TabularVaeTests.Tiny(1);
            using var vae = ml.Generative().TabularVae(vaeOptions).Fit(data);
            AssertPartsMakeTheWhole((first, count) => vae.GenerateRange(first, count, seed: 4), vae.Generate(Total, seed: 4));
        }

        [TestMethod]
        public void ANegativeFirstRowIsRefusedWithItsName()
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 100));
            using var gan = ml.Generative().TabularGan(TabularGanTests.Tiny(1)).Fit(data);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => gan.GenerateRange(-1, 10));
            Assert.AreEqual("firstRow", e.ParamName);
        }
    }
}
