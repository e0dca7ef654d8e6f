using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Data
{
    /// <summary>What Fit keeps in memory, and what it does when the data passes MemoryBudgetBytes.</summary>
    [TestClass]
    public sealed class MemoryBudgetTests
    {
        private sealed class LabeledRow { [VectorType(16)] public float[] Features = new float[16]; public string Label = ""; }

        [TestMethod]
        public void RowsReadInChunksComeBackInOrderAndUnchanged()
        {
            // 70,000 rows of 40 values span two chunks of 8 MiB.
            var ml = new MLContext(seed: 1);
            var rows = TestData.Gaussian(70_000, 40, 5, 2, seed: 4);
            var data = TestData.Vectors(ml, rows);
            IHost host = ((IHostEnvironment)ml).Register("test");
            var read = FeatureRows.Read(host, data, "Features", 40, long.MaxValue)!;
            Assert.AreEqual(70_000L, read.Rows);
            Assert.IsTrue(read.Chunks().Count() > 1, "more than one chunk");
            foreach (long i in new long[] { 0, 52_427, 52_428, 69_999 })
                CollectionAssert.AreEqual(rows[i], read.Row(i).ToArray(), $"row {i}");
            Assert.IsNull(FeatureRows.Read(host, data, "Features", 40, maxRows: 69_999), "one row over the limit gives up");

            using var gathered = read.Gather(new long[] { 69_999, 3 });
            CollectionAssert.AreEqual(rows[69_999].Concat(rows[3]).ToArray(), gathered.data<float>().ToArray());
        }

        [TestMethod]
        public void InPlaceScalingIsTheTensorScalingBitForBit()
        {
            var rows = TestData.Gaussian(1000, 5, 1000, 3, seed: 2);
            var flat = rows.SelectMany(r => r).ToArray();
            var features = TestData.Rows(flat, 5);
            var scaler = features.Moments().Standardiser();
            features.Scale(scaler);
            // Streaming scales each minibatch tensor in place instead: both must give the networks the same values.
            using var tensor = TorchSharp.torch.tensor(flat, new long[] { 1000, 5 });
            var divisors = scaler.TransformTensors();
            using (divisors.Offset)
            using (divisors.Divisor)
                FeatureScaler.TransformInPlace(tensor, divisors);
            CollectionAssert.AreEqual(tensor.data<float>().ToArray(), TestData.Values(features));
        }

        [TestMethod]
        public void ConditionalDataOverTheBudgetTrainsInMemoryWithAWarning()
        {
            // 20,000 rows x (16 values + shuffle index + class) = 1.6 MB > the 1 MiB budget; conditional GANs do not stream.
            var ml = new MLContext(seed: 1);
            var log = new List<string>();
            ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
            var rows = TestData.Gaussian(20_000, 16, 0, 1, seed: 1).Select((f, i) => new LabeledRow { Features = f, Label = i % 3 == 0 ? "a" : "b" });
            var options = TestData.Tiny(epochs: 1);
            options.LabelColumnName = "Label";
            options.BatchSize = 500;
            options.MemoryBudgetBytes = 1 << 20;
            using var model = ml.Generative().Gan(options).Fit(ml.Data.LoadFromEnumerable(rows.ToArray()));
            Assert.IsTrue(log.Any(m => m.Contains("more than MemoryBudgetBytes") && m.Contains("conditional")), "warned");
            Assert.IsTrue(log.Any(m => m.Contains("20000 rows")), "trained on every row in memory");
        }

        [TestMethod]
        public void TabularVaeRefusesATableOverItsBudgetWithTheSize()
        {
            // TabularGan streams such a table (Tabular/TableStreamingTests); TVAE holds its table and refuses it.
            var ml = new MLContext(seed: 1);
            var rows = ml.Data.LoadFromEnumerable(TableTestData.MixedRows(300_000));
            TabularVaeEstimator.Options Options(params string[] columns) =>
                new() { Columns = columns, Epochs = 1, BatchSize = 100, Seed = 1, MemoryBudgetBytes = 1 << 20 };

            // 40,000 rows of two categorical columns fit as read (8 bytes a row) but not once encoded (7 values a row):
            // refused after the encoding is known, before training.
            var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
                ml.Generative().TabularVae(Options("City", "Member")).Fit(ml.Data.TakeRows(rows, 40_000)));
            StringAssert.Contains(ex.Message, "MemoryBudgetBytes (1048576 bytes)");
            StringAssert.Contains(ex.Message, "40000 rows of 2 columns");
            StringAssert.Contains(ex.Message, "encoded as");
            StringAssert.Contains(ex.Message, "a tabular GAN streams");

            // 300,000 rows of one column (4 bytes a row) do not fit even as read: refused while reading.
            ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Generative().TabularVae(Options("City")).Fit(rows));
            StringAssert.Contains(ex.Message, "rows of 1 columns take 4 bytes a row as read.");
        }
    }
}
