using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    [TestClass]
    public sealed class TableReaderTests
    {
        [TestMethod]
        public void ReadsEveryColumnInOnePassWithStatistics()
        {
            var rows = TableTestData.MixedRows(200);
            var table = TableTestData.Read(new MLContext(1).Data.LoadFromEnumerable(rows));
            Assert.AreEqual(200, table.Rows);

            var height = (ContinuousColumnData)table["Height"];
            Assert.AreEqual(rows.Count(r => float.IsNaN(r.Height)), height.MissingCount);
            Assert.IsTrue(height.MissingCount > 0);
            Assert.AreEqual(rows.Where(r => !float.IsNaN(r.Height)).Min(r => (double)r.Height), height.Min);
            Assert.IsFalse(height.IsInteger);

            var age = (ContinuousColumnData)table["Age"];
            Assert.IsTrue(age.IsInteger);
            Assert.AreEqual(rows.Max(r => r.Age), age.Max);
            CollectionAssert.AreEqual(rows.Select(r => (double)r.Age).ToArray(), age.Values);
            Assert.IsTrue(((ContinuousColumnData)table["Constant"]).IsConstant);
        }

        [TestMethod]
        public void CategoriesAreSortedWithTheMissingValueAsItsOwnCategory()
        {
            var rows = TableTestData.MixedRows(300);
            var table = TableTestData.Read(TableTestData.Mixed(new MLContext(1), 300));
            var city = (CategoricalColumnData)table["City"];
            CollectionAssert.AreEqual(new object[] { "", "Lima", "Oslo", "Paris", "Rome" }, city.Categories.Values.ToArray());
            Assert.AreEqual(0, city.Categories.MissingIndex);
            Assert.AreEqual(CategorySet.MissingLabel, city.Categories.Labels[0]);
            Assert.AreEqual(rows.Count(r => r.City == ""), city.Counts[0]);
            for (int i = 0; i < rows.Count; i++)
                Assert.AreEqual(rows[i].City, city.Categories.Values[city.Codes[i]], $"row {i}");

            var member = (CategoricalColumnData)table["Member"];
            CollectionAssert.AreEqual(new object[] { false, true }, member.Categories.Values.ToArray());
            Assert.AreEqual(-1, member.Categories.MissingIndex);

            // Keys: the key numbers, named by the KeyValues annotation.
            var key = (CategoricalColumnData)table["CityKey"];
            Assert.AreEqual(5, key.Categories.Count);
            for (int i = 0; i < rows.Count; i++)
            {
                if (rows[i].City != "")
                    Assert.AreEqual(rows[i].City, key.Categories.Labels[key.Codes[i]], $"row {i}");
            }
        }

        [TestMethod]
        public void CategoryLookupAcceptsLabelsValuesAndUntrimmedText()
        {
            var set = new CategorySet("income", new object[] { " <=50K", " >50K" }, new[] { " <=50K", " >50K" }, -1);
            Assert.AreEqual(1, set.IndexOf(" >50K"));
            Assert.AreEqual(1, set.IndexOf(">50K"), "a unique match ignoring surrounding spaces");
            var e = Assert.ThrowsExactly<ArgumentException>(() => set.IndexOf("rich"));
            StringAssert.Contains(e.Message, "'income'");
            StringAssert.Contains(e.Message, "' >50K'");
            var bools = new CategorySet("b", new object[] { false, true }, new[] { "False", "True" }, -1);
            Assert.AreEqual(1, bools.IndexOf(true));
            Assert.AreEqual(0, bools.IndexOf("False"));
            var numbers = new CategorySet("n", new object[] { 1.0, 2.5 }, new[] { "1", "2.5" }, -1);
            Assert.AreEqual(0, numbers.IndexOf(1));
            Assert.AreEqual(1, numbers.IndexOf(2.5));
        }

        [TestMethod]
        public void NumericColumnMarkedCategoricalKeepsNumbersAsCategories()
        {
            var view = new MLContext(1).Data.LoadFromEnumerable(TableTestData.MixedRows(100));
            var table = TableTestData.Read(view, categorical: new[] { "Level" });
            var level = (CategoricalColumnData)table["Level"];
            CollectionAssert.AreEqual(new object[] { 1.0, 2.0, 3.0 }, level.Categories.Values.ToArray());
        }

        [TestMethod]
        public void ChecksRowsAndWarnsAboutSingleValuesAndIdentifiers()
        {
            var ml = new MLContext(1);
            var small = TableTestData.Read(ml.Data.LoadFromEnumerable(TableTestData.MixedRows(10)));
            var e = Assert.ThrowsExactly<ArgumentException>(() => TableChecks.CheckRows(small, 64, "one minibatch"));
            StringAssert.Contains(e.Message, "10 rows");
            StringAssert.Contains(e.Message, "64");

            var ids = Enumerable.Range(0, 600).Select(i => new IdRow { Id = $"id{i}", Kind = "same", Constant = 3, X = i }).ToArray();
            var warnings = TableChecks.Check(TableTestData.Read(ml.Data.LoadFromEnumerable(ids)));
            Assert.AreEqual(2, warnings.Count, string.Join("\n", warnings));
            Assert.IsTrue(warnings.Any(w => w.Contains("'Id'") && w.Contains("600 distinct")), string.Join("\n", warnings));
            Assert.IsTrue(warnings.Any(w => w.Contains("'Kind'") && w.Contains("single value")), string.Join("\n", warnings));
        }

        [TestMethod]
        public void AllMissingOrInfiniteContinuousColumnsAreErrors()
        {
            var ml = new MLContext(1);
            var nan = TableTestData.Read(ml.Data.LoadFromEnumerable(new[] { new IdRow { X = float.NaN, Id = "a", Kind = "k" }, new IdRow { X = float.NaN, Id = "b", Kind = "k" } }));
            var e = Assert.ThrowsExactly<ArgumentException>(() => TableChecks.Check(nan));
            StringAssert.Contains(e.Message, "'X'");
            var inf = Assert.ThrowsExactly<ArgumentException>(() => TableTestData.Read(ml.Data.LoadFromEnumerable(new[] { new IdRow { X = float.PositiveInfinity, Id = "a", Kind = "k" } })));
            StringAssert.Contains(inf.Message, "'X'");
            StringAssert.Contains(inf.Message, "row 0");
        }

        public sealed class IdRow
        {
            public string Id = "";
            public string Kind = "";
            public float Constant;
            public float X;
        }
    }
}
