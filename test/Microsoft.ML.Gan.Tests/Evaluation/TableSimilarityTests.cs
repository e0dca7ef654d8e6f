using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Evaluation;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Evaluation
{
    [TestClass]
    public sealed class TableSimilarityTests
    {
        [TestMethod]
        public void KolmogorovSmirnovIsTheLargestCdfGapWithTiesHandled()
        {
            Assert.AreEqual(0, TableSimilarity.KolmogorovSmirnov(new double[] { 3, 1, 2 }, new double[] { 1, 2, 3 }));
            Assert.AreEqual(1, TableSimilarity.KolmogorovSmirnov(new double[] { 1, 2 }, new double[] { 5, 6 }));
            Assert.AreEqual(0.5, TableSimilarity.KolmogorovSmirnov(new double[] { 1, 2, 3, 4 }, new double[] { 3, 4, 5, 6 }), 1e-12);
            Assert.AreEqual(1.0 / 3, TableSimilarity.KolmogorovSmirnov(new double[] { 0, 0, 1 }, new double[] { 0, 1, 1 }), 1e-12);
            Assert.AreEqual(0, TableSimilarity.KolmogorovSmirnov(new[] { 1, double.NaN }, new double[] { 1 }), "missing values are left out");
        }

        [TestMethod]
        public void TotalVariationIsHalfTheL1DistanceOfFrequencies()
        {
            var a = new Dictionary<string, int> { ["x"] = 1, ["y"] = 1 };
            var b = new Dictionary<string, int> { ["x"] = 5 };
            Assert.AreEqual(0.5, TableSimilarity.TotalVariation(a, b), 1e-12);
            Assert.AreEqual(0, TableSimilarity.TotalVariation(a, new Dictionary<string, int> { ["y"] = 3, ["x"] = 3 }), 1e-12);
            Assert.AreEqual(1, TableSimilarity.TotalVariation(b, new Dictionary<string, int> { ["z"] = 3 }), 1e-12);
        }

        [TestMethod]
        public void AssociationMeasuresOnKnownCases()
        {
            var x = Enumerable.Range(0, 100).Select(i => (double)i).ToArray();
            Assert.AreEqual(1, TableSimilarity.Pearson(x, x.Select(v => 2 * v + 1).ToArray()), 1e-12);
            Assert.AreEqual(-1, TableSimilarity.Pearson(x, x.Select(v => -v).ToArray()), 1e-12);

            var a = Enumerable.Range(0, 400).Select(i => i % 4).ToArray();
            var independent = Enumerable.Range(0, 400).Select(i => (i / 4) % 2).ToArray();
            Assert.AreEqual(1, TableSimilarity.CramersV(a, 4, a, 4), 1e-12);
            Assert.AreEqual(0, TableSimilarity.CramersV(a, 4, independent, 2), 1e-12);

            Assert.AreEqual(1, TableSimilarity.CorrelationRatio(a, 4, a.Select(c => 10.0 * c).ToArray()), 1e-12);
            // Same mean in every category: η = 0.
            var sameMeans = Enumerable.Range(0, 400).Select(i => (i / 4) % 2 == 0 ? 1.0 : -1.0).ToArray();
            Assert.AreEqual(0, TableSimilarity.CorrelationRatio(a, 4, sameMeans), 1e-12);
        }

        [TestMethod]
        public void ATableIsIdenticalToItselfAndShufflingColumnsBreaksOnlyTheAssociations()
        {
            var ml = new MLContext(1);
            var real = TableTestData.Mixed(ml, 2000);
            var same = TableSimilarity.Compare(real, real);
            Assert.IsTrue(same.Columns.All(c => c.Distance == 0 && c.MissingRateDifference == 0));
            Assert.AreEqual(0, same.AssociationDifference);
            Assert.AreEqual(1, same.RealAssociations["City", "CityKey"], 1e-9, "a column and its key are fully associated");

            // Every column shuffled on its own: the same marginals, no associations.
            var table = TableTestData.Read(real);
            var shuffled = TableTestData.ShuffleColumns(table, 3);
            var report = TableSimilarity.Compare(table, shuffled);
            Assert.AreEqual(0, report.MeanKolmogorovSmirnov, 1e-12);
            Assert.AreEqual(0, report.MeanTotalVariation, 1e-12);
            Assert.IsTrue(report.SyntheticAssociations["City", "CityKey"] < 0.1, $"{report.SyntheticAssociations["City", "CityKey"]}");
            Assert.IsTrue(report.AssociationDifference > 0.02, $"{report.AssociationDifference}");
        }

        [TestMethod]
        public void CategoriesAreMatchedByLabelAcrossSeparatelyReadTables()
        {
            var ml = new MLContext(1);
            var real = ml.Data.LoadFromEnumerable(new[] { "a", "b", "b", "c" }.Select(s => new Row { C = s, X = s.Length }));
            var synthetic = ml.Data.LoadFromEnumerable(new[] { "c", "b", "b", "b" }.Select(s => new Row { C = s, X = s.Length }));
            var report = TableSimilarity.Compare(real, synthetic);
            // real a .25 b .5 c .25; synthetic b .75 c .25 → (0.25 + 0.25 + 0) / 2.
            Assert.AreEqual(0.25, report.Columns.Single(c => c.Column == "C").Distance, 1e-12);
            Assert.AreEqual("TVD", report.Columns.Single(c => c.Column == "C").Metric);
        }

        public sealed class Row
        {
            public string C = "";
            public float X;
        }
    }
}
