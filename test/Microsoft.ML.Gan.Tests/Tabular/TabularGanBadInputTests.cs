using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    [TestClass]
    public sealed class TabularGanBadInputTests
    {
        private sealed class WithVector
        {
            public float Age;
            [VectorType(3)] public float[] Embedding = new float[3];
        }

        private sealed class WithSingleValue
        {
            public float Age;
            public string Country = "";
            public string Colour = "";
        }

        [TestMethod]
        public void AVectorColumnIsNamedBeforeTraining()
        {
            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new WithVector { Age = i }));
            var estimator = ml.Generative().TabularGan(TabularGanTests.Tiny(1));
            var fit = Assert.Throws<ArgumentException>(() => estimator.Fit(data));
            StringAssert.Contains(fit.Message, "Embedding");
            StringAssert.Contains(fit.Message, "Vector<Single, 3>");
            var shape = Assert.Throws<ArgumentException>(() => estimator.GetOutputSchema(SchemaShape.Create(data.Schema)));
            StringAssert.Contains(shape.Message, "Embedding");
            // Leaving it out works: the vector passes through as an input column and Age is the learned column.
            var options = TabularGanTests.Tiny(1);
            options.Columns = new[] { "Age" };
            var schema = ml.Generative().TabularGan(options).GetOutputSchema(SchemaShape.Create(data.Schema));
            CollectionAssert.AreEquivalent(new[] { "Age", "Embedding" }, schema.Select(c => c.Name).ToArray());
        }

        [TestMethod]
        public void FewerRowsThanTheBatchIsAClearError()
        {
            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 60).Select(i => new WithSingleValue { Age = i, Country = "NO", Colour = i % 2 == 0 ? "red" : "blue" }));
            var e = Assert.Throws<ArgumentException>(() => ml.Generative().TabularGan(TabularGanTests.Tiny(1)).Fit(data));
            StringAssert.Contains(e.Message, "60 rows");
            StringAssert.Contains(e.Message, "BatchSize = 100");
        }

        [TestMethod]
        public void ASingleValueColumnIsAWarningNotAnError()
        {
            var ml = new MLContext(1);
            var log = new List<string>();
            ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(i => new WithSingleValue { Age = i % 50, Country = "NO", Colour = i % 3 == 0 ? "red" : "blue" }));
            using var model = ml.Generative().TabularGan(TabularGanTests.Tiny(1)).Fit(data);
            Assert.IsTrue(log.Any(m => m.Contains("Column 'Country' has a single value ('NO')")), string.Join("\n", log.Where(m => m.Contains("Warning") || m.Contains("single"))));
            Assert.IsTrue(TableTestData.Texts(model.Generate(50, 1), "Country").All(c => c == "NO"));
        }

        [TestMethod]
        public void BadOptionsFailWhenTheEstimatorIsMade()
        {
            var ml = new MLContext(1);
            var options = TabularGanTests.Tiny(1);
            options.MaxModes = 0;
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().TabularGan(options));
            options = TabularGanTests.Tiny(1);
            options.Loss = GanLoss.Mmd;
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().TabularGan(options));
        }
    }
}
