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

        // 0x00010001 = 1.1, the first format (seed and history in Model.key, unchecked); 0x00010002 = 1.2, every
        // field in the checksummed entry. 1.2 reads 1.1.
        internal const uint FormatVersion = 0x00010002;
        private const uint Format11 = 0x00010001;
        private const string ModelKind = "tabular GAN";

        private static VersionInfo GetVersionInfo() => new VersionInfo(
            modelSignature: "TABGANTR",
            verWrittenCur: FormatVersion,
            verReadableCur: FormatVersion,
            verWeCanReadBack: Format11,
            loaderSignature: LoaderSignature,
            loaderAssemblyName: typeof(TabularGanTransformer).Assembly.FullName);

        void ICanSaveModel.Save(ModelSaveContext ctx)
        {
            _host.CheckValue(ctx, nameof(ctx));
            // Saving reads the generator's native weights: a lease keeps a concurrent Dispose waiting until it is done
            // (and a disposed model throws ObjectDisposedException here).
            using var lease = _lifetime.Enter();
            // Everything that can fail runs before the first byte is written.
            using var payload = new PayloadWriter();
            payload.Write(Seed);
            SavedModelParts.WriteHistory(payload, TrainingHistory);
            _model.Write(payload);
            ctx.CheckAtModel();
            ctx.SetVersionInfo(GetVersionInfo());
            SavedModelParts.SavePayload(ctx, PayloadEntry, payload.ToArray());
        }

        private static TabularGanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        {
            Contracts.CheckValue(env, nameof(env));
            env.CheckValue(ctx, nameof(ctx));
            SavedModelParts.CheckReadable(ctx, FormatVersion, ModelKind);
            ctx.CheckAtModel(GetVersionInfo());
            if (ctx.Header.ModelVerWritten == Format11)
            {
                var key = SavedModelParts.LoadKeyFields(ctx, ModelKind);
                int legacySeed = key.ReadInt32();
                var legacyHistory = SavedModelParts.ReadHistory(key);
                key.ExpectEnd();
                var legacy = SavedModelParts.LoadPayload(ctx, PayloadEntry, ModelKind);
                return new TabularGanTransformer(env, TableModel.Read(legacy), legacySeed, legacyHistory);
            }
            var r = SavedModelParts.LoadPayload(ctx, PayloadEntry, ModelKind);
            int seed = r.ReadInt32();
            var history = SavedModelParts.ReadHistory(r);
            return new TabularGanTransformer(env, TableModel.Read(r), seed, history);
        }
    }
}
