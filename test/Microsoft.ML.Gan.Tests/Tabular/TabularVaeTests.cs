using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>TabularVae end to end on the small mixed table: one short training shared by the class, and an untrained model to beat.</summary>
    [TestClass]
    public sealed class TabularVaeTests
    {
        private const int Rows = 400;
        private const int Epochs = 150;
        private static MLContext _ml = null!;
        private static IDataView _data = null!;
        private static TabularVaeTransformer _model = null!;
        // One epoch of 8 steps: what the quality checks must beat, so that none passes for a decoder that learned nothing.
        private static TabularVaeTransformer _untrained = null!;
        private static readonly List<VaeEpochMetrics> Reported = new();

        // Modes, as TabularGanTests.Tiny and for the same reason: the checks below were set for them at this budget.
        public static TabularVaeEstimator.Options Tiny(int epochs) => new()
        {
            NumericEncoding = NumericEncoding.ModeSpecific,
            Epochs = epochs,
            BatchSize = 50,
            LearningRate = 3e-3f,
            LatentDimension = 16,
            EncoderHiddenLayers = new[] { 64, 64 },
            DecoderHiddenLayers = new[] { 64, 64 },
            Seed = 1,
        };

        [ClassInitialize]
        public static void Train(TestContext _)
        {
            _ml = new MLContext(1);
            _data = _ml.Data.Cache(TableTestData.Mixed(_ml, Rows));
            var options = Tiny(Epochs);
            options.Progress = new Recorder(Reported);
            _model = _ml.Generative().TabularVae(options).Fit(_data);
            _untrained = _ml.Generative().TabularVae(Tiny(1)).Fit(_data);
        }

        [ClassCleanup]
        public static void Release()
        {
            _model?.Dispose();
            _untrained?.Dispose();
        }

        // Synchronous, unlike Progress<T>, which posts to the thread pool.
        private sealed class Recorder : IProgress<VaeEpochMetrics>
        {
            private readonly Action<VaeEpochMetrics> _report;

            public Recorder(List<VaeEpochMetrics> list) => _report = list.Add;

            public Recorder(Action<VaeEpochMetrics> report) => _report = report;

            public void Report(VaeEpochMetrics value) => _report(value);
        }

        [TestMethod]
        public void CancellingStopsTrainingAtTheNextMinibatch()
        {
            using var source = new System.Threading.CancellationTokenSource();
            int epochs = 0;
            var options = Tiny(1000);
            options.CancellationToken = source.Token;
            options.Progress = new Recorder(m =>
            {
                epochs = m.Epoch;
                if (m.Epoch == 2)
                    source.Cancel();
            });
            Assert.ThrowsExactly<OperationCanceledException>(() => _ml.Generative().TabularVae(options).Fit(_data));
            Assert.AreEqual(2, epochs);
        }

        [TestMethod]
        public void GeneratedRowsHaveTheTablesColumnsAndTypes()
        {
            var rows = _model.Generate(300, seed: 2);
            CollectionAssert.AreEqual(_data.Schema.Select(c => c.Name).ToArray(), rows.Schema.Select(c => c.Name).ToArray());
            CollectionAssert.AreEqual(_data.Schema.Select(c => c.Type).ToArray(), rows.Schema.Select(c => c.Type).ToArray());
            Assert.AreEqual(300, TableTestData.Values<int>(rows, "Age").Length);
            VBuffer<ReadOnlyMemory<char>> names = default;
            rows.Schema["CityKey"].GetKeyValues(ref names);
            CollectionAssert.IsSubsetOf(TableTestData.Cities, names.DenseValues().Select(n => n.ToString()).ToArray());
            // Integers whole and inside the training range, the constant column constant.
            var ages = TableTestData.Values<int>(_data, "Age");
            Assert.IsTrue(TableTestData.Values<int>(rows, "Age").All(a => a >= ages.Min() && a <= ages.Max()));
            Assert.IsTrue(TableTestData.Values<float>(rows, "Constant").All(v => v == 7.5f));
            // The estimator's schema promise agrees with the rows.
            var shape = _ml.Generative().TabularVae(Tiny(1)).GetOutputSchema(SchemaShape.Create(_data.Schema));
            CollectionAssert.AreEqual(rows.Schema.Select(c => c.Name).ToArray(), shape.Select(c => c.Name).ToArray());
        }

        [TestMethod]
        public void TrainingLearnsTheTablesRelationships()
        {
            // CityKey is City as a key: a decoder that learned the table names the same city in both.
            double trained = KeyAgreement(_model.Generate(1000, seed: 3)), untrained = KeyAgreement(_untrained.Generate(1000, seed: 3));
            Assert.IsTrue(trained > 0.6 && trained > 2 * untrained, $"CityKey names City in {trained:P0} of rows (untrained {untrained:P0})");
            // The overall quality score (column shapes and pair trends) is well above the untrained decoder's.
            double quality = Quality(_model), untrainedQuality = Quality(_untrained);
            Assert.IsTrue(quality > untrainedQuality + 0.1, $"quality {quality:F3}, untrained {untrainedQuality:F3}");
            // Income has two modes, the rich one in 30% of the rows. A decoder maps each one-hot group to its largest logit,
            // so the rarer mode appears only where the latent space has learned it: this short run learns it in part
            // (about 5% of rows; 500 epochs reach about 18%), but both modes appear.
            double rich = Rich(_model.Generate(1000, seed: 3));
            Assert.IsTrue(rich > 0.01 && rich < 0.99, $"rich share {rich:P1}");
        }

        private static double Quality(TabularVaeTransformer model) =>
            _ml.Generative().EvaluateTable(_data, model.Generate(1000, seed: 3)).Quality.Overall;

        private static double Rich(IDataView rows)
        {
            var incomes = TableTestData.Values<double>(rows, "Income");
            return incomes.Count(v => v > 60_000) / (double)incomes.Length;
        }

        // The share of rows whose CityKey names the row's City.
        private static double KeyAgreement(IDataView rows)
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            rows.Schema["CityKey"].GetKeyValues(ref names);
            var values = names.DenseValues().Select(n => n.ToString()).ToArray();
            var cities = TableTestData.Texts(rows, "City");
            var keys = TableTestData.Values<uint>(rows, "CityKey");
            return Enumerable.Range(0, keys.Length).Count(i => keys[i] > 0 && values[keys[i] - 1] == cities[i]) / (double)keys.Length;
        }

        [TestMethod]
        public void TrainingReportsTheLossTermsOfEveryEpochAndLowersTheLoss()
        {
            Assert.AreEqual(Epochs, _model.TrainingHistory.Count);
            CollectionAssert.AreEqual(Enumerable.Range(1, Epochs).ToArray(), _model.TrainingHistory.Select(m => m.Epoch).ToArray());
            CollectionAssert.AreEqual(_model.TrainingHistory.Select(m => m.Loss).ToArray(), Reported.Select(m => m.Loss).ToArray());
            foreach (var m in _model.TrainingHistory)
            {
                Assert.AreEqual(8, m.Updates, "400 rows in minibatches of 50");
                Assert.AreEqual(2 * m.ReconstructionLoss + m.KlDivergence, m.Loss, 1e-3 * Math.Abs(m.Loss) + 1e-3);
                Assert.IsTrue(m.KlDivergence >= 0, $"KL {m.KlDivergence}");
            }
            double first = _model.TrainingHistory.Take(5).Average(m => m.Loss), last = _model.TrainingHistory.TakeLast(5).Average(m => m.Loss);
            Assert.IsTrue(last < first - 10, $"loss {first:F2} in the first epochs, {last:F2} in the last");
        }

        [TestMethod]
        public void TheDecoderIsTheGeneratorOfATableModelWithoutAConditionVector()
        {
            var model = _model.Model;
            Assert.IsFalse(model.IsConditional);
            Assert.AreEqual(0, model.Conditions.Width);
            Assert.IsInstanceOfType<TableDecoder>(model.Decoder);
            var spec = (TvaeNetworkSpec)model.Spec;
            // The learned σ of each continuous span stays in TVAE's [0.01, 1].
            var sigma = TvaeNetworkSpec.Scales(model.Network).Sigma.data<float>().ToArray();
            Assert.AreEqual(spec.ScaleCount, sigma.Length);
            Assert.IsTrue(sigma.Length > 0 && sigma.All(s => s >= 0.01f && s <= 1f), string.Join(", ", sigma));
            Assert.AreEqual(spec.GeneratorStateBytes(), Microsoft.ML.Gan.Persistence.ModuleBytes.TensorBytes(Microsoft.ML.Gan.Persistence.ModuleBytes.Save(model.Network), "decoder"));
        }

        [TestMethod]
        public void ConditionsAreMetByRejection()
        {
            // Without a condition vector nothing is steered: the asked category is only a filter on generated rows.
            var request = TableGeneration.Request(_model.Model, 4, new[] { TableCondition.Equal("City", "Rome") });
            Assert.IsNull(request.FixedSlot);
            Assert.IsNotNull(request.Filter);
            var rome = _model.Generate(200, 4, TableCondition.Equal("City", "Rome"));
            Assert.IsTrue(TableTestData.Texts(rome, "City").All(c => c == "Rome"));
            Assert.AreEqual(200, TableTestData.Texts(rome, "City").Length);
            // The rest of the row goes with it: CityKey says Rome too in most rows.
            Assert.IsTrue(KeyAgreement(rome) > 0.6, $"{KeyAgreement(rome):P0}");
            var members = _model.Generate(100, 4, TableCondition.Equal("Member", "True"), TableCondition.Between("Age", 30, 40));
            Assert.IsTrue(TableTestData.Values<bool>(members, "Member").All(m => m));
            var ages = TableTestData.Values<int>(members, "Age");
            Assert.AreEqual(100, ages.Length);
            Assert.IsTrue(ages.All(a => a >= 30 && a <= 40));
            var unknown = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Equal("City", "Berlin")));
            StringAssert.Contains(unknown.Message, "'Oslo'");
        }

        [TestMethod]
        public void GenerationIsDeterministicAndSurvivesSaveAndLoadBitForBit()
        {
            var first = Dump(_model.Generate(700, seed: 9));
            CollectionAssert.AreEqual(first, Dump(_model.Generate(700, seed: 9)));
            CollectionAssert.AreNotEqual(first, Dump(_model.Generate(700, seed: 10)));
            CollectionAssert.AreEqual(first.Take(100).ToList(), Dump(_model.Generate(100, seed: 9)));

            string path = Path.Combine(Path.GetTempPath(), $"tabular-vae-{Guid.NewGuid():N}.zip");
            try
            {
                _ml.Model.Save(_model, _data.Schema, path);
                var loaded = (TabularVaeTransformer)new MLContext(99).Model.Load(path, out _);
                using (loaded)
                {
                    CollectionAssert.AreEqual(first, Dump(loaded.Generate(700, seed: 9)));
                    CollectionAssert.AreEqual(Dump(_model.Generate(60, 5, TableCondition.Equal("City", "Paris"))), Dump(loaded.Generate(60, 5, TableCondition.Equal("City", "Paris"))));
                    CollectionAssert.AreEqual(Dump(_model.Transform(_data)), Dump(loaded.Transform(_data)));
                    CollectionAssert.AreEqual(_model.TrainingHistory.Select(m => m.Loss).ToArray(), loaded.TrainingHistory.Select(m => m.Loss).ToArray());
                    Assert.AreEqual(_model.Seed, loaded.Seed);
                }
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void TheSameSeedTrainsTheSameModel()
        {
            using var a = _ml.Generative().TabularVae(Tiny(2)).Fit(_data);
            using var b = _ml.Generative().TabularVae(Tiny(2)).Fit(_data);
            var other = Tiny(2);
            other.Seed = 2;
            using var c = _ml.Generative().TabularVae(other).Fit(_data);
            CollectionAssert.AreEqual(Dump(a.Generate(300)), Dump(b.Generate(300)));
            CollectionAssert.AreEqual(a.TrainingHistory.Select(m => m.Loss).ToArray(), b.TrainingHistory.Select(m => m.Loss).ToArray());
            CollectionAssert.AreNotEqual(Dump(a.Generate(300, seed: 1)), Dump(c.Generate(300, seed: 1)));
        }

        public sealed class Nothing
        {
            public float Unused;
        }

        public sealed class GeneratedRow
        {
            public string City = "";
            public int Age;
            public double Income;
            public uint CityKey;
        }

        [TestMethod]
        public void TransformAndPredictionEnginesGiveTheGeneratedRowsAtTheirPositions()
        {
            var input = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 600).Select(i => new Nothing { Unused = i }));
            var mapped = _model.Transform(input);
            var generated = _model.Generate(600);
            CollectionAssert.AreEqual(TableTestData.Values<int>(generated, "Age"), TableTestData.Values<int>(mapped, "Age"));
            CollectionAssert.AreEqual(TableTestData.Texts(generated, "City"), TableTestData.Texts(mapped, "City"));
            CollectionAssert.AreEqual(Enumerable.Range(0, 600).Select(i => (float)i).ToArray(), TableTestData.Values<float>(mapped, "Unused"));

            var expected = _ml.Data.CreateEnumerable<GeneratedRow>(_model.Transform(_ml.Data.TakeRows(input, 12)), reuseRowObject: false).ToArray();
            var engine = _ml.Model.CreatePredictionEngine<Nothing, GeneratedRow>(_model);
            for (int i = 0; i < expected.Length; i++)
            {
                var row = engine.Predict(new Nothing { Unused = i });
                Assert.AreEqual(expected[i].City, row.City, $"row {i}");
                Assert.AreEqual(expected[i].Age, row.Age, $"row {i}");
                Assert.AreEqual(expected[i].Income, row.Income, $"row {i}");
                Assert.AreEqual(expected[i].CityKey, row.CityKey, $"row {i}");
            }
        }

        [TestMethod]
        public void ConstraintsHoldInEveryGeneratedRow()
        {
            var data = ConstrainedTableData.View(_ml, 300);
            var options = Tiny(5);
            options.Constraints.Add(TableConstraint.LessOrEqual("Start", "End"));
            options.Constraints.Add(TableConstraint.Range("Score", 0, 1));
            using var model = _ml.Generative().TabularVae(options).Fit(data);
            var rows = model.Generate(500, seed: 1);
            var start = TableTestData.Values<float>(rows, "Start");
            var end = TableTestData.Values<float>(rows, "End");
            Assert.IsTrue(Enumerable.Range(0, 500).All(i => start[i] <= end[i]));
            Assert.IsTrue(TableTestData.Values<float>(rows, "Score").All(s => s >= 0 && s <= 1));
        }

        [TestMethod]
        public void BadOptionsAreRefusedByName()
        {
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Generative().TabularVae(new TabularVaeEstimator.Options { BatchSize = 0 }));
            Assert.AreEqual("BatchSize", e.ParamName);
            var device = Assert.ThrowsExactly<ArgumentException>(() => _ml.Generative().TabularVae(new TabularVaeEstimator.Options { Device = "tpu" }));
            Assert.AreEqual("Device", device.ParamName);
            var layers = Assert.ThrowsExactly<ArgumentException>(() => _ml.Generative().TabularVae(new TabularVaeEstimator.Options { DecoderHiddenLayers = Array.Empty<int>() }));
            Assert.AreEqual("DecoderHiddenLayers", layers.ParamName);
            // The estimator keeps its own copy: changing the options afterwards changes nothing.
            var options = Tiny(1);
            var estimator = _ml.Generative().TabularVae(options);
            options.Columns = new[] { "Nowhere" };
            Assert.AreEqual(_data.Schema.Count, estimator.GetOutputSchema(SchemaShape.Create(_data.Schema)).Count());
            var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => _ml.Generative().TabularVae(options).Fit(_data));
            StringAssert.Contains(missing.Message, "Nowhere");
        }

        private static List<string> Dump(IDataView view) => TabularGanTests.Dump(view);
    }
}
