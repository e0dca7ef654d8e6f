using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.ML.Runtime;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests
{
    /// <summary>
    /// Files in the earlier formats (GAN 1.1 and 1.2, tabular GAN 1.1), written here the way those versions wrote
    /// them, still load and generate the same rows.
    /// </summary>
    [TestClass]
    public sealed class LegacyFormatTests
    {
        [TestMethod]
        [DataRow(0x00010001u, DisplayName = "format 1.1")]
        [DataRow(0x00010002u, DisplayName = "format 1.2")]
        public void OlderGanFilesLoadAndGenerateTheSameRows(uint version)
        {
            var ml = new MLContext(1);
            var data = TestData.Vectors(ml, TestData.Gaussian(64, 3, 0, 1, 1));
            using var gan = ml.Generative().Gan(TestData.Tiny(epochs: 2)).Fit(data);
            var file = ModelFiles.Save(ml, new OldFormat(w => WriteGan(w, gan, version)), data.Schema);

            using var loaded = (GanTransformer)ModelFiles.Load(file);
            Assert.AreEqual(ModelFiles.Rows(gan.Generate(50, 4), 50), ModelFiles.Rows(loaded.Generate(50, 4), 50));
            Assert.AreEqual(gan.Seed, loaded.Seed);
            Assert.AreEqual(gan.LatentColumnName, loaded.LatentColumnName);
            Assert.AreEqual(gan.TrainingHistory[1].GeneratorLoss, loaded.TrainingHistory[1].GeneratorLoss);
        }

        [TestMethod]
        public void OlderTabularGanFilesLoadAndGenerateTheSameRows()
        {
            var ml = new MLContext(1);
            var data = ml.Data.Cache(TableTestData.Mixed(ml, 200));
            using var tabular = ml.Generative().TabularGan(ModelFiles.SmallestTabular()).Fit(data);
            var file = ModelFiles.Save(ml, new OldFormat(ctx =>
            {
                ctx.SetVersionInfo(new VersionInfo("TABGANTR", 0x00010001, 0x00010001, 0x00010001,
                    loaderSignature: TabularGanTransformer.LoaderSignature, loaderAssemblyName: typeof(TabularGanTransformer).Assembly.FullName));
                ctx.Writer.Write(tabular.Seed);
                WriteHistory(ctx.Writer, tabular.TrainingHistory);
                using var payload = new PayloadWriter();
                tabular.Model.Write(payload);
                ctx.SaveBinaryStream(TabularGanTransformer.PayloadEntry, w => ChecksummedBlob.Write(w, payload.ToArray()));
            }), data.Schema);

            using var loaded = (TabularGanTransformer)ModelFiles.Load(file);
            Assert.AreEqual(ModelFiles.Rows(tabular.Generate(50, 4), 50), ModelFiles.Rows(loaded.Generate(50, 4), 50));
            Assert.AreEqual(tabular.Seed, loaded.Seed);
        }

        // GanTransformer's Save in formats 1.1 and 1.2: names, seed and history in Model.key; the generator checksummed.
        private static void WriteGan(ModelSaveContext ctx, GanTransformer gan, uint version)
        {
            ctx.SetVersionInfo(new VersionInfo("GANGENRT", version, version, 0x00010001,
                loaderSignature: GanTransformer.LoaderSignature, loaderAssemblyName: typeof(GanTransformer).Assembly.FullName));
            ctx.SaveNonEmptyString(gan.FeatureColumnName);
            ctx.SaveNonEmptyString(gan.OutputColumnName);
            ctx.SaveNonEmptyString(gan.LatentColumnName);
            ctx.SaveStringOrNull(gan.LabelColumnName);
            ctx.Writer.Write(gan.Seed);
            WriteHistory(ctx.Writer, gan.TrainingHistory);
            using var payload = new PayloadWriter();
            if (version == 0x00010002)
            {
                gan.Model.Write(payload);
            }
            else
            {
                // 1.1: 0 (unconditional MLP), latent size, hidden widths, output dimensions, scaler, weights.
                var model = gan.Model;
                payload.Write(0);
                payload.Write(model.LatentDimension);
                payload.WriteInts(((MlpSpec)model.Spec).GeneratorHidden);
                payload.WriteInts(model.OutputType.Dimensions.ToArray());
                payload.WriteFloats(model.Scaler.Offset);
                payload.WriteFloats(model.Scaler.Scale);
                payload.WriteBlock(ModuleBytes.Save(model.Network));
            }
            ctx.SaveBinaryStream(GanTransformer.WeightsEntry, w => ChecksummedBlob.Write(w, payload.ToArray()));
        }

        // Older formats kept the history in ML.NET's Model.key entry: the same bytes, outside any checksum.
        private static void WriteHistory(BinaryWriter w, IReadOnlyList<GanEpochMetrics> history)
        {
            using var payload = new PayloadWriter();
            SavedModelParts.WriteHistory(payload, history);
            w.Write(payload.ToArray());
        }

        /// <summary>Saves through a given writer, so that ML.NET's Model.Save writes a file as an older version did.</summary>
        private sealed class OldFormat : ITransformer
        {
            private readonly Action<ModelSaveContext> _save;

            public OldFormat(Action<ModelSaveContext> save) => _save = save;

            public bool IsRowToRowMapper => false;

            public void Save(ModelSaveContext ctx)
            {
                ctx.CheckAtModel();
                _save(ctx);
            }

            public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => throw new NotSupportedException();
            public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();
            public IDataView Transform(IDataView input) => throw new NotSupportedException();
        }
    }
}
