using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Data
{
    /// <summary>Cancellation stops a Fit while it reads data and fits statistics, not only between minibatches.</summary>
    [TestClass]
    public sealed class CancellationTests
    {
        private const int Rows = 20_000;

        private sealed class Row
        {
            [VectorType(20)] public float[] Features = new float[20];
            public string Label = "";
        }

        /// <summary>
        /// A view of unknown length over a lazy sequence that counts the rows each pass reads and cancels
        /// <paramref name="cancel"/> when pass <paramref name="cancelInPass"/> reaches row 100.
        /// </summary>
        private static IDataView Data(MLContext ml, CancellationTokenSource cancel, int cancelInPass, List<int> rowsPerPass)
        {
            IEnumerable<Row> Pass()
            {
                rowsPerPass.Add(0);
                int pass = rowsPerPass.Count;
                var rng = new Random(1);
                for (int i = 0; i < Rows; i++)
                {
                    rowsPerPass[pass - 1]++;
                    if (pass == cancelInPass && i == 100)
                        cancel.Cancel();
                    yield return new Row { Features = Enumerable.Range(0, 20).Select(_ => (float)rng.NextDouble()).ToArray(), Label = i % 2 == 0 ? "a" : "b" };
                }
            }
            return ml.Data.LoadFromEnumerable(new Replayable<Row>(Pass));
        }

        private sealed class Replayable<T>(Func<IEnumerable<T>> pass) : IEnumerable<T>
        {
            public IEnumerator<T> GetEnumerator() => pass().GetEnumerator();
            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }

        private static GanEstimator.Options Options(CancellationTokenSource cancel)
        {
            var options = TestData.Tiny(epochs: 1);
            options.CancellationToken = cancel.Token;
            return options;
        }

        [TestMethod]
        public void CancellingWhileTheFeaturesAreReadStopsTheRead()
        {
            var ml = new MLContext(seed: 1);
            using var cancel = new CancellationTokenSource();
            var passes = new List<int>();
            var data = Data(ml, cancel, cancelInPass: 1, passes);
            Assert.ThrowsExactly<OperationCanceledException>(() => ml.Generative().Gan(Options(cancel)).Fit(data));
            Assert.AreEqual(1, passes.Count, "no pass after the cancelled one");
            Assert.IsTrue(passes[0] < Rows, $"the read stopped early ({passes[0]} of {Rows} rows)");
        }

        [TestMethod]
        public void CancellingWhileLabelsAreReadStopsTheRead()
        {
            var ml = new MLContext(seed: 1);
            using var cancel = new CancellationTokenSource();
            var passes = new List<int>();
            var data = Data(ml, cancel, cancelInPass: 1, passes);
            var options = Options(cancel);
            options.LabelColumnName = "Label";
            Assert.ThrowsExactly<OperationCanceledException>(() => ml.Generative().Gan(options).Fit(data));
            Assert.AreEqual(1, passes.Count);
            Assert.IsTrue(passes[0] < Rows, $"the label read stopped early ({passes[0]} of {Rows} rows)");
        }

        [TestMethod]
        public void CancellingWhileStreamingStatisticsAreFittedStopsThatPass()
        {
            // 20,000 rows of 20 floats pass a 1 MiB budget: the in-memory read gives up (pass 1), the statistics pass is pass 2.
            var ml = new MLContext(seed: 1);
            using var cancel = new CancellationTokenSource();
            var passes = new List<int>();
            var data = Data(ml, cancel, cancelInPass: 2, passes);
            var options = Options(cancel);
            options.MemoryBudgetBytes = 1 << 20;
            Assert.ThrowsExactly<OperationCanceledException>(() => ml.Generative().Gan(options).Fit(data));
            Assert.AreEqual(2, passes.Count, "no epoch started");
            Assert.IsTrue(passes[1] < Rows, $"the statistics pass stopped early ({passes[1]} of {Rows} rows)");
        }

        [TestMethod]
        public void MLContextCancelExecutionStopsTheRead()
        {
            var ml = new MLContext(seed: 1);
            using var unused = new CancellationTokenSource();
            var passes = new List<int>();
            var rows = Data(ml, unused, cancelInPass: 0, passes);
            var estimator = ml.Generative().Gan(TestData.Tiny(epochs: 1));
            var cancelling = new CancelAfter(rows, 100, ml);
            Assert.ThrowsExactly<OperationCanceledException>(() => estimator.Fit(cancelling));
            Assert.IsTrue(passes[0] < Rows, $"the read stopped early ({passes[0]} of {Rows} rows)");
        }

        [TestMethod]
        public void CancellingAfterTheLastEpochFreesTheTrainedNetwork()
        {
            // Cancelled from the last epoch's progress report: no minibatch is left to notice it, so the batch-norm
            // pass after training does, after the generation network was handed out of the training state.
            var ml = new MLContext(seed: 1);
            var data = TestData.Vectors(ml, TestData.Gaussian(64, 2, 0, 1, seed: 1));
            using var cancel = new CancellationTokenSource();
            var options = TestData.Tiny(epochs: 2);
            options.CancellationToken = cancel.Token;
            options.Progress = new Synchronous(p => { if (p.Epoch == 2) cancel.Cancel(); });
            using (ml.Generative().Gan(TestData.Tiny(epochs: 2)).Fit(data)) { } // warm-up: lazily made tensors exist
            long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            Assert.ThrowsExactly<OperationCanceledException>(() => ml.Generative().Gan(options).Fit(data));
            Assert.AreEqual(before, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount, "every tensor of the cancelled fit was freed");
        }

        private sealed class Synchronous(Action<GanProgress> report) : IProgress<GanProgress>
        {
            public void Report(GanProgress value) => report(value);
        }

        /// <summary>Calls MLContext.CancelExecution (internal to ML.NET) once the first cursor has moved past a row.</summary>
        private sealed class CancelAfter(IDataView inner, int row, MLContext ml) : IDataView
        {
            public bool CanShuffle => false;
            public DataViewSchema Schema => inner.Schema;
            public long? GetRowCount() => null;
            public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
                new Cursor(inner.GetRowCursor(columnsNeeded), row, ml);
            public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
                new[] { GetRowCursor(columnsNeeded, rand) };

            private sealed class Cursor(DataViewRowCursor inner, int row, MLContext ml) : DataViewRowCursor
            {
                public override DataViewSchema Schema => inner.Schema;
                public override long Position => inner.Position;
                public override long Batch => inner.Batch;
                public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);
                public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);
                public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

                public override bool MoveNext()
                {
                    if (inner.Position == row)
                        ml.CancelExecution();
                    return inner.MoveNext();
                }

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
