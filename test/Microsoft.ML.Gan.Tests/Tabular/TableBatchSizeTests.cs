using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>The automatic minibatch of a tabular GAN: CTGAN's 500 for large tables, about 20 steps an epoch for small ones, and never fewer.</summary>
    [TestClass]
    public sealed class TableBatchSizeTests
    {
        private sealed class Row
        {
            public float Age;
            public string Colour = "";
        }

        [TestMethod]
        [DataRow(26_048L, 10, 500)]   // Adult's training split: unchanged from CTGAN's default
        [DataRow(10_000L, 10, 500)]
        [DataRow(4_000L, 10, 200)]    // 20 steps an epoch
        [DataRow(2_000L, 10, 100)]
        [DataRow(1_000L, 10, 100)]    // the smallest automatic batch: 10 steps an epoch
        [DataRow(60L, 10, 60)]        // never more than the rows
        [DataRow(65L, 10, 60)]        // a multiple of the packing
        [DataRow(4_010L, 3, 198)]
        [DataRow(5L, 10, 10)]         // one pack; the row check then reports the table as too small
        public void TheAutomaticBatchFollowsTheRows(long rows, int packing, int expected) =>
            Assert.AreEqual(expected, TableBatchSize.For(rows, packing));

        [TestMethod]
        [DataRow(500, 10)]    // CTGAN's batch keeps CTGAN's packing: Adult trains as before
        [DataRow(254, 5)]
        [DataRow(100, 2)]     // the smallest automatic batch: 50 packs of two rows, not ten packs of ten
        [DataRow(60, 1)]
        [DataRow(5_000, 10)]  // never more than CTGAN's ten
        public void TheAutomaticPackingGivesTheCriticFiftyPacksAStep(int batch, int expected) =>
            Assert.AreEqual(expected, TableBatchSize.AutomaticPacking(batch));

        [TestMethod]
        public void ATableSmallerThanCtganBatchTrainsWithTheAutomaticBatch()
        {
            var ml = new MLContext(1);
            var log = new List<string>();
            ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 300).Select(i => new Row { Age = 20 + i % 50, Colour = i % 3 == 0 ? "red" : "blue" }));
            var options = TabularGanTests.Tiny(1);
            options.BatchSize = null;
            options.Packing = null;

            using var model = ml.Generative().TabularGan(options).Fit(data);

            Assert.IsTrue(log.Any(m => m.Contains("batch 100 (automatic)") && m.Contains("packing 2 (automatic)")), string.Join("\n", log.Where(m => m.Contains("batch"))));
            Assert.AreEqual(TableBatchSize.StepsPerEpoch, model.TrainingHistory.Single().GeneratorUpdates,
                "300 rows in batches of 100 are three steps; an epoch with the automatic batch has at least 20");
        }

        [TestMethod]
        public void ATableSmallerThanOnePackIsAClearError()
        {
            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 8).Select(i => new Row { Age = i, Colour = i % 2 == 0 ? "red" : "blue" }));
            var options = TabularGanTests.Tiny(1);
            options.BatchSize = null;
            var e = Assert.Throws<ArgumentException>(() => ml.Generative().TabularGan(options).Fit(data));
            StringAssert.Contains(e.Message, "8 rows");
            StringAssert.Contains(e.Message, "Packing = 10");
        }
    }
}
