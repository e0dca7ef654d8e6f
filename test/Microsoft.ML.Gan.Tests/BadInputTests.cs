using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests
{
    /// <summary>Each bad input fails with a managed exception naming the column, expected and found, before training.</summary>
    [TestClass]
    public sealed class BadInputTests
    {
        private sealed class TextRow { public string Features = ""; }
        private sealed class VarRow { public float[] Features = Array.Empty<float>(); }
        private sealed class LabeledRow
        {
            [VectorType(2)] public float[] Features = new float[2];
            [VectorType(2)] public float[] Label = new float[2];
        }

        private static (MLContext Ml, List<string> Log) Context()
        {
            var ml = new MLContext(seed: 1);
            var log = new List<string>();
            ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
            return (ml, log);
        }

        private static void AssertNoTrainingStarted(List<string> log) =>
            Assert.IsFalse(log.Any(m => m.Contains("epoch 1:")), "no epoch ran before the error");

        [TestMethod]
        public void MissingColumnIsNamed()
        {
            var (ml, log) = Context();
            var data = TestData.Vectors(ml, TestData.Gaussian(10, 2, 0, 1, 1), column: "Other");
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Gan(TestData.Tiny()).Fit(data));
            StringAssert.Contains(ex.Message, "'Features'");
            AssertNoTrainingStarted(log);
        }

        [TestMethod]
        public void WrongColumnTypeNamesExpectedAndFound()
        {
            var (ml, log) = Context();
            var data = ml.Data.LoadFromEnumerable(new[] { new TextRow { Features = "a" } });
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Gan(TestData.Tiny()).Fit(data));
            StringAssert.Contains(ex.Message, "'Features'");
            StringAssert.Contains(ex.Message, "known-size vector of Single");
            StringAssert.Contains(ex.Message, "String");
            AssertNoTrainingStarted(log);
        }

        [TestMethod]
        public void VariableSizeOrZeroSizeVectorIsRefused()
        {
            // ML.NET has no known-size vector of size 0: a declared size of 0 means "variable size".
            var (ml, log) = Context();
            var data = ml.Data.LoadFromEnumerable(new[] { new VarRow { Features = new float[] { 1, 2 } } });
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Gan(TestData.Tiny()).Fit(data));
            StringAssert.Contains(ex.Message, "'Features'");
            StringAssert.Contains(ex.Message, "known-size vector of Single");
            StringAssert.Contains(ex.Message, "Vector<Single>");
            AssertNoTrainingStarted(log);
        }

        [TestMethod]
        public void EmptyDataIsRefused()
        {
            var (ml, log) = Context();
            var data = TestData.Vectors(ml, Array.Empty<float[]>());
            var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().Gan(TestData.Tiny()).Fit(data));
            StringAssert.Contains(ex.Message, "'Features'");
            StringAssert.Contains(ex.Message, "no rows");
            AssertNoTrainingStarted(log);
        }

        [TestMethod]
        [DataRow(float.NaN)]
        [DataRow(float.PositiveInfinity)]
        [DataRow(float.NegativeInfinity)]
        public void NonFiniteValueNamesColumnAndFirstBadRow(float bad)
        {
            var (ml, log) = Context();
            var rows = TestData.Gaussian(50, 3, 0, 1, 1);
            rows[17][2] = bad;
            rows[30][0] = float.NaN;
            var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().Gan(TestData.Tiny()).Fit(TestData.Vectors(ml, rows)));
            StringAssert.Contains(ex.Message, "'Features'");
            StringAssert.Contains(ex.Message, "row 17");
            StringAssert.Contains(ex.Message, "slot 2");
            AssertNoTrainingStarted(log);
        }

        [TestMethod]
        public void BatchLargerThanDataIsClampedWithAWarning()
        {
            var (ml, log) = Context();
            var options = TestData.Tiny(epochs: 1);
            options.BatchSize = 64;
            using var model = ml.Generative().Gan(options).Fit(TestData.Vectors(ml, TestData.Gaussian(10, 2, 0, 1, 1)));
            Assert.IsTrue(log.Any(m => m.Contains("BatchSize 64 is larger than the 10 training rows")), "warning names the clamp");
            Assert.AreEqual(1, model.TrainingHistory.Count);
        }

        [TestMethod]
        public void LatentColumnOfWrongSizeNamesExpectedAndFound()
        {
            var ml = new MLContext(seed: 1);
            using var model = ml.Generative().Gan(TestData.Tiny(epochs: 1)).Fit(TestData.Vectors(ml, TestData.Gaussian(40, 2, 0, 1, 1)));
            var wrong = TestData.Vectors(ml, TestData.Gaussian(5, 3, 0, 1, 2), column: "Latent");
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => model.Transform(wrong));
            StringAssert.Contains(ex.Message, "'Latent'");
            StringAssert.Contains(ex.Message, "Vector<Single, 4>");
            StringAssert.Contains(ex.Message, "Vector<Single, 3>");
        }

        [TestMethod]
        public void LabelColumnOfWrongTypeIsNamed()
        {
            var (ml, log) = Context();
            var options = TestData.Tiny();
            options.LabelColumnName = "Label";
            var data = ml.Data.LoadFromEnumerable(new[] { new LabeledRow() });
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().Gan(options).Fit(data));
            StringAssert.Contains(ex.Message, "'Label'");
            StringAssert.Contains(ex.Message, "scalar key, text, Boolean or number");
            AssertNoTrainingStarted(log);
        }

        [TestMethod]
        public void SchemaShapeChecksMatchFitChecks()
        {
            var ml = new MLContext(seed: 1);
            var estimator = ml.Generative().Gan(TestData.Tiny());
            var good = SchemaShape.Create(TestData.Vectors(ml, TestData.Gaussian(2, 3, 0, 1, 1)).Schema);
            var output = estimator.GetOutputSchema(good);
            Assert.IsTrue(output.TryFindColumn("Generated", out var generated));
            Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, generated.Kind);
            Assert.AreEqual(NumberDataViewType.Single, generated.ItemType);

            var text = SchemaShape.Create(ml.Data.LoadFromEnumerable(new[] { new TextRow() }).Schema);
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(text));
            StringAssert.Contains(ex.Message, "'Features'");
            var missing = SchemaShape.Create(TestData.Vectors(ml, TestData.Gaussian(2, 3, 0, 1, 1), "X").Schema);
            Assert.Throws<ArgumentOutOfRangeException>(() => estimator.GetOutputSchema(missing));
        }
    }
}
