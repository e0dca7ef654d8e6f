using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>TabularGan end to end on a small mixed table: one short training shared by the class.</summary>
    [TestClass]
    public sealed class TabularGanTests
    {
        private const int Rows = 400;
        private const int Epochs = 150;
        private static MLContext _ml = null!;
        private static IDataView _data = null!;
        private static TabularGanTransformer _model = null!;
        // One epoch of 4 steps: what every check below must beat, so that none passes for a generator that learned nothing.
        private static TabularGanTransformer _untrained = null!;

        // CTGAN's modes, not the default normal scores: with these tiny networks and about 1,200 steps, modes learn the
        // marginals the checks below read (Income's two modes and their shares) sooner; normal scores, at the budgets
        // they are the default for, have tests of their own (NormalScoresTests).
        public static TabularGanEstimator.Options Tiny(int epochs = 40) => new()
        {
            NumericEncoding = NumericEncoding.ModeSpecific,
            Epochs = epochs,
            BatchSize = 100,
            Packing = 10,
            LatentDimension = 16,
            GeneratorHiddenLayers = new[] { 64, 64 },
            DiscriminatorHiddenLayers = new[] { 64, 64 },
            GeneratorLearningRate = 1e-3f,
            DiscriminatorLearningRate = 1e-3f,
            Seed = 1,
        };

        [ClassInitialize]
        public static void Train(TestContext _)
        {
            _ml = new MLContext(1);
            _data = _ml.Data.Cache(TableTestData.Mixed(_ml, Rows));
            _model = _ml.Generative().TabularGan(Tiny(Epochs)).Fit(_data);
            _untrained = _ml.Generative().TabularGan(Tiny(1)).Fit(_data);
        }

        [ClassCleanup]
        public static void Release()
        {
            _model?.Dispose();
            _untrained?.Dispose();
        }

        [TestMethod]
        public void GeneratedRowsHaveTheTablesColumnsAndTypes()
        {
            var rows = _model.Generate(300, seed: 2);
            CollectionAssert.AreEqual(_data.Schema.Select(c => c.Name).ToArray(), rows.Schema.Select(c => c.Name).ToArray());
            CollectionAssert.AreEqual(_data.Schema.Select(c => c.Type).ToArray(), rows.Schema.Select(c => c.Type).ToArray());
            Assert.AreEqual(300L, rows.GetRowCount());
            Assert.AreEqual(300, TableTestData.Values<int>(rows, "Age").Length);
            // The key column keeps its value names.
            VBuffer<ReadOnlyMemory<char>> names = default;
            rows.Schema["CityKey"].GetKeyValues(ref names);
            CollectionAssert.IsSubsetOf(TableTestData.Cities, names.DenseValues().Select(n => n.ToString()).ToArray());
            // The estimator's schema promise agrees with the rows.
            var shape = _ml.Generative().TabularGan(Tiny()).GetOutputSchema(SchemaShape.Create(_data.Schema));
            CollectionAssert.AreEqual(rows.Schema.Select(c => c.Name).ToArray(), shape.Select(c => c.Name).ToArray());
        }

        [TestMethod]
        public void IntegersAreWholeAndInsideTheTrainingRangeAndMissingValuesAreReproduced()
        {
            var rows = _model.Generate(1000, seed: 3);
            var ages = TableTestData.Values<int>(_data, "Age");
            var generatedAges = TableTestData.Values<int>(rows, "Age");
            Assert.IsTrue(generatedAges.All(a => a >= ages.Min() && a <= ages.Max()), $"ages {generatedAges.Min()}..{generatedAges.Max()}");
            var levels = TableTestData.Values<byte>(rows, "Level");
            Assert.IsTrue(levels.All(l => l >= 1 && l <= 3));
            var incomes = TableTestData.Values<double>(rows, "Income");
            var realIncomes = TableTestData.Values<double>(_data, "Income");
            Assert.IsTrue(incomes.All(v => v >= realIncomes.Min() && v <= realIncomes.Max()));
            Assert.IsTrue(TableTestData.Values<float>(rows, "Constant").All(v => v == 7.5f));

            // Height is missing in about 10% of rows; the generated rate is in the same range, and nearer than before training.
            double realMissing = TableTestData.Values<float>(_data, "Height").Count(float.IsNaN) / (double)Rows;
            double generatedMissing = TableTestData.Values<float>(rows, "Height").Count(float.IsNaN) / 1000.0;
            double untrainedMissing = TableTestData.Values<float>(_untrained.Generate(1000, seed: 3), "Height").Count(float.IsNaN) / 1000.0;
            Assert.AreEqual(realMissing, generatedMissing, 0.08, $"real {realMissing:P1}, generated {generatedMissing:P1}");
            Assert.IsTrue(Math.Abs(generatedMissing - realMissing) < Math.Abs(untrainedMissing - realMissing),
                $"real {realMissing:P1}, trained {generatedMissing:P1}, untrained {untrainedMissing:P1}");
            // Both income modes appear, the rich one (30% of the rows) at about its share, nearer to it than before training.
            double realRich = TableTestData.Values<double>(_data, "Income").Count(v => v > 60_000) / (double)Rows;
            double rich = incomes.Count(v => v > 60_000) / 1000.0;
            double untrainedRich = TableTestData.Values<double>(_untrained.Generate(1000, seed: 3), "Income").Count(v => v > 60_000) / 1000.0;
            Assert.AreEqual(realRich, rich, 0.1, $"rich share: real {realRich:P1}, generated {rich:P1}");
            Assert.IsTrue(Math.Abs(rich - realRich) < Math.Abs(untrainedRich - realRich), $"rich share: real {realRich:P1}, trained {rich:P1}, untrained {untrainedRich:P1}");
        }

        [TestMethod]
        public void ConditionalGenerationReturnsOnlyTheAskedValue()
        {
            var rome = TableTestData.Texts(_model.Generate(200, 4, TableCondition.Equal("City", "Rome")), "City");
            Assert.AreEqual(200, rome.Length);
            Assert.IsTrue(rome.All(c => c == "Rome"));
            var members = TableTestData.Values<bool>(_model.Generate(100, 4, TableCondition.Equal("Member", "True")), "Member");
            Assert.IsTrue(members.All(m => m));
            // The rare category can be asked for too.
            var lima = TableTestData.Texts(_model.Generate(50, 4, TableCondition.Equal("City", "Lima")), "City");
            Assert.IsTrue(lima.All(c => c == "Lima"));

            // Rejection alone guarantees the lines above for any generator; what training adds is the rest of the row.
            // CityKey is City as a key, so a model that learned the table gives Rome's rows the key "Rome" too. This tiny
            // model learns the pair only in part (44% of Rome rows against 17% untrained, chance being 20%).
            double trained = KeyShare(_model, "Rome"), untrained = KeyShare(_untrained, "Rome");
            Assert.IsTrue(trained > 0.35 && trained > 2 * untrained, $"CityKey = Rome in {trained:P0} of City = Rome rows (untrained: {untrained:P0})");
        }

        // The share of rows generated for City = city whose CityKey names the same city.
        private static double KeyShare(TabularGanTransformer model, string city)
        {
            var rows = model.Generate(300, 6, TableCondition.Equal("City", city));
            VBuffer<ReadOnlyMemory<char>> names = default;
            rows.Schema["CityKey"].GetKeyValues(ref names);
            var values = names.DenseValues().Select(n => n.ToString()).ToArray();
            return TableTestData.Values<uint>(rows, "CityKey").Count(k => k > 0 && values[k - 1] == city) / 300.0;
        }

        [TestMethod]
        public void UnknownConditionsNameTheKnownOnes()
        {
            var column = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Equal("Town", "Rome")));
            StringAssert.Contains(column.Message, "City");
            StringAssert.Contains(column.Message, "Member");
            var value = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Equal("City", "Berlin")));
            StringAssert.Contains(value.Message, "'Oslo'");
            var continuous = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Equal("Age", "30")));
            StringAssert.Contains(continuous.Message, "categorical columns are");
        }

        [TestMethod]
        public void GenerationIsDeterministicAndSurvivesSaveAndLoadBitForBit()
        {
            var first = Dump(_model.Generate(700, seed: 9));
            CollectionAssert.AreEqual(first, Dump(_model.Generate(700, seed: 9)));
            CollectionAssert.AreNotEqual(first, Dump(_model.Generate(700, seed: 10)));
            // A shorter request is a prefix of a longer one.
            CollectionAssert.AreEqual(first.Take(100).ToList(), Dump(_model.Generate(100, seed: 9)));

            string path = Path.Combine(Path.GetTempPath(), $"tabular-gan-{Guid.NewGuid():N}.zip");
            try
            {
                _ml.Model.Save(_model, _data.Schema, path);
                var fresh = new MLContext(99);
                var loaded = (TabularGanTransformer)fresh.Model.Load(path, out _);
                CollectionAssert.AreEqual(first, Dump(loaded.Generate(700, seed: 9)));
                CollectionAssert.AreEqual(Dump(_model.Generate(60, 5, TableCondition.Equal("City", "Paris"))), Dump(loaded.Generate(60, 5, TableCondition.Equal("City", "Paris"))));
                CollectionAssert.AreEqual(Dump(_model.Transform(_data)), Dump(loaded.Transform(_data)));
                loaded.Dispose();
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void TransformGeneratesAsManyRowsAsTheInputHas()
        {
            var input = _ml.Data.TakeRows(_data, 123);
            var output = _model.Transform(input);
            Assert.AreEqual(123, TableTestData.Values<int>(output, "Age").Length);
            // The input's columns, then the table's (hiding the input's of the same names).
            var schema = _model.GetOutputSchema(input.Schema);
            CollectionAssert.AreEqual(input.Schema.Concat(_model.OutputSchema).Select(c => c.Name).ToArray(), schema.Select(c => c.Name).ToArray());
            CollectionAssert.AreEqual(schema.Select(c => c.Type).ToArray(), output.Schema.Select(c => c.Type).ToArray());
        }

        [TestMethod]
        public void TrainingRecordsOneMetricsRowPerEpoch()
        {
            Assert.AreEqual(Epochs, _model.TrainingHistory.Count);
            Assert.IsTrue(_model.TrainingHistory.All(m => double.IsFinite(m.GeneratorLoss) && double.IsFinite(m.DiscriminatorLoss)));
        }

        internal static List<string> Dump(IDataView view)
        {
            var result = new List<string>();
            foreach (var row in view.Preview(int.MaxValue).RowView)
                result.Add(string.Join("|", row.Values.Select(kv => Bits(kv.Value))));
            return result;
        }

        private static string Bits(object value) => value switch
        {
            float f => BitConverter.SingleToInt32Bits(f).ToString(),
            double d => BitConverter.DoubleToInt64Bits(d).ToString(),
            ReadOnlyMemory<char> m => m.ToString(),
            _ => value?.ToString() ?? "null",
        };
    }
}
