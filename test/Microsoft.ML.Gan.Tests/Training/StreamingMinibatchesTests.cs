using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Training
{
    [TestClass]
    public sealed class StreamingMinibatchesTests
    {
        private const int Size = 3;

        // Row i is (i, 2i + 1, 7): the first value names the row, the last slot is constant.
        private static IDataView Indexed(int rows) =>
            TestData.Vectors(new MLContext(seed: 1), Enumerable.Range(0, rows).Select(i => new float[] { i, 2 * i + 1, 7 }).ToArray());

        private static StreamingMinibatches Source(int rows, int buffer) =>
            new(Indexed(rows), "Features", new FeatureScaler(new float[Size], new float[] { 1, 1, 0 }), buffer);

        /// <summary>Every minibatch of one epoch as rows (values, no standardisation in these tests: offset 0, scale 1).</summary>
        private static List<float[][]> Epoch(StreamingMinibatches source, int batch, torch.Generator rng)
        {
            var batches = new List<float[][]>();
            using var epoch = source.StartEpoch(batch, rng);
            while (true)
            {
                using var scope = torch.NewDisposeScope();
                if (!epoch.TryNext(out var b))
                    break;
                Assert.IsNull(b.Condition);
                CollectionAssert.AreEqual(new long[] { batch, Size }, b.Real.shape);
                var values = b.Real.data<float>().ToArray();
                batches.Add(Enumerable.Range(0, batch).Select(r => values.AsSpan(r * Size, Size).ToArray()).ToArray());
            }
            return batches;
        }

        private static int[] Order(List<float[][]> batches) => batches.SelectMany(b => b).Select(r => (int)r[0]).ToArray();

        [TestMethod]
        public void BufferAtLeastTheDataGivesAPermutationEveryEpoch()
        {
            using var source = Source(rows: 100, buffer: 128);
            using var rng = new torch.Generator(5);
            var first = Order(Epoch(source, 10, rng));
            var second = Order(Epoch(source, 10, rng));
            CollectionAssert.AreEquivalent(Enumerable.Range(0, 100).ToArray(), first, "each row exactly once");
            CollectionAssert.AreEquivalent(Enumerable.Range(0, 100).ToArray(), second, "each row exactly once");
            CollectionAssert.AreNotEqual(first, second, "a new order each epoch");
            CollectionAssert.AreNotEqual(Enumerable.Range(0, 100).ToArray(), first, "shuffled, not the stream's order");
        }

        [TestMethod]
        public void SmallBufferEmitsRealRowsAndFloorOfRowsOverBatchMinibatches()
        {
            using var source = Source(rows: 1003, buffer: 50);
            using var rng = new torch.Generator(3);
            var batches = Epoch(source, 16, rng);
            Assert.AreEqual(1003 / 16, batches.Count);
            var rows = batches.SelectMany(b => b).ToArray();
            foreach (var r in rows)
            {
                Assert.AreEqual(Math.Round(r[0]), r[0], "a row's index");
                Assert.IsTrue(r[0] >= 0 && r[0] < 1003);
                Assert.AreEqual(2 * r[0] + 1, r[1], "the values of one real row, not a mix");
                Assert.AreEqual(7f, r[2], "constant slot divided by 1, not by 0");
            }
            Assert.AreEqual(rows.Length, rows.Select(r => r[0]).Distinct().Count(), "no row twice in an epoch");
            // Mixing: a buffer of 50 moves rows well away from their stream position.
            double displacement = rows.Select((r, i) => Math.Abs(r[0] - i)).Average();
            Assert.IsTrue(displacement > 10, $"mean displacement {displacement}");
        }

        [TestMethod]
        public void AMinibatchKeepsItsValuesWhenTheNextOneIsMade()
        {
            using var source = Source(rows: 64, buffer: 64);
            using var rng = new torch.Generator(1);
            using var epoch = source.StartEpoch(32, rng);
            using var scope = torch.NewDisposeScope();
            Assert.IsTrue(epoch.TryNext(out var first));
            var before = first.Real.data<float>().ToArray();
            Assert.IsTrue(epoch.TryNext(out var second));
            CollectionAssert.AreEqual(before, first.Real.data<float>().ToArray(), "the staging array is reused; the tensor must be a copy");
            var firstRows = first.Real.select(1, 0).data<float>().ToArray();
            var secondRows = second.Real.select(1, 0).data<float>().ToArray();
            Assert.AreEqual(0, firstRows.Intersect(secondRows).Count(), "two minibatches of one epoch share no row");
        }

        [TestMethod]
        public void SameSeedSameOrder()
        {
            using var source = Source(rows: 300, buffer: 64);
            using var a = new torch.Generator(11);
            using var b = new torch.Generator(11);
            using var c = new torch.Generator(12);
            var orderA = Order(Epoch(source, 32, a));
            CollectionAssert.AreEqual(orderA, Order(Epoch(source, 32, b)));
            CollectionAssert.AreNotEqual(orderA, Order(Epoch(source, 32, c)));
        }

        [TestMethod]
        public void StandardisesWithOffsetAndScale()
        {
            using var source = new StreamingMinibatches(Indexed(8), "Features", new FeatureScaler(new float[] { 1, 1, 7 }, new float[] { 2, 4, 0 }), bufferRows: 8, rows: 8);
            Assert.AreEqual(8L, source.Rows);
            using (var unknown = Source(rows: 8, buffer: 8))
                Assert.IsNull(unknown.Rows, "LoadFromEnumerable does not know its row count");
            using var rng = new torch.Generator(1);
            foreach (var r in Epoch(source, 4, rng).SelectMany(b => b))
            {
                Assert.AreEqual(Size, r.Length, "every value of a row, as the networks see it");
                float i = r[0] * 2 + 1;
                Assert.AreEqual((2 * i + 1 - 1) / 4, r[1], 1e-6);
                Assert.AreEqual(0f, r[2]);
            }
        }

        [TestMethod]
        public void MonitoringRowsAreTheFirstRowsStandardised()
        {
            using var source = new StreamingMinibatches(Indexed(20), "Features", new FeatureScaler(new float[] { 0, 1, 0 }, new float[] { 1, 2, 0 }), bufferRows: 4);
            using var first = source.MonitoringRows(5);
            CollectionAssert.AreEqual(new long[] { 5, Size }, first.shape);
            var values = first.data<float>().ToArray();
            for (int i = 0; i < 5; i++)
            {
                Assert.AreEqual(i, values[i * Size]);
                Assert.AreEqual(i, values[i * Size + 1]);
            }
            using var all = source.MonitoringRows(50);
            Assert.AreEqual(20L, all.shape[0], "no more rows than the data has");
        }

        [TestMethod]
        public void StreamedRowsAreTheInMemoryRowsStandardisedPerSlot()
        {
            // Slots of their own mean and spread, and a constant slot: a wrong statistic for any slot moves that slot's
            // scaled mean off 0 or its spread off 1, and the streamed rows off the in-memory ones.
            var random = new Random(3);
            var rows = Enumerable.Range(0, 3000).Select(_ => new[]
            {
                (float)(5 + TestData.Normal(random)), (float)(-300 + 40 * TestData.Normal(random)), (float)(0.01 + 0.002 * TestData.Normal(random)), 2.5f,
            }).ToArray();
            var ml = new MLContext(seed: 1);
            var data = TestData.Vectors(ml, rows);
            IHost host = ((IHostEnvironment)ml).Register("test");
            using var ch = host.Start("test");
            // 3,000 rows x (4 values + an 8-byte shuffle index) = 72 kB: held in memory under 1 GiB, streamed under 16 kB.
            using var inMemory = TrainingData.Create(host, ch, data, "Features", 4, GanArchitecture.Mlp, null, null, canStream: true, budgetBytes: 1L << 30, default);
            using var streamed = TrainingData.Create(host, ch, data, "Features", 4, GanArchitecture.Mlp, null, null, canStream: true, budgetBytes: 16_000, default);
            Assert.IsInstanceOfType<InMemoryMinibatches>(inMemory.Source);
            Assert.IsInstanceOfType<StreamingMinibatches>(streamed.Source);

            var expected = OneEpochSorted(inMemory.Source, 4);
            var actual = OneEpochSorted(streamed.Source, 4);
            Assert.AreEqual(3000, actual.Length, "every row once");
            for (int i = 0; i < actual.Length; i++)
                for (int j = 0; j < 4; j++)
                    Assert.AreEqual(expected[i][j], actual[i][j], 1e-4, $"row {i}, slot {j}");
            for (int j = 0; j < 3; j++)
            {
                double mean = actual.Average(r => (double)r[j]);
                double std = Math.Sqrt(actual.Average(r => (r[j] - mean) * (r[j] - mean)));
                Assert.AreEqual(0, mean, 1e-4, $"slot {j}'s scaled mean");
                Assert.AreEqual(1, std, 1e-4, $"slot {j}'s scaled spread");
            }
            Assert.IsTrue(actual.All(r => r[3] == 0f), "the constant slot is 0 after scaling");
        }

        // Every row of one epoch (minibatches of 100), ordered by their values so that two shuffles compare row by row.
        private static float[][] OneEpochSorted(MinibatchSource source, int size)
        {
            var rows = new List<float[]>();
            using var rng = new torch.Generator(1);
            using var epoch = source.StartEpoch(100, rng);
            while (true)
            {
                using var scope = torch.NewDisposeScope();
                if (!epoch.TryNext(out var b))
                    break;
                var values = b.Real.data<float>().ToArray();
                for (int r = 0; r < values.Length / size; r++)
                    rows.Add(values.AsSpan(r * size, size).ToArray());
            }
            return rows.OrderBy(r => r[0]).ThenBy(r => r[1]).ToArray();
        }

        [TestMethod]
        public void StatisticsPassMatchesAWholeMatrixComputationInDouble()
        {
            // Large offset, a constant slot and more rows than one chunk, so the chunk merge is exercised.
            var rows = TestData.Gaussian(10_000, 4, mean: 1000, std: 3, seed: 2);
            foreach (var r in rows)
                r[2] = -5;
            var data = TestData.Vectors(new MLContext(seed: 1), rows);
            var moments = FeatureRows.StreamMoments(data, "Features", 4, chunkRows: 999);
            var stats = moments.Standardiser();
            // The reference: libtorch's own mean and population std over the whole matrix at once, in double.
            using var matrix = torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { rows.Length, 4 }).to_type(torch.ScalarType.Float64);
            using var meanTensor = matrix.mean(new long[] { 0 });
            using var stdTensor = matrix.std(0, unbiased: false);
            var mean = meanTensor.data<double>().ToArray();
            var std = stdTensor.data<double>().ToArray();
            Assert.AreEqual(10_000L, moments.Rows);
            foreach (int j in new[] { 0, 1, 3 })
            {
                Assert.AreEqual((float)mean[j], stats.Offset[j], 1e-6 * Math.Abs(mean[j]), $"offset {j}");
                Assert.AreEqual((float)std[j], stats.Scale[j], 1e-5 * std[j], $"scale {j}");
            }
            Assert.AreEqual(-5f, stats.Offset[2]);
            Assert.AreEqual(0f, stats.Scale[2]);
        }

        [TestMethod]
        public void StatisticsPassRefusesNonFiniteValuesAndEmptyData()
        {
            var bad = TestData.Vectors(new MLContext(), new[] { new float[] { 1, 2 }, new float[] { float.NaN, 2 } });
            var nonFinite = Assert.ThrowsExactly<InvalidOperationException>(() => FeatureRows.StreamMoments(bad, "Features", 2));
            StringAssert.Contains(nonFinite.Message, "row 1, slot 0", "the message names the row and slot");
            var empty = TestData.Vectors(new MLContext(), Array.Empty<float[]>());
            Assert.ThrowsExactly<ArgumentException>(() => FeatureRows.StreamMoments(empty, "Features", 2));
        }
    }
}
