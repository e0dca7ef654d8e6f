using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>
    /// A table larger than MemoryBudgetBytes: the statistics pass (<see cref="TableStatistics"/>), the streamed
    /// minibatches (<see cref="TableStreamMinibatches"/>) and TabularGan's Fit through them.
    /// </summary>
    [TestClass]
    public sealed class TableStreamingTests
    {
        // 20,000 rows of these four columns take 24 bytes a row as read (480 kB, within 1 MiB) and 44 more encoded
        // (1.36 MB in all): over a 1 MiB budget, so Fit streams them.
        private static readonly string[] Streamed = { "Income", "Age", "Member", "City" };
        private const int Rows = 20_000;

        private static TabularGanEstimator.Options Options(int epochs, long budget = 1 << 20) => new()
        {
            Columns = Streamed,
            Epochs = epochs,
            BatchSize = 100,
            Packing = 10,
            LatentDimension = 16,
            GeneratorHiddenLayers = new[] { 32, 32 },
            DiscriminatorHiddenLayers = new[] { 32, 32 },
            GeneratorLearningRate = 1e-3f,
            DiscriminatorLearningRate = 1e-3f,
            MemoryBudgetBytes = budget,
            Seed = 1,
        };

        [TestMethod]
        public void StatisticsPassFindsTheWholeTablesCategoriesRangesAndCounts()
        {
            var ml = new MLContext(seed: 1);
            var view = TableTestData.Mixed(ml, 3000);
            var columns = TableColumns.Discover(view.Schema, null, null);
            var whole = TableReader.Read(view, columns);
            var stats = TableStatistics.Compute(view, columns, sampleRows: 500, seed: 1, default);
            Assert.AreEqual(3000L, stats.Rows);
            Assert.AreEqual(500, stats.Sample.Rows);
            Assert.IsNull(stats.HeldOut);
            int d = 0;
            for (int i = 0; i < columns.Count; i++)
            {
                switch (whole.Columns[i])
                {
                    case CategoricalColumnData w:
                        var s = (CategoricalColumnData)stats.Sample.Columns[i];
                        CollectionAssert.AreEqual(w.Categories.Labels.ToArray(), s.Categories.Labels.ToArray(), w.Column.Name);
                        CollectionAssert.AreEqual(w.Categories.Values.ToArray(), s.Categories.Values.ToArray(), w.Column.Name);
                        Assert.AreEqual(w.Categories.MissingIndex, s.Categories.MissingIndex, w.Column.Name);
                        CollectionAssert.AreEqual(w.Counts, stats.CategoryCounts[d++], $"{w.Column.Name}: the whole table's counts");
                        break;
                    case ContinuousColumnData w:
                        var c = (ContinuousColumnData)stats.Sample.Columns[i];
                        Assert.AreEqual((w.Min, w.Max, w.IsInteger, w.HasMissing), (c.Min, c.Max, c.IsInteger, c.HasMissing), w.Column.Name);
                        break;
                }
            }
            // A uniform sample, not the first rows; the same for a seed.
            var firstAges = ((ContinuousColumnData)whole["Age"]).Values.Take(500).ToArray();
            var sampled = ((ContinuousColumnData)stats.Sample["Age"]).Values;
            CollectionAssert.AreNotEqual(firstAges, sampled);
            CollectionAssert.AreEqual(sampled, ((ContinuousColumnData)TableStatistics.Compute(view, columns, 500, 1, default).Sample["Age"]).Values);
        }

        [TestMethod]
        public void TheSampleKeepsARareMissingValueAndRangeItMissed()
        {
            // One missing value and one extreme among 5,000 rows: a sample of 50 rows almost surely misses both, and the
            // encoder fitted on it must still cover them.
            var ml = new MLContext(seed: 1);
            var rows = Enumerable.Range(0, 5000).Select(i => new Single { X = i == 4321 ? float.NaN : i == 17 ? 1e6f : i % 100 + 0.5f }).ToArray();
            var view = ml.Data.LoadFromEnumerable(rows);
            var columns = TableColumns.Discover(view.Schema, null, null);
            var sample = (ContinuousColumnData)TableStatistics.Compute(view, columns, 50, 1, default).Sample["X"];
            Assert.AreEqual(0, sample.MissingCount, "the sample itself has no missing value");
            Assert.IsTrue(sample.HasMissing, "but the column has");
            Assert.AreEqual(1e6, sample.Max);
            Assert.IsFalse(sample.IsInteger);
        }

        [TestMethod]
        public void TheReadInMemoryGivesUpOnceTheEncodedTableCannotFit()
        {
            // 100,000 rows of one 50-way column: 4 bytes a row as read (400 kB, within 1 MiB), 200 more encoded (20 MB).
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 100_000).Select(i => new Keyed { City = $"c{i % 50}" }).ToList());
            var passes = new List<int>();
            var view = new Counting(data, passes, new CancellationTokenSource(), cancelInPass: 0);
            var columns = TableColumns.Discover(view.Schema, new[] { "City" }, null);
            Assert.IsNull(TableReader.Read(view, columns, long.MaxValue, (1 << 20, 1.0, null, null)));
            Assert.IsTrue(passes[0] < 10_000, $"gave up after {passes[0]} rows (the view does not know its count: as soon as the rows read pass), not at the end");
            // Within the budget it reads every row, as without the bound.
            Assert.AreEqual(100_000, TableReader.Read(view, columns, long.MaxValue, (64L << 20, 1.0, null, null))!.Rows);
        }

        [TestMethod]
        public void AnIdentifierLikeColumnIsRefusedWithItsName()
        {
            var ml = new MLContext(seed: 1);
            var view = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 300).Select(i => new Keyed { Id = $"customer-{i}", City = TableTestData.Cities[i % 4] }));
            var columns = TableColumns.Discover(view.Schema, null, null);
            var ex = Assert.ThrowsExactly<ArgumentException>(() => TableStatistics.Compute(view, columns, 100, 1, default, maxCategories: 200));
            StringAssert.Contains(ex.Message, "Column 'Id' has more than 200 distinct values");
            StringAssert.Contains(ex.Message, "identifier");
            Assert.AreEqual(100_000, TableStatistics.MaxCategories);
        }

        [TestMethod]
        public void StreamedMinibatchesPairEachRowWithItsConditionAndCoverASortedTableEvenly()
        {
            // Sorted by X (X = row / rows) and the buffer a tenth of the table: over an epoch, the rows drawn have X's
            // mean and quartiles as the table has, and every real row has the category its condition names.
            const int n = 20_000, batch = 50;
            var ml = new MLContext(seed: 1);
            var view = ml.Data.LoadFromEnumerable(Enumerable.Range(0, n).Select(i => new Sorted { X = (double)i / n, G = "abc"[i * 7 % 3].ToString() }));
            var columns = TableColumns.Discover(view.Schema, null, null);
            var stats = TableStatistics.Compute(view, columns, 2000, 1, default);
            var plan = ConstraintPlan.None(columns.Select(c => c.Name).ToArray());
            var encoding = TableEncoding.Fit(stats.Sample, 1);
            using var conditions = new GenerationConditions(stats.Categories.Zip(stats.CategoryCounts).ToList());
            using var source = new TableStreamMinibatches(view, columns, stats.Categories, plan, encoding, conditions, n / 10, n, 1, default, 1);
            var span = encoding.DiscreteSpans[0];
            var drawn = new List<double>();
            using var epoch = source.StartEpoch(batch, new torch.Generator(5));
            while (true)
            {
                using var scope = torch.NewDisposeScope();
                if (!epoch.TryNext(out var minibatch))
                    break;
                var real = minibatch.Real.data<float>().ToArray();
                var condition = minibatch.Condition!.data<float>().ToArray();
                for (int r = 0; r < batch; r++)
                    Assert.AreEqual(1f, condition[r * 3 + ModeNormalizer.ArgMax(real.AsSpan(r * encoding.Width + span.Start, span.Length))], "the row has its condition's category");
                drawn.AddRange(((ContinuousColumnData)encoding.Decode(real, batch)["X"]).Values);
            }
            Assert.AreEqual(n, drawn.Count, "rows / batch steps");
            Assert.AreEqual(0.5, drawn.Average(), 0.02, "mean of X over the epoch");
            for (int q = 0; q < 4; q++)
                Assert.AreEqual(0.25, drawn.Count(x => x >= q / 4.0 && x < (q + 1) / 4.0) / (double)n, 0.03, $"quarter {q} of the sorted table");
        }

        [TestMethod]
        public void ATableOverTheBudgetIsStreamedAndLearnedAndSavedAsAny()
        {
            var ml = new MLContext(seed: 1);
            var log = new List<string>();
            ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
            var table = ml.Data.LoadFromEnumerable(TableTestData.MixedRows(Rows));
            using var trained = ml.Generative().TabularGan(Options(epochs: 3)).Fit(table);
            Assert.IsTrue(log.Any(m => m.Contains("larger than MemoryBudgetBytes (1048576 bytes)") && m.Contains("Streaming it") && m.Contains($"counted {Rows} training rows")),
                "the channel says the table streams, with its sizes");
            // One step on 100 rows: the same networks barely trained.
            using var untrained = ml.Generative().TabularGan(Options(epochs: 1)).Fit(ml.Data.TakeRows(table, 100));

            var real = TableTestData.MixedRows(Rows);
            double realIncome = real.Average(r => r.Income);
            double realMember = real.Average(r => r.Member ? 1.0 : 0.0);
            var (trainedIncome, trainedMember) = Summary(trained.Generate(4000, seed: 3));
            var (untrainedIncome, untrainedMember) = Summary(untrained.Generate(4000, seed: 3));
            string report = $"income real {realIncome:F0} streamed {trainedIncome:F0} untrained {untrainedIncome:F0}; member real {realMember:F3} streamed {trainedMember:F3} untrained {untrainedMember:F3}";
            Assert.IsTrue(Math.Abs(trainedIncome - realIncome) < Math.Abs(untrainedIncome - realIncome), report);
            Assert.IsTrue(Math.Abs(trainedMember - realMember) < Math.Abs(untrainedMember - realMember), report);

            // Same seed, same rows; the model saves and loads as a model trained in memory does.
            using var again = ml.Generative().TabularGan(Options(epochs: 3)).Fit(table);
            var rows = Lines(trained.Generate(300, seed: 9));
            CollectionAssert.AreEqual(rows, Lines(again.Generate(300, seed: 9)), "same seed, same generated rows");
            string path = Path.Combine(Path.GetTempPath(), $"streamed-{Guid.NewGuid():N}.zip");
            try
            {
                ml.Model.Save(trained, null, path);
                using var loaded = (TabularGanTransformer)ml.Model.Load(path, out _);
                CollectionAssert.AreEqual(rows, Lines(loaded.Generate(300, seed: 9)), "saved and loaded");
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void AStreamedTableHoldsOutRowsByPositionAndScoresThem()
        {
            var ml = new MLContext(seed: 1);
            var log = new List<string>();
            ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
            var options = Options(epochs: 2);
            options.ValidationFraction = 0.2;
            options.ValidationInterval = 1;
            using var model = ml.Generative().TabularGan(options).Fit(ml.Data.LoadFromEnumerable(TableTestData.MixedRows(Rows)));
            var streaming = log.Single(m => m.Contains("Streaming it"));
            long counted = long.Parse(streaming.Split("counted ")[1].Split(' ')[0]);
            Assert.AreEqual(0.8 * Rows, counted, 0.01 * Rows, "about 80% of the rows train");
            var held = new HeldOutRows(0.2, 1);
            Assert.AreEqual(Rows - counted, Enumerable.Range(0, Rows).Count(i => held.Contains(i)), "the rest are the held-out positions");
            Assert.AreEqual(2, log.Count(m => m.Contains(": validation score")), "each epoch scored");
            Assert.IsTrue(log.Any(m => m.Contains("Kept the generator of epoch")));
        }

        [TestMethod]
        public void CancellingTheStatisticsPassStopsIt()
        {
            // Pass 1 reads the table in memory (it fits as read), the encoded size sends it to streaming, pass 2 is the statistics pass.
            var ml = new MLContext(seed: 1);
            using var cancel = new CancellationTokenSource();
            var passes = new List<int>();
            var view = new Counting(ml.Data.LoadFromEnumerable(TableTestData.MixedRows(Rows)), passes, cancel, cancelInPass: 2);
            var options = Options(epochs: 1);
            options.CancellationToken = cancel.Token;
            Assert.ThrowsExactly<OperationCanceledException>(() => ml.Generative().TabularGan(options).Fit(view));
            Assert.AreEqual(2, passes.Count, "no epoch started");
            Assert.IsTrue(passes[1] < Rows, $"the statistics pass stopped early ({passes[1]} of {Rows} rows)");
        }

        private static (double Income, double Member) Summary(IDataView generated)
        {
            var income = generated.GetColumn<double>("Income").ToArray();
            var member = generated.GetColumn<bool>("Member").ToArray();
            return (income.Average(), member.Average(m => m ? 1.0 : 0.0));
        }

        private static string[] Lines(IDataView generated)
        {
            var income = generated.GetColumn<double>("Income").ToArray();
            var age = generated.GetColumn<int>("Age").ToArray();
            var member = generated.GetColumn<bool>("Member").ToArray();
            var city = generated.GetColumn<string>("City").ToArray();
            return Enumerable.Range(0, income.Length).Select(i => $"{income[i]:R},{age[i]},{member[i]},{city[i]}").ToArray();
        }

        private sealed class Single { public float X; }

        private sealed class Keyed { public string Id = ""; public string City = ""; }

        private sealed class Sorted { public double X; public string G = ""; }

        /// <summary>Counts the rows each cursor passes; cancels the token at row 1,000 of the given pass.</summary>
        private sealed class Counting(IDataView inner, List<int> passes, CancellationTokenSource cancel, int cancelInPass) : IDataView
        {
            public bool CanShuffle => false;
            public DataViewSchema Schema => inner.Schema;
            public long? GetRowCount() => null;

            public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
            {
                passes.Add(0);
                return new Cursor(inner.GetRowCursor(columnsNeeded), passes, passes.Count - 1, cancel, cancelInPass);
            }

            public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
                new[] { GetRowCursor(columnsNeeded, rand) };

            private sealed class Cursor(DataViewRowCursor inner, List<int> passes, int pass, CancellationTokenSource cancel, int cancelInPass) : DataViewRowCursor
            {
                public override DataViewSchema Schema => inner.Schema;
                public override long Position => inner.Position;
                public override long Batch => inner.Batch;

                public override bool MoveNext()
                {
                    if (!inner.MoveNext())
                        return false;
                    if (++passes[pass] == 1000 && pass + 1 == cancelInPass)
                        cancel.Cancel();
                    return true;
                }

                public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);
                public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();
                public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

                protected override void Dispose(bool disposing)
                {
                    if (disposing)
                        inner.Dispose();
                    base.Dispose(disposing);
                }
            }
        }
    }
}
