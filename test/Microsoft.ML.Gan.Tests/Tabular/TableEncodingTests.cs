using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    [TestClass]
    public sealed class TableEncodingTests
    {
        [TestMethod]
        public void SpansTileTheRowInColumnOrder()
        {
            var table = TableTestData.Read(TableTestData.Mixed(new MLContext(1), 500));
            var encoding = TableEncoding.Fit(table, seed: 1);
            int next = 0;
            foreach (var span in encoding.Spans)
            {
                Assert.AreEqual(next, span.Start);
                next = span.End;
            }
            Assert.AreEqual(encoding.Width, next);
            Assert.AreEqual(encoding.Columns.Sum(c => c.Width), encoding.Width);
            Assert.AreEqual(0, encoding.Columns.Single(c => c.Column.Name == "Constant").Width, "a constant column takes no room");
            // Discrete spans: Member (2), City (5 with missing), CityKey (5), in column order.
            CollectionAssert.AreEqual(new[] { 2, 5, 5 }, encoding.DiscreteSpans.Select(s => s.Length).ToArray());
            Assert.AreEqual(encoding.Columns.Single(c => c.Column.Name == "City").Start, encoding.DiscreteSpans[1].Start);
            Assert.AreEqual(SpanKind.Tanh, encoding.Spans[0].Kind);
        }

        [TestMethod]
        public void EncodedRowsHaveOneHotGroups()
        {
            var table = TableTestData.Read(TableTestData.Mixed(new MLContext(1), 300));
            var encoding = TableEncoding.Fit(table, seed: 1);
            var encoded = encoding.Encode(table, new Random(1));
            Assert.AreEqual(300 * encoding.Width, encoded.Length);
            for (int r = 0; r < 300; r++)
            {
                foreach (var span in encoding.Spans.Where(s => s.Kind == SpanKind.Softmax))
                    Assert.AreEqual(1f, encoded.AsSpan(r * encoding.Width + span.Start, span.Length).ToArray().Sum(), $"row {r} span {span}");
            }
            using var tensor = encoding.EncodeTensor(table, new Random(1));
            CollectionAssert.AreEqual(new long[] { 300, encoding.Width }, tensor.shape);
        }

        [TestMethod]
        public void RoundTripGivesTheSameColumnsTypesAndValues()
        {
            var ml = new MLContext(1);
            var view = TableTestData.Mixed(ml, 400);
            var table = TableTestData.Read(view);
            var encoding = TableEncoding.Fit(table, seed: 1);
            var back = TableTestData.View(encoding.Decode(encoding.Encode(table, new Random(3)), table.Rows));

            Assert.AreEqual(view.Schema.Count, back.Schema.Count);
            for (int i = 0; i < view.Schema.Count; i++)
            {
                Assert.AreEqual(view.Schema[i].Name, back.Schema[i].Name);
                Assert.AreEqual(view.Schema[i].Type, back.Schema[i].Type, view.Schema[i].Name);
            }
            CollectionAssert.AreEqual(TableTestData.Texts(view, "City"), TableTestData.Texts(back, "City"));
            CollectionAssert.AreEqual(TableTestData.Values<bool>(view, "Member"), TableTestData.Values<bool>(back, "Member"));
            CollectionAssert.AreEqual(TableTestData.Values<int>(view, "Age"), TableTestData.Values<int>(back, "Age"));
            CollectionAssert.AreEqual(TableTestData.Values<byte>(view, "Level"), TableTestData.Values<byte>(back, "Level"));
            CollectionAssert.AreEqual(TableTestData.Values<float>(view, "Constant"), TableTestData.Values<float>(back, "Constant"));
            CollectionAssert.AreEqual(TableTestData.Values<uint>(view, "CityKey"), TableTestData.Values<uint>(back, "CityKey"));
            var heights = TableTestData.Values<float>(view, "Height");
            var heightsBack = TableTestData.Values<float>(back, "Height");
            for (int r = 0; r < heights.Length; r++)
            {
                if (float.IsNaN(heights[r]))
                    Assert.IsTrue(float.IsNaN(heightsBack[r]), $"row {r}");
                else
                    Assert.AreEqual(heights[r], heightsBack[r], 0.01f, $"row {r}");
            }

            // The key column keeps its key count and value names.
            var keyType = (KeyDataViewType)back.Schema["CityKey"].Type;
            Assert.AreEqual(((KeyDataViewType)view.Schema["CityKey"].Type).Count, keyType.Count);
            VBuffer<ReadOnlyMemory<char>> names = default, namesBack = default;
            view.Schema["CityKey"].GetKeyValues(ref names);
            back.Schema["CityKey"].GetKeyValues(ref namesBack);
            CollectionAssert.AreEqual(names.DenseValues().Select(m => m.ToString()).ToArray(), namesBack.DenseValues().Select(m => m.ToString()).ToArray());
        }

        [TestMethod]
        public void GeneratedScoresDecodeByArgmax()
        {
            var table = TableTestData.Read(TableTestData.Mixed(new MLContext(1), 200), use: new[] { "City", "Member" });
            var encoding = TableEncoding.Fit(table, seed: 1);
            Assert.AreEqual(7, encoding.Width);
            // Logits, not one-hots: the largest score wins.
            var generated = new float[] { -1, 0.2f, 3, 0, 0.1f, /* Member */ 5, 4 };
            var decoded = encoding.Decode(generated, 1);
            Assert.AreEqual("Oslo", ((CategoricalColumnData)decoded["City"]).Categories.Values[((CategoricalColumnData)decoded["City"]).Codes[0]]);
            Assert.AreEqual(false, ((CategoricalColumnData)decoded["Member"]).Categories.Values[((CategoricalColumnData)decoded["Member"]).Codes[0]]);
            var e = Assert.ThrowsExactly<ArgumentException>(() => encoding.Decode(new float[6], 1));
            StringAssert.Contains(e.Message, "7");
        }

        [TestMethod]
        public void SameSeedSameEncoding()
        {
            var table = TableTestData.Read(TableTestData.Mixed(new MLContext(1), 300));
            var a = TableEncoding.Fit(table, seed: 4).Encode(table, new Random(2));
            var b = TableEncoding.Fit(table, seed: 4).Encode(table, new Random(2));
            CollectionAssert.AreEqual(a, b);
        }
    }
}
