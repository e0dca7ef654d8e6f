using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Tests.Generation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>Several generation conditions at once, on one short training shared by the class.</summary>
    [TestClass]
    public sealed class TableConditionTests
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
            _model = _ml.Generative().TabularGan(TabularGanTests.Tiny(60)).Fit(_data);
            _untrained = _ml.Generative().TabularGan(TabularGanTests.Tiny(1)).Fit(_data);
        }

        [ClassCleanup]
        public static void Release()
        {
            _model?.Dispose();
            _untrained?.Dispose();
        }

        [TestMethod]
        public void EveryRowSatisfiesEveryConditionAndGenerationIsBatched()
        {
            var rows = _model.Generate(300, 2,
                TableCondition.Equal("City", "Rome"), TableCondition.Equal("Member", "True"), TableCondition.Between("Age", 20, 60));
            string[] cities = Array.Empty<string>();
            long used = ForwardPasses.During(_model.Model.Network, () => cities = TableTestData.Texts(rows, "City"));
            var members = TableTestData.Values<bool>(rows, "Member");
            var ages = TableTestData.Values<int>(rows, "Age");
            Assert.AreEqual(300, ages.Length);
            Assert.IsTrue(cities.All(c => c == "Rome") && members.All(m => m) && ages.All(a => a >= 20 && a <= 60));
            // Whole blocks of 500 rows: far fewer forward passes than rows even at a low acceptance rate.
            Assert.IsTrue(used >= 1 && used <= 60, $"{used} forward passes for 300 rows");
            // The same seed gives the same rows.
            CollectionAssert.AreEqual(TabularGanTests.Dump(rows), TabularGanTests.Dump(_model.Generate(300, 2,
                TableCondition.Equal("City", "Rome"), TableCondition.Equal("Member", "True"), TableCondition.Between("Age", 20, 60))));
        }

        [TestMethod]
        public void TheSteeredCategoryComesFromTheGeneratorNotFromRejection()
        {
            // Rejection keeps only Lima rows whatever the generator does; a trained generator fed Lima's condition
            // produces Lima in most rows, so it needs far fewer blocks than one that has not learned the condition.
            long trained = PassesFor(_model), untrained = PassesFor(_untrained);
            Assert.IsTrue(trained <= 3 && untrained >= 2 * trained, $"forward passes for 1,000 Lima rows: trained {trained}, untrained {untrained}");
        }

        // Blocks of 500 a model needs for 1,000 rows with City = Lima (an impractical rate counts as the most allowed).
        private static long PassesFor(TabularGanTransformer model)
        {
            try
            {
                return ForwardPasses.During(model.Model.Network, () => TableTestData.Texts(model.Generate(1000, 5, TableCondition.Equal("City", "Lima")), "City"));
            }
            catch (InvalidOperationException)
            {
                return long.MaxValue / 4;
            }
        }

        [TestMethod]
        public void TheRarestCategoryIsSteeredAndTheOthersRejected()
        {
            var model = _model.Table();
            var resolved = RowConditions.Resolve(model.Encoding, model.Conditions, model.Constraints,
                new[] { TableCondition.Equal("Member", "False"), TableCondition.Equal("City", "Lima") });
            var (city, lima) = model.Conditions.Find("City", "Lima");
            var (member, no) = model.Conditions.Find("Member", "False");
            Assert.IsTrue(model.Conditions.Counts[city][lima] < model.Conditions.Counts[member][no]);
            Assert.AreEqual(model.Conditions.Slot(city, lima), resolved.SteerSlot);
            Assert.IsNull(RowConditions.Resolve(model.Encoding, model.Conditions, model.Constraints, new[] { TableCondition.Between("Age", 20, 30) }).SteerSlot);
        }

        [TestMethod]
        public void ImpossibleCombinationsFailBeforeGenerating()
        {
            var twice = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Equal("City", "Rome"), TableCondition.Equal("City", "Oslo")));
            StringAssert.Contains(twice.Message, "City = 'Rome', City = 'Oslo'");
            var outside = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Between("Age", 100, 120)));
            StringAssert.Contains(outside.Message, "'Age' only takes whole values in [18, 77]");
            var between = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Between("Age", 30.2, 30.8)));
            StringAssert.Contains(between.Message, "whole");
            var disjoint = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Between("Age", 20, 30), TableCondition.Between("Age", 40, 50)));
            StringAssert.Contains(disjoint.Message, "Age in [20, 30], Age in [40, 50]");
            var kind = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Between("City", 1, 2)));
            StringAssert.Contains(kind.Message, "TableCondition.Equal");
            var value = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Equal("City", "Berlin"), TableCondition.Equal("Member", "True")));
            StringAssert.Contains(value.Message, "'Lima'");
            var unknown = Assert.ThrowsExactly<ArgumentException>(() => _model.Generate(10, 1, TableCondition.Equal("Town", "Rome")));
            StringAssert.Contains(unknown.Message, "Income");
            Assert.ThrowsExactly<ArgumentException>(() => TableCondition.Between("Age", 40, 30));
        }

        [TestMethod]
        public void ARarelyGeneratedCombinationReportsItsAcceptanceRate()
        {
            // Inside the training range of Income, but between its two modes: almost never generated.
            var rows = _model.Generate(500, 1, TableCondition.Between("Income", 60_000, 60_010));
            var e = Assert.ThrowsExactly<InvalidOperationException>(() => TableTestData.Values<double>(rows, "Income"));
            StringAssert.Contains(e.Message, "Income in [60000, 60010]");
            StringAssert.Contains(e.Message, "of 5,000 generated rows");
            StringAssert.Contains(e.Message, "%");
        }
    }
}
