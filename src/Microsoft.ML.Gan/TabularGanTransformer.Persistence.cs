using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Training;
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

        // 1.1: every field in the one checksummed entry. 1.2: each continuous column's numeric encoding (normal scores
        // with their quantiles, or modes); a 1.1 file, all modes, still loads. 1.3: the categories each grouped column keeps
        // (MaxCategories); 1.1 and 1.2 files, no column grouped, still load. 1.4: the privacy guarantee after the history;
        // older files, no guarantee, still load.
        internal const uint FormatVersion = 0x00010004;
        internal const uint GroupsVersion = 0x00010003;
        internal const uint NumericEncodingVersion = 0x00010002;
        private const uint ModesOnlyVersion = 0x00010001;
        private const string ModelKind = "tabular GAN";

        private static VersionInfo GetVersionInfo() => new VersionInfo(
            modelSignature: "TABGANTR",
            verWrittenCur: FormatVersion,
            verReadableCur: FormatVersion,
            verWeCanReadBack: ModesOnlyVersion,
            loaderSignature: LoaderSignature,
            loaderAssemblyName: typeof(TabularGanTransformer).Assembly.FullName);

        void ICanSaveModel.Save(ModelSaveContext ctx)
        {
            _host.CheckValue(ctx, nameof(ctx));
            // Saving reads the generator's native weights: a lease keeps a concurrent Dispose waiting until it is done
            // (and a disposed model throws ObjectDisposedException here).
            using var lease = _core.Lifetime.Enter();
            SavedModelParts.Save(ctx, GetVersionInfo(), PayloadEntry, payload =>
            {
                payload.Write(Seed);
                payload.WriteStringOrNull(LabelColumnName);
                SavedModelParts.WriteHistory(payload, TrainingHistory);
                SavedModelParts.WritePrivacy(payload, Privacy, TrainingHistory.Count);
                TableModelFormat.Write(payload, Model);
            });
        }

        private static TabularGanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        {
            Contracts.CheckValue(env, nameof(env));
            env.CheckValue(ctx, nameof(ctx));
            return SavedModelParts.Load(ctx, GetVersionInfo(), PayloadEntry, ModelKind, (r, written) =>
            {
                int seed = r.ReadInt32();
                string? label = r.ReadBoolean() ? r.ReadString() : null;
                var history = SavedModelParts.ReadHistory(r);
                var privacy = written >= FormatVersion ? SavedModelParts.ReadPrivacy(r, history) : null;
                var model = TableModelFormat.Read(r, numericEncodingStored: written >= NumericEncodingVersion, groupsStored: written >= GroupsVersion);
                return Ownership.Transfer(model, () => new TabularGanTransformer(env, model, seed, label, history, privacy));
            });
        }
    }
}
