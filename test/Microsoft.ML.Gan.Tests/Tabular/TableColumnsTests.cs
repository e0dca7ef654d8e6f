using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    [TestClass]
    public sealed class TableColumnsTests
    {
        [TestMethod]
        public void NumbersAreContinuousAndBooleanTextAndKeysCategorical()
        {
            var ml = new MLContext(1);
            var view = TableTestData.Mixed(ml, 20);
            var columns = TableColumns.Discover(view.Schema);
            var kinds = columns.ToDictionary(c => c.Name, c => c.Kind);
            Assert.AreEqual(ColumnKind.Continuous, kinds["Height"]);
            Assert.AreEqual(ColumnKind.Continuous, kinds["Income"]);
            Assert.AreEqual(ColumnKind.Continuous, kinds["Age"]);
            Assert.AreEqual(ColumnKind.Continuous, kinds["Level"]);
            Assert.AreEqual(ColumnKind.Categorical, kinds["Member"]);
            Assert.AreEqual(ColumnKind.Categorical, kinds["City"]);
            Assert.AreEqual(ColumnKind.Categorical, kinds["CityKey"]);
            Assert.IsNotNull(columns.Single(c => c.Name == "CityKey").KeyValues, "the key's value names are kept");
            Assert.AreEqual(NumberDataViewType.Byte, columns.Single(c => c.Name == "Level").Type);
        }

        [TestMethod]
        public void NumericColumnMarkedCategoricalIsCategorical()
        {
            var view = TableTestData.Mixed(new MLContext(1), 20);
            var columns = TableColumns.Discover(view.Schema, categorical: new[] { "Level" });
            Assert.AreEqual(ColumnKind.Categorical, columns.Single(c => c.Name == "Level").Kind);
            Assert.AreEqual(ColumnKind.Continuous, columns.Single(c => c.Name == "Age").Kind);
        }

        [TestMethod]
        public void ListedColumnsAreUsedInTheirOrder()
        {
            var view = TableTestData.Mixed(new MLContext(1), 20);
            var columns = TableColumns.Discover(view.Schema, use: new[] { "City", "Age" });
            CollectionAssert.AreEqual(new[] { "City", "Age" }, columns.Select(c => c.Name).ToArray());
        }

        [TestMethod]
        public void VectorColumnIsRejectedWithItsNameTypeAndTheSupportedList()
        {
            var ml = new MLContext(1);
            var view = ml.Transforms.Concatenate("Pair", "Height", "Constant")
                .Fit(TableTestData.Mixed(ml, 10)).Transform(TableTestData.Mixed(ml, 10));
            var e = Assert.ThrowsExactly<ArgumentException>(() => TableColumns.Discover(view.Schema));
            StringAssert.Contains(e.Message, "'Pair'");
            StringAssert.Contains(e.Message, "Vector<Single, 2>");
            StringAssert.Contains(e.Message, TableColumns.SupportedTypes);
            // Leaving it out with the list of columns works.
            Assert.AreEqual(2, TableColumns.Discover(view.Schema, use: new[] { "Height", "City" }).Count);
        }

        [TestMethod]
        public void DateColumnIsContinuousAndCannotBeMarkedCategorical()
        {
            var ml = new MLContext(1);
            var view = ml.Data.LoadFromEnumerable(new[] { new DateRow { When = DateTime.UnixEpoch, X = 1 } });
            var when = TableColumns.Discover(view.Schema, use: new[] { "X", "When" })[1];
            Assert.AreEqual(ColumnKind.Continuous, when.Kind);
            Assert.IsTrue(when.IsDate);
            var e = Assert.ThrowsExactly<ArgumentException>(() => TableColumns.Discover(view.Schema, use: new[] { "X", "When" }, categorical: new[] { "When" }));
            StringAssert.Contains(e.Message, "'When' is a date column");
        }

        [TestMethod]
        public void UnknownColumnsAreNamedWithTheAvailableOnes()
        {
            var view = TableTestData.Mixed(new MLContext(1), 5);
            var e = Assert.ThrowsExactly<ArgumentException>(() => TableColumns.Discover(view.Schema, use: new[] { "Nope" }));
            StringAssert.Contains(e.Message, "'Nope'");
            StringAssert.Contains(e.Message, "Income");
            var c = Assert.ThrowsExactly<ArgumentException>(() => TableColumns.Discover(view.Schema, use: new[] { "Age" }, categorical: new[] { "Level" }));
            StringAssert.Contains(c.Message, "'Level'");
        }

        public sealed class DateRow
        {
            public DateTime When;
            public float X;
        }
    }
}
