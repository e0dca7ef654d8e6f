using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(TabularVaeTransformer), null, typeof(SignatureLoadModel),
    TabularVaeTransformer.UserName, TabularVaeTransformer.LoaderSignature)]

namespace Microsoft.ML.Gan
{
    // Saved with ML.NET's model format (mlContext.Model.Save/Load) through the same parts as TabularGanTransformer:
    // one checksummed entry holding the seed, the history, the table part and the decoder's weights last.
    public sealed partial class TabularVaeTransformer : ICanSaveModel
    {
        internal const string LoaderSignature = "TabularVaeTransformer";
        internal const string UserName = "Tabular VAE Generator";
        internal const string PayloadEntry = "TabularVae.bin";

        // 1.1: every field in the one checksummed entry. 1.2: each continuous column's numeric encoding (normal scores
        // with their quantiles, or modes); a 1.1 file, all modes, still loads. 1.3: the categories each grouped column keeps
        // (MaxCategories); 1.1 and 1.2 files, no column grouped, still load.
        internal const uint FormatVersion = 0x00010003;
        internal const uint NumericEncodingVersion = 0x00010002;
        private const uint ModesOnlyVersion = 0x00010001;
        private const string ModelKind = "tabular VAE";

        private static VersionInfo GetVersionInfo() => new VersionInfo(
            modelSignature: "TABVAETR",
            verWrittenCur: FormatVersion,
            verReadableCur: FormatVersion,
            verWeCanReadBack: ModesOnlyVersion,
            loaderSignature: LoaderSignature,
            loaderAssemblyName: typeof(TabularVaeTransformer).Assembly.FullName);

        void ICanSaveModel.Save(ModelSaveContext ctx)
        {
            _host.CheckValue(ctx, nameof(ctx));
            // Saving reads the decoder's native weights: a lease keeps a concurrent Dispose waiting until it is done.
            using var lease = _core.Lifetime.Enter();
            SavedModelParts.Save(ctx, GetVersionInfo(), PayloadEntry, payload =>
            {
                payload.Write(Seed);
                payload.Write(TrainingHistory.Count);
                foreach (var epoch in TrainingHistory)
                    epoch.Write(payload);
                TvaeModelFormat.Write(payload, Model);
            });
        }

        private static TabularVaeTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        {
            Contracts.CheckValue(env, nameof(env));
            env.CheckValue(ctx, nameof(ctx));
            return SavedModelParts.Load(ctx, GetVersionInfo(), PayloadEntry, ModelKind, (r, written) =>
            {
                int seed = r.ReadInt32();
                int epochs = r.ReadCount("epochs of training history", VaeEpochMetrics.StoredBytes, 10_000_000);
                var history = new VaeEpochMetrics[epochs];
                for (int i = 0; i < epochs; i++)
                    history[i] = VaeEpochMetrics.Read(r);
                var model = TvaeModelFormat.Read(r, numericEncodingStored: written >= NumericEncodingVersion, groupsStored: written >= FormatVersion);
                return Ownership.Transfer(model, () => new TabularVaeTransformer(env, model, seed, history));
            });
        }
    }
}
