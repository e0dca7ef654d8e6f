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
            SavedModelParts.WriteHistory(ctx.Writer, TrainingHistory);
            SavedModelParts.SavePayload(ctx, PayloadEntry, payload);
        }

        private static TabularGanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        {
            Contracts.CheckValue(env, nameof(env));
            env.CheckValue(ctx, nameof(ctx));
            SavedModelParts.CheckReadable(ctx, FormatVersion, "tabular GAN");
            ctx.CheckAtModel(GetVersionInfo());
            int seed = ctx.Reader.ReadInt32();
            var history = SavedModelParts.ReadHistory(env, ctx.Reader);
            var (payload, what) = SavedModelParts.LoadPayload(ctx, PayloadEntry, "tabular GAN");
            return new TabularGanTransformer(env, TableModel.FromBytes(payload, what), seed, history);
        }
    }
}
