using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Generation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Generation
{
    /// <summary>Generation runs the generator once per block of rows, never once per row, and cursors are independent.</summary>
    [TestClass]
    public sealed class BatchedGenerationTests
    {
        private static readonly MLContext Ml = new(seed: 1);
        private static GanTransformer? _model;

        [ClassInitialize]
        public static void Train(TestContext _) =>
            _model = Ml.Generative().Gan(TestData.Tiny(epochs: 1)).Fit(TestData.Vectors(Ml, TestData.Gaussian(64, 2, 0, 1, 1)));

        [ClassCleanup]
        public static void Dispose() => _model?.Dispose();

        private static GanTransformer Model => _model!;

        [TestMethod]
        public void GenerateRunsOnePassPerGroupOfBlocks()
        {
            int passRows = GeneratorModel.BlocksPerPass * Model.Model.BlockRows;
            float[][] rows = Array.Empty<float[]>();
            long passes = ForwardPasses.During(Model.Model.Network, () => rows = TestData.Column(Model.Generate(2500, seed: 4), "Generated"));
            Assert.AreEqual(2500, rows.Length);
            Assert.AreEqual((2500 + passRows - 1) / passRows, passes);
        }

        [TestMethod]
        public void AFusedPassGivesTheRowsOfItsBlocksOneAtATime()
        {
            // 3 blocks in one pass (the last pass of a 700-row Generate) against each block on its own.
            var fused = Samples(Model.Model.Run(seed: 9, firstBlock: 5, blockCount: 3));
            var single = Enumerable.Range(5, 3).SelectMany(b => Samples(Model.Model.Run(9, b, 1))).ToArray();
            CollectionAssert.AreEqual(single, fused);
            // And Generate's rows are the blocks' rows: row 300 is row 44 of block 1.
            var generated = TestData.Column(Model.Generate(700, seed: 9), "Generated");
            var block1 = Samples(Model.Model.Run(9, 1, 1));
            CollectionAssert.AreEqual(block1.Skip(44 * 2).Take(2).ToArray(), generated[300]);
        }

        private static float[] Samples(DecodedRows rows) =>
            Enumerable.Range(0, rows.Count).SelectMany(r => ((VectorStore)rows.Columns[0]).Row(r).ToArray()).ToArray();

        private sealed class LatentRow
        {
            [VectorType(4)] public float[] Latent = new float[4];
        }

        [TestMethod]
        public void LatentColumnIsReadAheadAndGeneratedOnePassPerBlock()
        {
            var view = Ml.Data.LoadFromEnumerable(Enumerable.Range(0, 600).Select(i => new LatentRow { Latent = new[] { i / 600f, 0, 1, -1 } }));
            float[][] rows = Array.Empty<float[]>();
            long passes = ForwardPasses.During(Model.Model.Network, () => rows = TestData.Column(Model.Transform(view), "Generated"));
            Assert.AreEqual(600, rows.Length);
            Assert.AreEqual(3, passes, "600 rows = 3 blocks of 256");
        }

        [TestMethod]
        public void NoPassRunsWhenTheGeneratedColumnIsNotRead()
        {
            var data = TestData.Vectors(Ml, TestData.Gaussian(500, 2, 0, 1, 2));
            float[][] features = Array.Empty<float[]>();
            long passes = ForwardPasses.During(Model.Model.Network, () => features = TestData.Column(Model.Transform(data), "Features"));
            Assert.AreEqual(500, features.Length);
            Assert.AreEqual(0, passes, "lazy: only the requested columns are computed");
        }

        [TestMethod]
        public void ConcurrentCursorsGiveTheSameRows()
        {
            var expected = TestData.Column(Model.Generate(2000, seed: 6), "Generated");
            var results = new float[4][][];
            Parallel.For(0, results.Length, i => results[i] = TestData.Column(Model.Generate(2000, seed: 6), "Generated"));
            foreach (var r in results)
            {
                Assert.AreEqual(2000, r.Length, "every cursor reads every row");
                TestData.AssertSame(expected, r);
            }
        }

        [TestMethod]
        public void RowSetCursorsCoverEveryRowOnceWithItsValues()
        {
            var view = Model.Generate(700, seed: 2);
            var expected = TestData.Column(view, "Generated");
            var column = view.Schema["Generated"];
            var seen = new SortedDictionary<ulong, float[]>();
            foreach (var c in view.GetRowCursorSet(new[] { column }, n: 4))
            {
                using (c)
                {
                    var id = c.GetIdGetter();
                    var get = c.GetGetter<VBuffer<float>>(column);
                    DataViewRowId rowId = default;
                    VBuffer<float> value = default;
                    while (c.MoveNext())
                    {
                        id(ref rowId);
                        get(ref value);
                        Assert.IsTrue(seen.TryAdd(rowId.Low, value.DenseValues().ToArray()), $"row {rowId.Low} came twice");
                    }
                }
            }
            CollectionAssert.AreEqual(Enumerable.Range(0, 700).Select(i => (ulong)i).ToArray(), seen.Keys.ToArray(), "every row once");
            TestData.AssertSame(expected, seen.Values.ToArray());
        }
    }
}
