using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests
{
    /// <summary>
    /// Class-conditional GANs: two classes far apart ("high" around +4, "low" around -4, three times as many
    /// "low" rows), so a generator that ignores its label fails every check here.
    /// </summary>
    [TestClass]
    public sealed class ConditionalGanTests
    {
        private static MLContext _ml = null!;
        private static IDataView _data = null!;
        private static GanTransformer _model = null!;

        public sealed class LabeledRow
        {
            [VectorType(2)] public float[] Features = new float[2];
            public string Label = "";
        }

        [ClassInitialize]
        public static void Train(TestContext _)
        {
            _ml = new MLContext(seed: 1);
            _data = _ml.Data.LoadFromEnumerable(Rows(800, seed: 3));
            _model = _ml.Generative().Gan(Options()).Fit(_data);
        }

        [ClassCleanup]
        public static void Cleanup() => _model.Dispose();

        private static LabeledRow[] Rows(int count, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, count).Select(i =>
            {
                bool high = i % 4 == 0;
                float centre = high ? 4f : -4f;
                return new LabeledRow
                {
                    Label = high ? "high" : "low",
                    Features = new[] { centre + 0.5f * (float)TestData.Normal(rng), centre + 0.5f * (float)TestData.Normal(rng) },
                };
            }).ToArray();
        }

        private static GanEstimator.Options Options()
        {
            var o = TestData.Tiny(epochs: 40);
            o.LabelColumnName = "Label";
            o.GeneratorHiddenLayers = new[] { 32 };
            o.DiscriminatorHiddenLayers = new[] { 32 };
            // Faster than the 2e-4 default, so that 40 short epochs suffice (at 2e-4 the minority class needs ~150).
            o.GeneratorLearningRate = 1e-3f;
            o.DiscriminatorLearningRate = 1e-3f;
            return o;
        }

        private static float Mean(IDataView data) => TestData.Column(data, "Generated").SelectMany(v => v).Average();

        [TestMethod]
        public void GenerateForAClassGivesThatClass()
        {
            Assert.IsTrue(_model.IsConditional);
            CollectionAssert.AreEqual(new[] { "high", "low" }, _model.Classes.ToArray(), "sorted class values");
            float high = Mean(_model.Generate(400, 5, "high"));
            float low = Mean(_model.Generate(400, 5, "low"));
            Assert.IsTrue(high > 2.5f, $"'high' samples average {high}, expected near 4");
            Assert.IsTrue(low < -2.5f, $"'low' samples average {low}, expected near -4");
        }

        [TestMethod]
        public void GenerateWithoutALabelDrawsClassesWithTrainingFrequenciesAndOutputsTheLabelKey()
        {
            var generated = _model.Generate(2000, 9);
            var label = generated.Schema["Label"];
            Assert.IsInstanceOfType<KeyDataViewType>(label.Type);
            Assert.AreEqual(2UL, ((KeyDataViewType)label.Type).Count);
            VBuffer<ReadOnlyMemory<char>> names = default;
            label.GetKeyValues(ref names);
            CollectionAssert.AreEqual(new[] { "high", "low" }, names.DenseValues().Select(n => n.ToString()).ToArray());

            var keys = generated.GetColumn<uint>("Label").ToArray();
            var samples = TestData.Column(generated, "Generated");
            double highShare = keys.Count(k => k == 1) / (double)keys.Length;
            Assert.AreEqual(0.25, highShare, 0.05, "classes drawn with the training frequencies");
            // Each row's sample belongs to the class in its label column.
            int agree = keys.Zip(samples).Count(p => (p.First == 1) == (p.Second.Average() > 0));
            Assert.IsTrue(agree > 0.95 * keys.Length, $"{agree} of {keys.Length} samples on their label's side");
        }

        [TestMethod]
        public void TransformGeneratesATwinOfEachRowsClass()
        {
            var twins = _model.Transform(_data);
            var labels = twins.GetColumn<string>("Label").ToArray();
            var samples = TestData.Column(twins, "Generated");
            Assert.AreEqual(800, samples.Length);
            int agree = labels.Zip(samples).Count(p => (p.First == "high") == (p.Second.Average() > 0));
            Assert.IsTrue(agree > 0.95 * labels.Length, $"{agree} of {labels.Length} twins on their row's side");
            Assert.IsFalse(twins.Schema.Any(c => c.Name == "Label" && c.Type is KeyDataViewType), "the input's label passes through, none is added");
        }

        [TestMethod]
        public void PredictionEngineRowsMatchTheirLabel()
        {
            var engine = _ml.Model.CreatePredictionEngine<LabeledRow, Twin>(_model);
            var high = engine.Predict(new LabeledRow { Label = "high" });
            var low = engine.Predict(new LabeledRow { Label = "low" });
            Assert.IsTrue(high.Generated.Average() > 2f && low.Generated.Average() < -2f, $"{high.Generated.Average()} / {low.Generated.Average()}");
        }

        public sealed class Twin
        {
            public float[] Generated = Array.Empty<float>();
        }

        [TestMethod]
        public void UnknownOrMissingLabelsAreRefusedNamingTheClasses()
        {
            var ex = Assert.Throws<ArgumentException>(() => _model.Generate(3, 1, "medium"));
            StringAssert.Contains(ex.Message, "'medium'");
            StringAssert.Contains(ex.Message, "'high', 'low'");
            var rows = _ml.Data.LoadFromEnumerable(new[] { new LabeledRow { Label = "medium" } });
            var transform = Assert.Throws<ArgumentException>(() => TestData.Column(_model.Transform(rows), "Generated"));
            StringAssert.Contains(transform.Message, "'Label'");
        }

        [TestMethod]
        public void ClassesAndKeyValuesSurviveSaveAndLoadInAFreshContext()
        {
            string path = Path.Combine(Path.GetTempPath(), $"cgan-{Guid.NewGuid():N}.zip");
            try
            {
                _ml.Model.Save(_model, _data.Schema, path);
                var loaded = (GanTransformer)new MLContext().Model.Load(path, out _);
                using (loaded)
                {
                    CollectionAssert.AreEqual(_model.Classes.ToArray(), loaded.Classes.ToArray());
                    TestData.AssertSame(TestData.Column(_model.Generate(300, 4, "high"), "Generated"), TestData.Column(loaded.Generate(300, 4, "high"), "Generated"));
                    CollectionAssert.AreEqual(_model.Generate(300, 4).GetColumn<uint>("Label").ToArray(), loaded.Generate(300, 4).GetColumn<uint>("Label").ToArray());
                }
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void KeyAndNumericLabelsKeepTheirValues()
        {
            var ml = new MLContext(seed: 1);
            var keyed = ml.Transforms.Conversion.MapValueToKey("Label")
                .Append(ml.Generative().Gan(Tiny("Label")))
                .Fit(_data);
            var gan = keyed.LastTransformer;
            CollectionAssert.AreEquivalent(new[] { "high", "low" }, gan.Classes.ToArray(), "key values of the key column");

            var numeric = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 64).Select(i => new NumericRow { Features = new[] { i % 3f, 1f }, Digit = i % 3 }));
            using var byNumber = ml.Generative().Gan(Tiny("Digit")).Fit(numeric);
            CollectionAssert.AreEqual(new[] { "0", "1", "2" }, byNumber.Classes.ToArray(), "numbers in numeric order");
            Assert.AreEqual(5, byNumber.Generate(5, 1, "2").GetRowCount());
        }

        public sealed class NumericRow
        {
            [VectorType(2)] public float[] Features = new float[2];
            public float Digit;
        }

        private static GanEstimator.Options Tiny(string label)
        {
            var o = TestData.Tiny(epochs: 1);
            o.LabelColumnName = label;
            return o;
        }

        [TestMethod]
        public void MissingLabelInTrainingDataIsRefusedBeforeTraining()
        {
            var ml = new MLContext(seed: 1);
            var rows = Rows(40, 1);
            rows[7].Label = "";
            var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().Gan(Tiny("Label")).Fit(ml.Data.LoadFromEnumerable(rows)));
            StringAssert.Contains(ex.Message, "'Label'");
            StringAssert.Contains(ex.Message, "row 7");
        }

        [TestMethod]
        public void LatentHelpersInterpolateBetweenGivenVectors()
        {
            var ends = _model.SampleLatent(2, seed: 3);
            CollectionAssert.AreEqual(ends[0], _model.SampleLatent(2, seed: 3)[0], "same seed, same vectors");
            var strip = TestData.Column(_model.Interpolate(ends[0], ends[1], 5, "high"), "Generated");
            var direct = TestData.Column(_model.GenerateFromLatent(ends, "high"), "Generated");
            Assert.AreEqual(5, strip.Length);
            // Batches of different sizes may take different matrix kernels: equal to rounding, not bit for bit.
            for (int j = 0; j < direct[0].Length; j++)
            {
                Assert.AreEqual(direct[0][j], strip[0][j], 1e-4, "the strip starts at the first vector");
                Assert.AreEqual(direct[1][j], strip[4][j], 1e-4, "and ends at the second");
            }
            Assert.IsTrue(Math.Abs(strip[2][0] - strip[0][0]) + Math.Abs(strip[2][0] - strip[4][0]) > 0, "the middle differs from the ends");
            Assert.Throws<ArgumentException>(() => _model.GenerateFromLatent(ends), "a conditional model needs a class");
            Assert.Throws<ArgumentException>(() => _model.GenerateFromLatent(new[] { new float[3] }, "high"), "wrong latent size");
        }
    }
}
