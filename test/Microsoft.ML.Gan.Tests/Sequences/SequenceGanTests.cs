using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Microsoft.ML.Gan.Tests.Sequences.SequenceTestData;

namespace Microsoft.ML.Gan.Tests.Sequences
{
    /// <summary>The sequence GAN's shapes, its long format, its input checks and its determinism.</summary>
    [TestClass]
    public sealed class SequenceGanTests
    {
        [TestMethod]
        public void GeneratesSequencesInLongFormatWithTheDataTypesAndRanges()
        {
            var ml = new MLContext(1);
            var rows = Sines(6, 20, seed: 2);
            using var model = ml.Generative().SequenceGan(Tiny()).Fit(View(ml, rows));

            var generated = model.Generate(5, seed: 3);
            Assert.AreEqual(40L, generated.GetRowCount());
            Assert.AreEqual(NumberDataViewType.Int64, generated.Schema["SequenceId"].Type);
            Assert.AreEqual(NumberDataViewType.Int32, generated.Schema["Step"].Type);
            Assert.AreEqual(NumberDataViewType.Single, generated.Schema["Value"].Type);
            Assert.AreEqual(NumberDataViewType.Double, generated.Schema["Other"].Type);
            var ids = generated.GetColumn<long>("SequenceId").ToArray();
            var steps = generated.GetColumn<int>("Step").ToArray();
            CollectionAssert.AreEqual(Enumerable.Range(0, 40).Select(i => (long)(i / 8)).ToArray(), ids);
            CollectionAssert.AreEqual(Enumerable.Range(0, 40).Select(i => i % 8).ToArray(), steps);
            // The generator ends in a sigmoid over min-max scaled data: every value within the data's range.
            var values = generated.GetColumn<float>("Value").ToArray();
            var others = generated.GetColumn<double>("Other").ToArray();
            double minValue = rows.Min(r => r.Value), maxValue = rows.Max(r => r.Value);
            double minOther = rows.Min(r => r.Other), maxOther = rows.Max(r => r.Other);
            Assert.IsTrue(values.All(v => v >= minValue - 1e-6 && v <= maxValue + 1e-6), "Value outside the data's range");
            Assert.IsTrue(others.All(v => v >= minOther - 1e-9 && v <= maxOther + 1e-9), "Other outside the data's range");
            Assert.IsTrue(values.Distinct().Count() > 20, "the generated values are not varied");
        }

        [TestMethod]
        public void TransformAppendsStepPOfTheGeneratedStreamToRowP()
        {
            var ml = new MLContext(1);
            var data = View(ml, Sines(4, 12, seed: 2));
            using var model = ml.Generative().SequenceGan(Tiny()).Fit(data);
            var transformed = model.Transform(data);
            Assert.AreEqual(48L, transformed.GetRowCount());
            // The input's own columns pass through; the generated ones hide the input's features of the same names.
            CollectionAssert.AreEqual(data.GetColumn<int>("Id").ToArray(), transformed.GetColumn<int>("Id").ToArray());
            CollectionAssert.AreEqual(Rows(model.Generate(6)), Rows(transformed));
        }

        [TestMethod]
        public void SameSeedGivesTheSameRowsAndRangesAreSlicesOfOneStream()
        {
            var ml = new MLContext(1);
            using var model = ml.Generative().SequenceGan(Tiny()).Fit(View(ml, Sines(6, 20, seed: 2)));
            var all = Rows(model.Generate(600, seed: 7));
            CollectionAssert.AreEqual(all, Rows(model.Generate(600, seed: 7)));
            CollectionAssert.AreNotEqual(all, Rows(model.Generate(600, seed: 8)));
            // Sequences 300 to 599 of the same stream, with their ids, across a block boundary (256 windows).
            CollectionAssert.AreEqual(all.Skip(300 * 8).ToArray(), Rows(model.GenerateRange(300, 300, seed: 7)));
        }

        [TestMethod]
        public void SameSeedTrainsTheSameModel()
        {
            var ml = new MLContext(1);
            using var first = ml.Generative().SequenceGan(Tiny(seed: 4)).Fit(View(ml, Sines(6, 20, seed: 2)));
            using var second = ml.Generative().SequenceGan(Tiny(seed: 4)).Fit(View(ml, Sines(6, 20, seed: 2)));
            CollectionAssert.AreEqual(Rows(first.Generate(20, 1)), Rows(second.Generate(20, 1)));
        }

        [TestMethod]
        public void WithoutIdOrOrderTheWholeViewIsOneSeriesInRowOrder()
        {
            var ml = new MLContext(1);
            // Three sequences of 5 rows each: too short for windows of 8 as sequences, long enough as one series of 15.
            var rows = Sines(3, 5, seed: 2);
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(Tiny()).Fit(View(ml, rows)));
            var options = Tiny();
            options.SequenceIdColumnName = null;
            options.OrderColumnName = null;
            options.BatchSize = 4;
            using var model = ml.Generative().SequenceGan(options).Fit(View(ml, rows));
            Assert.AreEqual(16L, model.Generate(2).GetRowCount());
            Assert.AreEqual(2, model.TrainingHistory.Count);
        }

        [TestMethod]
        public void ScaledWindowsAreWhatTheScoresCompare()
        {
            var ml = new MLContext(1);
            var rows = Sines(3, 10, seed: 2);
            using var model = ml.Generative().SequenceGan(Tiny()).Fit(View(ml, rows));
            // 3 sequences of 10 steps: 3 windows of 8 each, 2 features per step, min-max scaled with the model's scaling.
            var real = model.ScaledWindows(View(ml, rows));
            Assert.AreEqual(3 * 3 * 8 * 2, real.Length);
            Assert.AreEqual(0f, real.Where((_, i) => i % 2 == 0).Min(), 1e-6);
            Assert.AreEqual(1f, real.Where((_, i) => i % 2 == 0).Max(), 1e-6);
            double min = rows.Min(r => r.Value), max = rows.Max(r => r.Value);
            Assert.AreEqual((rows[1].Value - min) / (max - min), real[2], 1e-6, "window 0, step 1, Value");
            Assert.AreEqual((rows[10].Value - min) / (max - min), real[3 * 16], 1e-6, "window 3 starts sequence 1");

            var generated = model.GenerateScaledWindows(5, seed: 3);
            Assert.AreEqual(5 * 8 * 2, generated.Length);
            var values = model.Generate(5, seed: 3).GetColumn<float>("Value").ToArray();
            for (int i = 0; i < values.Length; i++)
                Assert.AreEqual(values[i], (float)(min + generated[2 * i] * (max - min)), 1e-5, $"row {i}");
        }

        [TestMethod]
        [DataRow(GanLoss.Wasserstein, 0f)]
        [DataRow(GanLoss.NonSaturating, 0.3f)]
        public void GradientPenaltiesDifferentiateThroughTheRecurrentCritic(GanLoss loss, float r1)
        {
            // WGAN-GP and R1 take the gradient of the critic's gradient: a second backward pass through the GRUs.
            var ml = new MLContext(1);
            var options = Tiny(epochs: 2);
            options.Loss = loss;
            options.R1PenaltyWeight = r1;
            using var model = ml.Generative().SequenceGan(options).Fit(View(ml, Sines(6, 20, seed: 2)));
            Assert.IsTrue(model.TrainingHistory.All(m => double.IsFinite(m.DiscriminatorLoss)), "the critic's loss is not finite");
            Assert.IsTrue(model.Generate(4).GetColumn<float>("Value").All(float.IsFinite));
        }

        [TestMethod]
        public void ViewsMadeBeforeDisposeRefuseToGenerateAfterIt()
        {
            var ml = new MLContext(1);
            var model = ml.Generative().SequenceGan(Tiny()).Fit(View(ml, Sines(6, 20, seed: 2)));
            var view = model.Generate(3);
            model.Dispose();
            Assert.Throws<ObjectDisposedException>(() => view.GetColumn<float>("Value").ToArray());
            Assert.Throws<NotSupportedException>(() => model.GetRowToRowMapper(view.Schema));
        }

        [TestMethod]
        public void GetOutputSchemaAppendsTheLongFormatColumns()
        {
            var ml = new MLContext(1);
            var data = View(ml, Sines(2, 10, seed: 2));
            var shape = ml.Generative().SequenceGan(Tiny()).GetOutputSchema(SchemaShape.Create(data.Schema));
            Assert.IsTrue(shape.TryFindColumn("SequenceId", out var id));
            Assert.AreEqual(NumberDataViewType.Int64, id.ItemType);
            Assert.IsTrue(shape.TryFindColumn("Step", out var step));
            Assert.AreEqual(NumberDataViewType.Int32, step.ItemType);
            Assert.IsTrue(shape.TryFindColumn("Other", out var other));
            Assert.AreEqual(NumberDataViewType.Double, other.ItemType);
        }
    }
}
