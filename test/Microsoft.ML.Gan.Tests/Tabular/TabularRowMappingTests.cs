using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>
    /// A tabular GAN maps rows like any ML.NET transformer: one generated row per input row, for the input row's label
    /// when the model has a label column and the input has it; prediction engines give the rows Transform gives.
    /// </summary>
    [TestClass]
    public sealed class TabularRowMappingTests
    {
        private static MLContext _ml = null!;
        private static IDataView _data = null!;
        private static TabularGanTransformer _model = null!;
        private static TabularGanTransformer _untrained = null!;

        [ClassInitialize]
        public static void Train(TestContext _)
        {
            _ml = new MLContext(1);
            _data = _ml.Data.Cache(TableTestData.Mixed(_ml, 400));
            var options = TabularGanTests.Tiny(150);
            options.LabelColumnName = "City";
            _model = _ml.Generative().TabularGan(options).Fit(_data);
            var once = TabularGanTests.Tiny(1);
            once.LabelColumnName = "City";
            _untrained = _ml.Generative().TabularGan(once).Fit(_data);
        }

        [ClassCleanup]
        public static void Release()
        {
            _model?.Dispose();
            _untrained?.Dispose();
        }

        public sealed class CityRow
        {
            public string City = "";
        }

        public sealed class GeneratedRow
        {
            public string City = "";
            public int Age;
            public double Income;
            public bool Member;
            public uint CityKey;
        }

        private static IDataView Cities(int rows) =>
            _ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new CityRow { City = TableTestData.Cities[i % 4] }));

        [TestMethod]
        public void TransformGeneratesEachRowForItsOwnLabel()
        {
            var input = Cities(700);
            var output = _model.Transform(input);
            // The input's columns first, then the table's; the generated City hides the input's, and says the same.
            Assert.AreEqual(1 + _data.Schema.Count, output.Schema.Count);
            CollectionAssert.AreEqual(TableTestData.Texts(input, "City"), TableTestData.Texts(output, "City"));
            Assert.AreEqual(700, TableTestData.Values<int>(output, "Age").Length);
            // Rejection makes the label right for any generator; training makes the rest of the row agree with it.
            Assert.IsTrue(KeyAgreement(_model) > 0.35 && KeyAgreement(_model) > 1.5 * KeyAgreement(_untrained),
                $"CityKey names the row's City in {KeyAgreement(_model):P0} of rows (untrained {KeyAgreement(_untrained):P0})");
        }

        // The share of mapped rows whose generated CityKey names the input row's city.
        private static double KeyAgreement(TabularGanTransformer model)
        {
            var output = model.Transform(Cities(400));
            VBuffer<ReadOnlyMemory<char>> names = default;
            output.Schema["CityKey"].GetKeyValues(ref names);
            var values = names.DenseValues().Select(n => n.ToString()).ToArray();
            var cities = TableTestData.Texts(output, "City");
            var keys = TableTestData.Values<uint>(output, "CityKey");
            return Enumerable.Range(0, keys.Length).Count(i => keys[i] > 0 && values[keys[i] - 1] == cities[i]) / (double)keys.Length;
        }

        [TestMethod]
        public void PredictionEngineGivesTheRowsTransformGivesAtTheSamePositions()
        {
            var input = Cities(12);
            var expected = _ml.Data.CreateEnumerable<GeneratedRow>(_model.Transform(input), reuseRowObject: false).ToArray();
            var engine = _ml.Model.CreatePredictionEngine<CityRow, GeneratedRow>(_model);
            for (int i = 0; i < expected.Length; i++)
            {
                var row = engine.Predict(new CityRow { City = TableTestData.Cities[i % 4] });
                Assert.AreEqual(TableTestData.Cities[i % 4], row.City);
                Assert.AreEqual(expected[i].Age, row.Age, $"row {i}");
                Assert.AreEqual(expected[i].Income, row.Income, $"row {i}");
                Assert.AreEqual(expected[i].CityKey, row.CityKey, $"row {i}");
            }
            Assert.IsTrue(_model.GetRowToRowMapper(input.Schema) is not null && _model.IsRowToRowMapper);
        }

        public sealed class Nothing
        {
            public float Unused;
        }

        [TestMethod]
        public void WithoutTheLabelInTheInputTransformGivesGeneratesRows()
        {
            var input = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 600).Select(i => new Nothing { Unused = i }));
            var mapped = _model.Transform(input);
            var generated = _model.Generate(600);
            CollectionAssert.AreEqual(TableTestData.Values<int>(generated, "Age"), TableTestData.Values<int>(mapped, "Age"));
            CollectionAssert.AreEqual(TableTestData.Texts(generated, "City"), TableTestData.Texts(mapped, "City"));
            CollectionAssert.AreEqual(Enumerable.Range(0, 600).Select(i => (float)i).ToArray(), TableTestData.Values<float>(mapped, "Unused"));
        }

        [TestMethod]
        public void ALabelValueTheModelNeverSawIsRefusedByName()
        {
            var input = _ml.Data.LoadFromEnumerable(new[] { new CityRow { City = "Berlin" } });
            var e = Assert.ThrowsExactly<ArgumentException>(() => TableTestData.Values<int>(_model.Transform(input), "Age"));
            StringAssert.Contains(e.Message, "Berlin");
            StringAssert.Contains(e.Message, "'Oslo'");
        }

        [TestMethod]
        public void ALabelColumnThatIsNotCategoricalIsRefusedBeforeTraining()
        {
            var options = TabularGanTests.Tiny(1);
            options.LabelColumnName = "Age";
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Generative().TabularGan(options).Fit(_data));
            StringAssert.Contains(e.Message, "Age");
        }
    }
}
