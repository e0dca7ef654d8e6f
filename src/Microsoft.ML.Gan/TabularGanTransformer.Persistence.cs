using System.Collections.Generic;
using System.IO;
using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(TabularGanTransformer), null, typeof(SignatureLoadModel),
    TabularGanTransformer.UserName, TabularGanTransformer.LoaderSignature)]

namespace Microsoft.ML.Gan
{
    // Saved with ML.NET's model format (mlContext.Model.Save/Load), as GanTransformer is: ML.NET records the
    // loader signature and this assembly in the model and calls Create when loading it.
    public sealed partial class TabularGanTransformer : ICanSaveModel
    {
        internal const string LoaderSignature = "TabularGanTransformer";
        internal const string UserName = "Tabular GAN Generator";
        internal const string PayloadEntry = "TabularGenerator.bin";

        // 0x00010001 = 1.1, the first format.
        internal const uint FormatVersion = 0x00010001;

        private static VersionInfo GetVersionInfo() => new VersionInfo(
            modelSignature: "TABGANTR",
            verWrittenCur: FormatVersion,
            verReadableCur: FormatVersion,
            verWeCanReadBack: FormatVersion,
            loaderSignature: LoaderSignature,
            loaderAssemblyName: typeof(TabularGanTransformer).Assembly.FullName);

        void ICanSaveModel.Save(ModelSaveContext ctx)
        {
            _host.CheckValue(ctx, nameof(ctx));
            ThrowIfDisposed();
            // Everything that can fail runs before the first byte is written.
            byte[] payload = _model.ToBytes();
            ctx.CheckAtModel();
            ctx.SetVersionInfo(GetVersionInfo());
            ctx.Writer.Write(Seed);
            ctx.Writer.Write(TrainingHistory.Count);
            foreach (var m in TrainingHistory)
                m.Write(ctx.Writer);
            ctx.SaveBinaryStream(PayloadEntry, w => ChecksummedBlob.Write(w, payload));
        }

        private static TabularGanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        {
            Contracts.CheckValue(env, nameof(env));
            env.CheckValue(ctx, nameof(ctx));
            if (ctx.Header.ModelVerReadable > FormatVersion)
                throw new InvalidDataException(
                    $"This tabular GAN model needs a reader of format {ctx.Header.ModelVerReadable >> 16}.{ctx.Header.ModelVerReadable & 0xFFFF}; " +
                    $"this Microsoft.ML.Gan reads {FormatVersion >> 16}.{FormatVersion & 0xFFFF}. Load it with a newer Microsoft.ML.Gan.");
            ctx.CheckAtModel(GetVersionInfo());
            int seed = ctx.Reader.ReadInt32();
            int epochs = ctx.Reader.ReadInt32();
            env.CheckDecode(epochs >= 0 && epochs <= 10_000_000, $"the training history declares {epochs} epochs");
            var history = new List<GanEpochMetrics>(epochs);
            for (int i = 0; i < epochs; i++)
                history.Add(GanEpochMetrics.Read(ctx.Reader));

            string what = $"The tabular GAN model's '{PayloadEntry}' entry";
            byte[]? payload = null;
            if (!ctx.TryLoadBinaryStream(PayloadEntry, r => payload = ChecksummedBlob.Read(r, what)))
                throw new InvalidDataException($"The tabular GAN model has no '{PayloadEntry}' entry: the file is incomplete.");
            return new TabularGanTransformer(env, TableModel.FromBytes(payload!, what), seed, history);
        }
    }
}
