using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Persistence
{
    /// <summary>
    /// The 1.3 table model format: a grouped column's kept categories are saved and give the same rows after loading;
    /// files of the 1.2 layout (no groupings) still load; kept categories that do not fit the column are refused.
    /// </summary>
    [TestClass]
    public sealed class GroupedModelFileTests
    {
        private const uint Version12 = 0x00010002;

        private static MLContext _ml = null!;
        private static IDataView _data = null!;
        private static TabularGanTransformer _grouped = null!;
        private static TabularGanTransformer _whole = null!;

        [ClassInitialize]
        public static void Train(TestContext _)
        {
            _ml = new MLContext(1);
            _data = _ml.Data.Cache(_ml.Data.LoadFromEnumerable(CategoryGroupingTests.SkewedRows()));
            _grouped = _ml.Generative().TabularGan(CategoryGroupingTests.Options(4)).Fit(_data);
            _whole = _ml.Generative().TabularGan(CategoryGroupingTests.Options(null)).Fit(_data);
        }

        [ClassCleanup]
        public static void Release()
        {
            _grouped?.Dispose();
            _whole?.Dispose();
        }

        private static string Rows(ITransformer model, params TableCondition[] conditions) =>
            ModelFiles.Rows(((TabularGanTransformer)model).Generate(1200, seed: 4, conditions), 1200);

        [TestMethod]
        public void AGroupedModelLoadsWithTheSameRows()
        {
            var file = ModelFiles.Save(_ml, _grouped, _data.Schema);
            using var loaded = (TabularGanTransformer)ModelFiles.Load(file);
            Assert.AreEqual(4, loaded.Table().Conditions.Width);
            Assert.AreEqual(Rows(_grouped), Rows(loaded));
            Assert.AreEqual(Rows(_grouped, TableCondition.Equal("Code", "r321")), Rows(loaded, TableCondition.Equal("Code", "r321")));
        }

        [TestMethod]
        public void AVaeGroupedModelLoadsWithTheSameRows()
        {
            var options = new TabularVaeEstimator.Options { Epochs = 1, Seed = 2, MaxCategories = 4, EncoderHiddenLayers = new[] { 16 }, DecoderHiddenLayers = new[] { 16 } };
            using var vae = _ml.Generative().TabularVae(options).Fit(_data);
            using var loaded = (TabularVaeTransformer)ModelFiles.Load(ModelFiles.Save(_ml, vae, _data.Schema));
            Assert.AreEqual(ModelFiles.Rows(vae.Generate(800, seed: 3), 800), ModelFiles.Rows(loaded.Generate(800, seed: 3), 800));
        }

        /// <summary>A file written by 1.2 (its version, its layout: no kept categories after each categorical column) loads.</summary>
        [TestMethod]
        public void AVersion12FileLoads()
        {
            var file = ModelFiles.Save(_ml, _whole, _data.Schema);
            var old = AsVersion12(file, _whole);
            Assert.AreNotEqual(ModelFiles.Unwrap(ModelFiles.ReadEntry(file, Entry(file))).Length,
                ModelFiles.Unwrap(ModelFiles.ReadEntry(old, Entry(old))).Length, "the 1.2 layout is shorter");
            using var loaded = (TabularGanTransformer)ModelFiles.Load(old);
            Assert.AreEqual(Rows(_whole), Rows(loaded));
            Assert.AreEqual(504, loaded.Table().Conditions.Width, "every category learned");
        }

        /// <summary>The 1.2 layout cannot hold a grouping: writing a grouped model in it fails rather than loses it.</summary>
        [TestMethod]
        public void AGroupedModelIsNotWrittenInThe12Layout()
        {
            using var w = new PayloadWriter();
            Assert.Throws<InvalidOperationException>(() => TableModelFormat.Write(w, _grouped.Model, groupsStored: false));
        }

        [TestMethod]
        [DataRow(int.MaxValue, new int[0], "declares 2147483647 kept categories of column 'Code'")]
        [DataRow(3, new int[0], "declares 3 kept categories of column 'Code'")]
        [DataRow(2, new[] { 2, 1 }, "column 'Code' keeps 2 of its 3 categories, which are not distinct ascending")]
        [DataRow(2, new[] { 0, 3 }, "column 'Code' keeps 2 of its 3 categories, which are not distinct ascending")]
        [DataRow(2, new[] { -1, 1 }, "column 'Code' keeps 2 of its 3 categories, which are not distinct ascending")]
        public void KeptCategoriesThatDoNotFitTheColumnAreRefused(int declared, int[] kept, string expected)
        {
            var file = ModelFiles.ReplacePayload(ModelFiles.Save(_ml, _grouped, _data.Schema), TabularGanTransformer.PayloadEntry, _ =>
            {
                using var w = new PayloadWriter();
                w.Write(1);                           // seed
                w.Write(false);                       // no label column
                w.Write(0);                           // no training history
                w.Write(false);                       // not differentially private
                w.Write(16);                          // latent
                w.Write(0.2);                         // temperature
                w.WriteInts(new[] { 16 });            // hidden widths
                w.Write(1);                           // one column
                var column = new TableColumn("Code", 0, Microsoft.ML.Data.TextDataViewType.Instance, ColumnKind.Categorical);
                var labels = new[] { "x", "y", "z" };
                TableModelFormat.WriteColumn(w, column);
                TableModelFormat.WriteCategories(w, column, new CategorySet("Code", labels, labels, -1), new[] { 3, 2, 1 }, groupsStored: false);
                w.Write(declared);
                foreach (int k in kept)
                    w.Write(k);
                ConstraintPlanFormat.Write(w, ConstraintPlan.None(new[] { "Code" }));
                w.WriteBlock(new byte[64]);
                return w.ToArray();
            });
            long before = GC.GetAllocatedBytesForCurrentThread();
            var ex = Assert.Throws<System.Reflection.TargetInvocationException>(() => ModelFiles.Load(file));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.IsInstanceOfType<InvalidDataException>(ex.InnerException, ex.ToString());
            Assert.IsTrue(allocated < 32L << 20, $"refusing allocated {allocated} managed bytes");
            StringAssert.Contains(ex.InnerException!.Message, expected);
        }

        // The same model saved as 1.2 wrote it: the payload without kept categories, and 1.2 in ML.NET's model header.
        private static byte[] AsVersion12(byte[] file, TabularGanTransformer model)
        {
            var payload = ModelFiles.ReplacePayload(file, TabularGanTransformer.PayloadEntry, _ =>
            {
                using var w = new PayloadWriter();
                w.Write(model.Seed);
                w.WriteStringOrNull(model.LabelColumnName);
                SavedModelParts.WriteHistory(w, model.TrainingHistory);
                TableModelFormat.Write(w, model.Model, groupsStored: false);
                return w.ToArray();
            });
            return ModelFiles.ReplaceEntry(payload, "Model.key", key =>
            {
                // ML.NET's ModelHeader: the 8-byte model signature, then ModelVerWritten and ModelVerReadable.
                int at = key.AsSpan().IndexOf("TABGANTR"u8);
                Assert.AreNotEqual(-1, at, "the tabular GAN's header");
                BinaryPrimitives.WriteUInt32LittleEndian(key.AsSpan(at + 8), Version12);
                BinaryPrimitives.WriteUInt32LittleEndian(key.AsSpan(at + 12), Version12);
                return key;
            });
        }

        private static string Entry(byte[] file) => ModelFiles.EntryNames(file).Single(n => n.EndsWith(TabularGanTransformer.PayloadEntry, StringComparison.Ordinal));
    }
}
