using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Generation
{
    /// <summary>A disposed transformer's views throw <see cref="ObjectDisposedException"/>; they never run freed native modules.</summary>
    [TestClass]
    public sealed class DisposalTests
    {
        private static GanTransformer Train(MLContext ml) =>
            ml.Generative().Gan(TestData.Tiny(epochs: 1)).Fit(TestData.Vectors(ml, TestData.Gaussian(64, 2, 0, 1, seed: 1)));

        private static long ReadAll(IDataView view, string column)
        {
            var col = view.Schema[column];
            using var cursor = view.GetRowCursor(new[] { col });
            var getter = cursor.GetGetter<VBuffer<float>>(col);
            VBuffer<float> value = default;
            long rows = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                rows++;
            }
            return rows;
        }

        [TestMethod]
        public void ViewsMadeBeforeDisposeThrowObjectDisposedWhenReadAfterIt()
        {
            var ml = new MLContext(seed: 1);
            var model = Train(ml);
            var generated = model.Generate(500);
            var fromLatent = model.GenerateFromLatent(model.SampleLatent(10, seed: 2));
            Assert.AreEqual(500L, ReadAll(generated, "Generated"), "readable while the model lives");
            model.Dispose();

            Assert.ThrowsExactly<ObjectDisposedException>(() => ReadAll(generated, "Generated"));
            Assert.ThrowsExactly<ObjectDisposedException>(() => ReadAll(fromLatent, "Generated"));
            Assert.ThrowsExactly<ObjectDisposedException>(() => model.Generate(10));
            model.Dispose(); // twice is harmless
        }

        [TestMethod]
        public void DisposeRacingARunningCursorEndsItWithObjectDisposed()
        {
            var ml = new MLContext(seed: 1);
            for (int round = 0; round < 5; round++)
            {
                var model = Train(ml);
                var view = model.Generate(10_000_000);
                long read = 0;
                using var started = new ManualResetEventSlim();
                var reader = Task.Run(() =>
                {
                    var col = view.Schema["Generated"];
                    using var cursor = view.GetRowCursor(new[] { col });
                    var getter = cursor.GetGetter<VBuffer<float>>(col);
                    VBuffer<float> value = default;
                    while (cursor.MoveNext())
                    {
                        getter(ref value);
                        if (++read == 1000)
                            started.Set();
                    }
                });
                started.Wait();
                model.Dispose();
                var ex = Assert.ThrowsExactly<AggregateException>(() => reader.Wait());
                Assert.IsInstanceOfType<ObjectDisposedException>(ex.InnerException, $"round {round}: {ex.InnerException}");
                Assert.IsTrue(Interlocked.Read(ref read) < 10_000_000, "the cursor stopped");
            }
        }

        [TestMethod]
        public void DisposeRacingSavesWaitsForThemOrRefusesThem()
        {
            var ml = new MLContext(seed: 1);
            using var reference = Train(ml);
            var expected = ReadGenerated(ml, reference);
            for (int round = 0; round < 5; round++)
            {
                var model = Train(ml);
                using var started = new ManualResetEventSlim();
                var saved = new System.Collections.Concurrent.ConcurrentBag<byte[]>();
                var savers = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
                {
                    for (int i = 0; ; i++)
                    {
                        var stream = new MemoryStream();
                        try
                        {
                            ml.Model.Save(model, null, stream);
                        }
                        catch (ObjectDisposedException)
                        {
                            return;
                        }
                        saved.Add(stream.ToArray());
                        if (i == 1)
                            started.Set();
                    }
                })));
                started.Wait();
                model.Dispose();
                savers.Wait();   // every saver ends with ObjectDisposedException, none with a native fault
                Assert.IsTrue(saved.Count >= 2, $"round {round}: saves ran before Dispose");
                // Every save that finished wrote a whole model: the last one loads and generates the reference's rows.
                var last = saved.First();
                using var loaded = (GanTransformer)ml.Model.Load(new MemoryStream(last), out _);
                CollectionAssert.AreEqual(expected, ReadGenerated(ml, loaded), $"round {round}");
            }
        }

        // The first rows generated with seed 3, flattened.
        private static float[] ReadGenerated(MLContext ml, GanTransformer model) =>
            ml.Data.CreateEnumerable<GeneratedRow>(model.Generate(20, seed: 3), reuseRowObject: false).SelectMany(r => r.Generated).ToArray();

        private sealed class GeneratedRow
        {
            [VectorType(2)] public float[] Generated = Array.Empty<float>();
        }

        [TestMethod]
        public void TabularViewsNotYetReadThrowObjectDisposedAfterDispose()
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 200));
            var model = ml.Generative().TabularGan(new TabularGanEstimator.Options
            {
                Columns = new[] { "Income", "City" }, Epochs = 1, BatchSize = 100, LatentDimension = 8,
                GeneratorHiddenLayers = new[] { 16 }, DiscriminatorHiddenLayers = new[] { 16 }, Seed = 1,
            }).Fit(data);
            var view = model.Generate(50);
            model.Dispose();
            Assert.ThrowsExactly<ObjectDisposedException>(() => view.GetRowCursor(view.Schema).MoveNext());
            Assert.ThrowsExactly<ObjectDisposedException>(() => model.Generate(10));
        }
    }
}
