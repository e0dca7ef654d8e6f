using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Persistence
{
    /// <summary>
    /// Files whose checksum is valid but whose declared sizes or statistics are not: each is refused with an
    /// InvalidDataException before anything of the declared size is allocated.
    /// </summary>
    [TestClass]
    public sealed class HostileModelFileTests
    {
        // Managed bytes a refusal may allocate: the file itself is a few tens of kilobytes.
        private const long AllocationLimit = 32L << 20;

        private static MLContext _ml = null!;
        private static IDataView _vectors = null!;
        private static IDataView _table = null!;
        private static byte[] _gan = null!;
        private static byte[] _tabular = null!;

        [ClassInitialize]
        public static void Train(TestContext _)
        {
            _ml = new MLContext(1);
            _vectors = TestData.Vectors(_ml, TestData.Gaussian(64, 3, 0, 1, 1));
            using (var gan = _ml.Generative().Gan(TestData.Tiny(epochs: 1)).Fit(_vectors))
                _gan = ModelFiles.Save(_ml, gan, _vectors.Schema);
            _table = _ml.Data.Cache(TableTestData.Mixed(_ml, 200));
            using (var tabular = _ml.Generative().TabularGan(ModelFiles.SmallestTabular()).Fit(_table))
                _tabular = ModelFiles.Save(_ml, tabular, _table.Schema);
        }

        [TestMethod]
        [DataRow("latent", 65536, "bytes of weights, but stores")]
        [DataRow("first hidden width", 1 << 20, "bytes of weights, but stores")]
        [DataRow("features", 1 << 20, "inconsistent shapes")]
        [DataRow("hidden count", 64, "damaged")]
        [DataRow("offset count", int.MaxValue, "declares 2147483647 scaler offsets")]
        public void GanWithHostileSizesIsRefusedWithoutAllocatingThem(string field, int value, string expected)
        {
            var file = ModelFiles.ReplacePayload(_gan, GanTransformer.WeightsEntry, payload =>
            {
                int model = DamagedModelTests.ModelStart(payload);
                int at = field switch
                {
                    "latent" => model + 4,
                    "features" => model + 12,
                    "hidden count" => model + 16,
                    "first hidden width" => model + 20,
                    "offset count" => model + 24 + 4 + 4 * BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(model + 24)),
                    _ => throw new ArgumentOutOfRangeException(nameof(field)),
                };
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(at), value);
                return payload;
            });
            StringAssert.Contains(Refusal(file).Message, expected);
        }

        [TestMethod]
        [DataRow("latent", 65536, "bytes of weights, but stores")]
        [DataRow("first hidden width", 1 << 20, "bytes of weights, but stores")]
        [DataRow("column count", int.MaxValue, "declares 2147483647 columns")]
        [DataRow("hidden count", 1 << 30, "declares 1073741824 layer sizes")]
        public void TabularGanWithHostileSizesIsRefusedWithoutAllocatingThem(string field, int value, string expected)
        {
            var file = ModelFiles.ReplacePayload(_tabular, TabularGanTransformer.PayloadEntry, payload =>
            {
                int table = TableStart(payload);
                int at = field switch
                {
                    "latent" => table,
                    "hidden count" => table + 12,
                    "first hidden width" => table + 16,
                    "column count" => table + 16 + 4 * BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(table + 12)),
                    _ => throw new ArgumentOutOfRangeException(nameof(field)),
                };
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(at), value);
                return payload;
            });
            StringAssert.Contains(Refusal(file).Message, expected);
        }

        /// <summary>
        /// A DCGAN of 64 x 64 images with 500 generator maps holds about 673 MB of weights, most of it in the transposed
        /// convolutions between the projection and the image. The file stores 288,000 bytes of zeros instead (a few
        /// kilobytes once zipped): it is refused before any network is built.
        /// </summary>
        [TestMethod]
        public void DcganDeclaringFarMoreWeightsThanItStoresIsRefusedBeforeBuildingIt()
        {
            var spec = new DcganSpec(1, 0, new ImageShape(1, 64, 64), 500, 1);
            Assert.IsTrue(spec.GeneratorStateBytes() > 600L << 20, $"the declared network holds {spec.GeneratorStateBytes()} bytes");
            var file = ModelFiles.ReplacePayload(_gan, GanTransformer.WeightsEntry, payload =>
            {
                using var w = new PayloadWriter();
                spec.Write(w);
                w.WriteInts(new[] { 1, 64, 64 });
                w.WriteFloats(new float[spec.FeatureSize]);
                w.WriteFloats(Enumerable.Repeat(1f, spec.FeatureSize).ToArray());
                w.Write(false);
                w.WriteBlock(OneTensor(72_000));
                return payload.AsSpan(0, DamagedModelTests.ModelStart(payload)).ToArray().Concat(w.ToArray()).ToArray();
            });
            Assert.IsTrue(file.Length < 64 << 10, $"the file is {file.Length} bytes");

            var probe = MemoryProbe.Start();
            var refusal = Refusal(file);
            probe.AssertBelow(100L << 20, "refusing the file");
            StringAssert.Contains(refusal.Message, $"of {spec.GeneratorStateBytes()} bytes of weights, but stores 288000");
        }

        /// <summary>
        /// Entries that hold what they declare (a valid checksum over 256 MB of zeros, under a megabyte once zipped) but more
        /// than their parts can need: a weights block far larger than the declared network's state, or bytes after the
        /// model's last part. Each is refused from the entry's first bytes, before the rest is read.
        /// </summary>
        [TestMethod]
        [DataRow("weights block", "but what it describes needs at most")]
        [DataRow("trailing bytes", "but its parts take")]
        public void EntryLargerThanItsPartsCanNeedIsRefusedBeforeItIsRead(string where, string expected)
        {
            const int Inflated = 256 << 20;
            var file = ModelFiles.ReplacePayload(_gan, GanTransformer.WeightsEntry, payload =>
            {
                if (where == "trailing bytes")
                    return [.. payload, .. new byte[Inflated]];
                // The weights block is the payload's last part: its length, then its bytes.
                int at = DamagedModelTests.FieldOffset(payload, "weights length");
                Assert.AreEqual(payload.Length - at - 4, BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(at)), "the weights end the payload");
                var inflated = payload.AsSpan(0, at + 4).ToArray();
                BinaryPrimitives.WriteInt32LittleEndian(inflated.AsSpan(at), Inflated);
                return [.. inflated, .. new byte[Inflated]];
            });
            Assert.IsTrue(file.Length < 1 << 20, $"the file is {file.Length} bytes");

            var probe = MemoryProbe.Start();
            var refusal = Refusal(file);
            probe.AssertBelow(100L << 20, $"refusing the entry with inflated {where}");
            StringAssert.Contains(refusal.Message, expected);
        }

        /// <summary>
        /// A table of 2,000 categorical columns, one of them with 50,000 categories, and a 64-unit generator: generation's
        /// [columns, largest category count] frequency table alone would take 400 MB, and the generator it declares far
        /// more than the file stores. The file (a few hundred kilobytes zipped) is refused before either is built.
        /// </summary>
        [TestMethod]
        public void TableDeclaringAHugeConditionLayoutIsRefusedBeforeBuildingIt()
        {
            const int Columns = 2000, Categories = 50_000;
            var file = ModelFiles.ReplacePayload(_tabular, TabularGanTransformer.PayloadEntry, _ =>
            {
                using var w = new PayloadWriter();
                w.Write(1);                           // seed
                w.Write(false);                       // no label column
                w.Write(0);                           // no training history
                w.Write(false);                       // not differentially private
                w.Write(16);                          // latent
                w.Write(0.2);                         // temperature
                w.WriteInts(new[] { 64 });            // hidden widths
                w.Write(Columns);
                var names = new string[Columns];
                for (int c = 0; c < Columns; c++)
                {
                    names[c] = $"c{c}";
                    var column = new TableColumn(names[c], c, Microsoft.ML.Data.TextDataViewType.Instance, ColumnKind.Categorical);
                    int k = c == 0 ? Categories : 1;
                    var values = Enumerable.Range(0, k).Select(i => (object)i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                    TableModelFormat.WriteColumn(w, column);
                    TableModelFormat.WriteCategories(w, column, new CategorySet(names[c], values, values.Select(v => (string)v).ToArray(), -1),
                        Enumerable.Repeat(1, k).ToArray());
                }
                ConstraintPlanFormat.Write(w, ConstraintPlan.None(names));
                w.WriteBlock(OneTensor(1000));
                return w.ToArray();
            });
            Assert.IsTrue(file.Length < 2 << 20, $"the file is {file.Length} bytes");

            var probe = MemoryProbe.Start();
            var refusal = Refusal(file);
            probe.AssertBelow(100L << 20, "refusing the table");
            StringAssert.Contains(refusal.Message, "bytes of weights, but stores 4000");
        }

        // A TorchSharp module state of one Float32 tensor of zeros.
        private static byte[] OneTensor(int elements)
        {
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            {
                w.Write7BitEncodedInt64(1);
                w.Write("weight");
                w.Write7BitEncodedInt64(6);
                w.Write7BitEncodedInt64(1);
                w.Write7BitEncodedInt64(elements);
                w.Write(new byte[4 * elements]);
            }
            return stream.ToArray();
        }

        [TestMethod]
        public void TabularGanWithNonFiniteTemperatureIsRefused()
        {
            var file = ModelFiles.ReplacePayload(_tabular, TabularGanTransformer.PayloadEntry, payload =>
            {
                BinaryPrimitives.WriteDoubleLittleEndian(payload.AsSpan(TableStart(payload) + 4), double.NaN);
                return payload;
            });
            StringAssert.Contains(Refusal(file).Message, "temperature NaN");
        }

        /// <summary>Statistics are changed in the model before it is saved, so the file is consistent and checksummed.</summary>
        [TestMethod]
        public void NonFiniteScalerIsRefusedAtLoad()
        {
            using var gan = _ml.Generative().Gan(TestData.Tiny(epochs: 1)).Fit(_vectors);
            ((Microsoft.ML.Gan.Generation.VectorDecoder)gan.Model.Decoder).Scaler.Offset[1] = float.PositiveInfinity;
            StringAssert.Contains(Refusal(ModelFiles.Save(_ml, gan, _vectors.Schema)).Message, "non-finite offset");
        }

        [TestMethod]
        public void NonFiniteModeStatisticsAndAllZeroCategoryCountsAreRefusedAtLoad()
        {
            using var tabular = _ml.Generative().TabularGan(ModelFiles.SmallestTabular()).Fit(_table);
            var normalizer = tabular.Table().Encoding.Columns.First(c => c.Normalizer is not null).Normalizer!;
            double mean = normalizer.Modes.Means[0];
            normalizer.Modes.Means[0] = double.NaN;
            StringAssert.Contains(Refusal(ModelFiles.Save(_ml, tabular, _table.Schema)).Message, $"column '{normalizer.Column}''s mode mean is NaN");
            normalizer.Modes.Means[0] = mean;

            var counts = tabular.Table().Conditions.Counts[0];
            Array.Clear(counts);
            StringAssert.Contains(Refusal(ModelFiles.Save(_ml, tabular, _table.Schema)).Message, "has no training rows in any of its");
        }

        [TestMethod]
        public void ClassFrequenciesMustBeFiniteAndNotAllZero()
        {
            foreach (var frequencies in new[] { new[] { 0f, 0f }, new[] { 0.5f, float.NaN }, new[] { 1f, float.PositiveInfinity }, new[] { -1f, 2f } })
            {
                using var w = new PayloadWriter();
                new ClassLabels(new[] { "a", "b" }, frequencies).Write(w);
                var ex = Assert.Throws<InvalidDataException>(() => ClassLabels.Read(new PayloadReader(w.ToArray(), "classes")));
                StringAssert.Contains(ex.Message, "class frequencies");
            }
        }

        [TestMethod]
        [DataRow(new byte[] { 1, 1, (byte)'w', 6, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "declares rank", DisplayName = "rank 2^32 - 1")]
        [DataRow(new byte[] { 1, 1, (byte)'w', 6, 2, 0xFF, 0xFF, 0xFF, 0x7F, 1 }, "more than the", DisplayName = "a dimension of 2^28")]
        [DataRow(new byte[] { 0xFF, 0xFF, 0x7F }, "declares 2097151 tensors", DisplayName = "2^21 tensors")]
        [DataRow(new byte[] { 1, 1, (byte)'w', 6, 1, 2, 0, 0, 0 }, "declares 2 elements of 4 bytes, 3 bytes remain", DisplayName = "elements cut short")]
        [DataRow(new byte[] { 1, 1, (byte)'w', 9, 0 }, "element type code 9", DisplayName = "unknown element type")]
        public void TorchSharpWeightsAreWalkedBeforeTorchSharpReadsThem(byte[] weights, string expected)
        {
            var ex = Assert.Throws<InvalidDataException>(() => ModuleBytes.CountElements(weights, "weights"));
            StringAssert.Contains(ex.Message, expected);
        }

        private static int TableStart(byte[] payload)
        {
            var r = new PayloadReader(payload, "payload");
            r.ReadInt32();
            if (r.ReadBoolean())
                r.ReadString();
            SavedModelParts.ReadPrivacy(r, SavedModelParts.ReadHistory(r));
            return payload.Length - r.Remaining;
        }

        /// <summary>Loads the file, expecting an InvalidDataException from the transformer's loader; checks what it allocated.</summary>
        private static InvalidDataException Refusal(byte[] file)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var ex = Assert.Throws<TargetInvocationException>(() => ModelFiles.Load(file));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.IsInstanceOfType<InvalidDataException>(ex.InnerException, ex.ToString());
            Assert.IsTrue(allocated < AllocationLimit, $"refusing allocated {allocated} managed bytes");
            return (InvalidDataException)ex.InnerException!;
        }
    }
}
