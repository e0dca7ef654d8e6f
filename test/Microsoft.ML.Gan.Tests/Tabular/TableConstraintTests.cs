using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>Constraints and dates end to end: one short training with constraints, one without, shared by the class.</summary>
    [TestClass]
    public sealed class TableConstraintTests
    {
        private const int Rows = 300;
        private static MLContext _ml = null!;
        private static IDataView _data = null!;
        private static TabularGanTransformer _constrained = null!;
        private static TabularGanTransformer _free = null!;

        private static TabularGanEstimator.Options Options(bool constrained)
        {
            var options = TabularGanTests.Tiny(30);
            if (constrained)
            {
                options.Constraints.Add(TableConstraint.LessOrEqual("Start", "End"));
                options.Constraints.Add(TableConstraint.LessOrEqual("Opened", "Closed"));
                options.Constraints.Add(TableConstraint.LessOrEqual("Low", "High"));
                options.Constraints.Add(TableConstraint.Range("Score", 0.1, 1.0));
                options.Constraints.Add(TableConstraint.SeenCombinations("Country", "City"));
            }
            return options;
        }

        [ClassInitialize]
        public static void Train(TestContext _)
        {
            _ml = new MLContext(1);
            // Training rows must honour the range constraint (Score in [0.1, 1]).
            _data = _ml.Data.Cache(_ml.Data.FilterRowsByColumn(ConstrainedTableData.View(_ml, Rows), "Score", lowerBound: 0.1, upperBound: 1.5));
            _constrained = _ml.Generative().TabularGan(Options(constrained: true)).Fit(_data);
            _free = _ml.Generative().TabularGan(Options(constrained: false)).Fit(_data);
        }

        [ClassCleanup]
        public static void Release()
        {
            _constrained?.Dispose();
            _free?.Dispose();
        }

        [TestMethod]
        public void EveryGeneratedRowHonoursEveryConstraint()
        {
            var rows = _constrained.Generate(1500, seed: 2);
            Assert.AreEqual(0, Broken(rows), "constrained model");
            // The same training without constraints breaks them: the test would see a model that ignored them.
            Assert.IsTrue(Broken(_free.Generate(1500, seed: 2)) > 50, $"unconstrained model broke only {Broken(_free.Generate(1500, seed: 2))}");
        }

        [TestMethod]
        public void OrdersWithoutMissingValuesAreBuiltInAndTheRestRejected()
        {
            var plan = _constrained.Table().Constraints;
            CollectionAssert.AreEquivalent(new[] { "End", "Closed" }, plan.Gaps.Select(g => plan.ColumnNames[g.Upper]).ToArray());
            Assert.AreEqual("High", plan.ColumnNames[plan.Orders.Single().Upper]);
            Assert.AreEqual(1, plan.Clamps.Count);
            Assert.AreEqual(6, plan.Combinations.Single().Seen.Count);
        }

        [TestMethod]
        public void DatesComeBackAsDatesInsideTheTrainingRangeWithTheirMissingRate()
        {
            var rows = _constrained.Generate(1000, seed: 3);
            Assert.AreEqual(typeof(DateTime), rows.Schema["Opened"].Type.RawType);
            var opened = TableTestData.Values<DateTime>(rows, "Opened");
            var real = TableTestData.Values<DateTime>(_data, "Opened");
            Assert.IsTrue(opened.All(d => d >= real.Min() && d <= real.Max()), $"{opened.Min():O} .. {opened.Max():O}");
            // Whole days in training: whole days out.
            Assert.IsTrue(opened.All(d => d.TimeOfDay == TimeSpan.Zero));
            // Spread over the year, not collapsed onto one date.
            Assert.IsTrue(opened.Distinct().Count() > 50, $"{opened.Distinct().Count()} distinct dates");
            var closed = TableTestData.Values<DateTime>(rows, "Closed");
            var realClosed = TableTestData.Values<DateTime>(_data, "Closed");
            Assert.IsTrue(closed.All(d => d >= realClosed.Min() && d <= realClosed.Max()));
        }

        [TestMethod]
        public void MissingDatesAreLearnedAsMissing()
        {
            var ml = new MLContext(1);
            var rows = ConstrainedTableData.Rows(200);
            for (int i = 0; i < rows.Count; i += 4)
                rows[i].Closed = default;
            var table = TableTestData.Read(ml.Data.LoadFromEnumerable(rows));
            var closed = (ContinuousColumnData)table["Closed"];
            Assert.AreEqual(50, closed.MissingCount);
            Assert.AreEqual(DateValues.ToDays(rows[1].Closed), closed.Values[1]);
            Assert.AreEqual(default, DateValues.FromDays(double.NaN));
            Assert.AreEqual(rows[1].Closed, DateValues.FromDays(closed.Values[1]));
        }

        [TestMethod]
        public void ConstraintsSurviveSaveAndLoad()
        {
            string path = Path.Combine(Path.GetTempPath(), $"tabular-constraints-{Guid.NewGuid():N}.zip");
            try
            {
                _ml.Model.Save(_constrained, _data.Schema, path);
                using var loaded = (TabularGanTransformer)new MLContext(5).Model.Load(path, out _);
                CollectionAssert.AreEqual(TabularGanTests.Dump(_constrained.Generate(600, 4)), TabularGanTests.Dump(loaded.Generate(600, 4)));
                CollectionAssert.AreEqual(_constrained.Table().Constraints.Describe().ToArray(), loaded.Table().Constraints.Describe().ToArray());
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void ConditionsCombineWithDatesAndConstraints()
        {
            var rows = _constrained.Generate(200, 5,
                TableCondition.Equal("Country", "Italy"),
                TableCondition.Between("Opened", new DateTime(2020, 3, 1), new DateTime(2020, 9, 30)));
            Assert.IsTrue(TableTestData.Texts(rows, "Country").All(c => c == "Italy"));
            Assert.IsTrue(TableTestData.Values<DateTime>(rows, "Opened").All(d => d >= new DateTime(2020, 3, 1) && d <= new DateTime(2020, 9, 30)));
            Assert.AreEqual(0, Broken(rows));
            // A combination the constraint rules out is impossible before anything is generated.
            var e = Assert.ThrowsExactly<ArgumentException>(() => _constrained.Generate(10, 1, TableCondition.Equal("Country", "Peru"), TableCondition.Equal("City", "Rome")));
            StringAssert.Contains(e.Message, "Country = 'Peru', City = 'Rome'");
            var dates = Assert.ThrowsExactly<ArgumentException>(() => _constrained.Generate(10, 1, TableCondition.Between("Opened", 0, 1)));
            StringAssert.Contains(dates.Message, "date");
        }

        // Rows that break a constraint of Options(constrained: true).
        private static int Broken(IDataView rows)
        {
            var start = TableTestData.Values<float>(rows, "Start");
            var end = TableTestData.Values<float>(rows, "End");
            var opened = TableTestData.Values<DateTime>(rows, "Opened");
            var closed = TableTestData.Values<DateTime>(rows, "Closed");
            var low = TableTestData.Values<double>(rows, "Low");
            var high = TableTestData.Values<double>(rows, "High");
            var score = TableTestData.Values<float>(rows, "Score");
            var country = TableTestData.Texts(rows, "Country");
            var city = TableTestData.Texts(rows, "City");
            var seen = TableTestData.Texts(_data, "Country").Zip(TableTestData.Texts(_data, "City")).ToHashSet();
            int broken = 0;
            for (int r = 0; r < start.Length; r++)
            {
                bool ok = start[r] <= end[r] && opened[r] <= closed[r] && !(low[r] > high[r])
                    && score[r] >= 0.1f && score[r] <= 1f && seen.Contains((country[r], city[r]));
                broken += ok ? 0 : 1;
            }
            return broken;
        }
    }
}
