using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    [TestClass]
    public sealed class ModeNormalizerTests
    {
        private static ContinuousColumnData Column(double[] values, DataViewType? type = null) =>
            new(new TableColumn("x", 0, type ?? NumberDataViewType.Double, ColumnKind.Continuous), values);

        private static double[] Bimodal(int n, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 1000 + 30 * TableTestData.Normal(rng) : 10 + TableTestData.Normal(rng)).ToArray();
        }

        /// <summary>Capital-gain's shape: 90% exact zeros and a spread tail. Zeros must come back as exactly zero.</summary>
        [TestMethod]
        public void ARepeatedValueIsASpikeAndDecodesExactly()
        {
            var rng = new Random(3);
            var values = Enumerable.Range(0, 4000).Select(i => i % 10 == 0 ? Math.Round(5000 + 3000 * TableTestData.Normal(rng)) : 0.0).ToArray();
            var normalizer = ModeNormalizer.Fit(Column(values), 10, new Random(1));
            int spike = Array.FindIndex(normalizer.Spikes, v => v == 0.0);
            Assert.IsTrue(spike >= 0, $"a spike at 0 among modes [{string.Join(", ", normalizer.Modes.Means)}]");
            Assert.AreEqual(1, normalizer.Spikes.Count(v => !double.IsNaN(v)), "the tail is no spike");
            int width = normalizer.Width;
            var row = new float[width];
            row[0] = 0.9f;                      // any offset: a spike has no width
            row[1 + spike] = 1f;
            var decoded = new double[1];
            normalizer.Decode(row, width, 0, decoded);
            Assert.AreEqual(0.0, decoded[0], "exactly the repeated value");
        }

        [TestMethod]
        public void EncodeThenDecodeGivesTheValuesBack()
        {
            var values = Bimodal(3000, 1);
            var normalizer = ModeNormalizer.Fit(Column(values), 10, new Random(1));
            int width = normalizer.Width;
            Assert.AreEqual(1 + normalizer.Modes.Count, width, "no missing values: no indicator");
            var encoded = new float[values.Length * width];
            normalizer.Encode(values, encoded, width, 0, new Random(2));
            for (int r = 0; r < values.Length; r++)
            {
                var row = encoded.AsSpan(r * width, width);
                Assert.IsTrue(Math.Abs(row[0]) <= ModeNormalizer.OffsetClip, $"alpha {row[0]}");
                Assert.AreEqual(1f, row.Slice(1).ToArray().Sum(), "exactly one mode");
            }
            var decoded = new double[values.Length];
            normalizer.Decode(encoded, width, 0, decoded);
            for (int r = 0; r < values.Length; r++)
                Assert.AreEqual(values[r], decoded[r], 1e-3 * Math.Abs(values[r]) + 1e-3, $"row {r}");
        }

        [TestMethod]
        public void ModeIsDrawnFromThePosterior()
        {
            // A value halfway between two equal, overlapping modes is assigned to both over many encodings.
            var gmm = new GaussianMixture1D(new[] { 0.5, 0.5 }, new[] { -1.0, 1.0 }, new[] { 1.0, 1.0 });
            var normalizer = new ModeNormalizer("x", gmm, -5, 5, false, false);
            var values = Enumerable.Repeat(0.0, 2000).ToArray();
            var encoded = new float[values.Length * 3];
            normalizer.Encode(values, encoded, 3, 0, new Random(4));
            int first = Enumerable.Range(0, values.Length).Count(r => encoded[r * 3 + 1] == 1);
            Assert.AreEqual(1000, first, 100);
        }

        [TestMethod]
        public void DecodedValuesStayInTheTrainingRangeAndIntegersComeBackWhole()
        {
            var values = Enumerable.Range(0, 500).Select(i => (double)(20 + i % 50)).ToArray();
            var normalizer = ModeNormalizer.Fit(Column(values, NumberDataViewType.Int32), 10, new Random(1));
            Assert.IsTrue(normalizer.IsInteger);
            int width = normalizer.Width, k = normalizer.Modes.Count;
            // Generator outputs: extreme offsets on every mode, and soft mode scores.
            var generated = new float[2 * k * width];
            for (int m = 0; m < k; m++)
            {
                for (int s = 0; s < 2; s++)
                {
                    int r = 2 * m + s;
                    generated[r * width] = s == 0 ? -1f : 0.37f;
                    for (int j = 0; j < k; j++)
                        generated[r * width + 1 + j] = j == m ? 0.6f : 0.4f / k;
                }
            }
            var decoded = new double[2 * k];
            normalizer.Decode(generated, width, 0, decoded);
            Assert.IsTrue(decoded.All(v => v >= 20 && v <= 69), string.Join(", ", decoded));
            Assert.IsTrue(decoded.All(v => v == Math.Round(v)), string.Join(", ", decoded));
        }

        [TestMethod]
        public void MissingValuesGetAnIndicatorAndComeBackAsNaN()
        {
            var values = Bimodal(400, 2);
            for (int i = 0; i < values.Length; i += 10) values[i] = double.NaN;
            var normalizer = ModeNormalizer.Fit(Column(values), 10, new Random(1));
            Assert.IsTrue(normalizer.HasMissing);
            int width = normalizer.Width;
            Assert.AreEqual(1 + normalizer.Modes.Count + 2, width);
            var spans = normalizer.Spans(5);
            Assert.AreEqual(3, spans.Count);
            Assert.AreEqual(new OutputSpan(5 + width - 2, 2, SpanKind.Softmax), spans[2]);

            var encoded = new float[values.Length * width];
            normalizer.Encode(values, encoded, width, 0, new Random(2));
            Assert.AreEqual(values.Length / 10, Enumerable.Range(0, values.Length).Count(r => encoded[r * width + width - 1] == 1));
            var decoded = new double[values.Length];
            normalizer.Decode(encoded, width, 0, decoded);
            for (int r = 0; r < values.Length; r++)
                Assert.AreEqual(double.IsNaN(values[r]), double.IsNaN(decoded[r]), $"row {r}");
        }

        [TestMethod]
        public void ConstantColumnEncodesToNothingAndDecodesExactly()
        {
            var values = Enumerable.Repeat(0.1, 50).ToArray();
            var normalizer = ModeNormalizer.Fit(Column(values), 10, new Random(1));
            Assert.AreEqual(0, normalizer.Width);
            Assert.AreEqual(0, normalizer.Spans(0).Count);
            var decoded = new double[3];
            normalizer.Decode(ReadOnlySpan<float>.Empty, 0, 0, decoded);
            CollectionAssert.AreEqual(new[] { 0.1, 0.1, 0.1 }, decoded);
        }
    }
}
