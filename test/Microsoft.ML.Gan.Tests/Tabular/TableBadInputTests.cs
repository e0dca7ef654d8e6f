using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>Constraints and dates that cannot be learned fail in Fit before any training, naming what is wrong.</summary>
    [TestClass]
    public sealed class TableBadInputTests
    {
        private static TabularGanEstimator.Options With(params TableConstraint[] constraints)
        {
            var options = TabularGanTests.Tiny(1);
            options.Constraints.AddRange(constraints);
            return options;
        }

        private static string FitError(IDataView data, TabularGanEstimator.Options options)
        {
            var progress = 0;
            options.Progress = new Progress<GanProgress>(_ => progress++);
            var e = Assert.Throws<ArgumentException>(() => new MLContext(1).Generative().TabularGan(options).Fit(data));
            Assert.AreEqual(0, progress);
            return e.Message;
        }

        [TestMethod]
        public void AConstraintTheTrainingRowsBreakNamesTheRows()
        {
            var ml = new MLContext(1);
            var rows = ConstrainedTableData.Rows(200);
            rows[3].End = rows[3].Start - 1;
            rows[7].End = rows[7].Start - 5;
            var message = FitError(ml.Data.LoadFromEnumerable(rows), With(TableConstraint.LessOrEqual("Start", "End")));
            StringAssert.Contains(message, "Start ≤ End is broken by 2 training row(s): 3, 7");

            var range = FitError(ml.Data.LoadFromEnumerable(ConstrainedTableData.Rows(200)), With(TableConstraint.Range("Score", 0.2, 0.8)));
            StringAssert.Contains(range, "Score in [0.2, 0.8] is broken by");
        }

        [TestMethod]
        public void ConstraintsOnUnknownOrWrongColumnsAreRejected()
        {
            var data = ConstrainedTableData.View(new MLContext(1), 200);
            StringAssert.Contains(FitError(data, With(TableConstraint.LessOrEqual("Start", "Finish"))), "'Finish' is not among the columns");
            StringAssert.Contains(FitError(data, With(TableConstraint.LessOrEqual("Start", "City"))), "'City' is categorical");
            StringAssert.Contains(FitError(data, With(TableConstraint.LessOrEqual("Start", "Closed"))), "both be dates or both be numbers");
            StringAssert.Contains(FitError(data, With(TableConstraint.Range("Opened", 0, 1))), "give the range as dates");
            StringAssert.Contains(FitError(data, With(TableConstraint.SeenCombinations("Country", "Start"))), "'Start' is continuous");
            Assert.ThrowsExactly<ArgumentException>(() => TableConstraint.LessOrEqual("Start", "Start"));
            Assert.ThrowsExactly<ArgumentException>(() => TableConstraint.SeenCombinations("Country"));
        }

        [TestMethod]
        public void ADateColumnWithOnlyMissingDatesIsRejected()
        {
            var ml = new MLContext(1);
            var rows = ConstrainedTableData.Rows(200);
            foreach (var row in rows)
                row.Closed = default;
            StringAssert.Contains(FitError(ml.Data.LoadFromEnumerable(rows), TabularGanTests.Tiny(1)), "Date column 'Closed' has only missing dates");
        }
    }
}
