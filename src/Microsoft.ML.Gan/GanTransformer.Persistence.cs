using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(GanTransformer), null, typeof(SignatureLoadModel),
    GanTransformer.UserName, GanTransformer.LoaderSignature)]

namespace Microsoft.ML.Gan
{
    // Saved and loaded with ML.NET's own model format (mlContext.Model.Save/Load): ML.NET records the
    // loader signature and this assembly's name in the model and calls Create when loading it.
    public sealed partial class GanTransformer : ICanSaveModel
    {
        internal const string LoaderSignature = "GanTransformer";
        internal const string UserName = "GAN Generator";
        internal const string WeightsEntry = "Generator.bin";

        // 1.1: every field in the one checksummed entry. 1.2: the privacy guarantee after the history; a 1.1 file, no
        // guarantee, still loads.
        internal const uint FormatVersion = 0x00010002;
        private const uint FirstVersion = 0x00010001;
        private const string ModelKind = "GAN";

        private static VersionInfo GetVersionInfo() => new VersionInfo(
            modelSignature: "GANGENRT",
            verWrittenCur: FormatVersion,
            verReadableCur: FormatVersion,
            verWeCanReadBack: FirstVersion,
            loaderSignature: LoaderSignature,
            loaderAssemblyName: typeof(GanTransformer).Assembly.FullName);

        void ICanSaveModel.Save(ModelSaveContext ctx)
        {
            _host.CheckValue(ctx, nameof(ctx));
            // Saving reads the generator's native weights: a lease keeps a concurrent Dispose waiting until it is done
            // (and a disposed model throws ObjectDisposedException here).
            using var lease = _core.Lifetime.Enter();
            SavedModelParts.Save(ctx, GetVersionInfo(), WeightsEntry, payload =>
            {
                payload.Write(FeatureColumnName);
                payload.Write(OutputColumnName);
                payload.Write(LatentColumnName);
                payload.WriteStringOrNull(LabelColumnName);
                payload.Write(Seed);
                SavedModelParts.WriteHistory(payload, TrainingHistory);
                SavedModelParts.WritePrivacy(payload, Privacy, TrainingHistory.Count);
                VectorModelFormat.Write(payload, Model);
            });
        }

        private static GanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        {
            Contracts.CheckValue(env, nameof(env));
            env.CheckValue(ctx, nameof(ctx));
            return SavedModelParts.Load(ctx, GetVersionInfo(), WeightsEntry, ModelKind, (r, written) =>
            {
                string feature = ReadColumnName(r);
                string output = ReadColumnName(r);
                string latent = ReadColumnName(r);
                string? label = r.ReadBoolean() ? ReadColumnName(r) : null;
                int seed = r.ReadInt32();
                var history = SavedModelParts.ReadHistory(r);
                var privacy = written >= FormatVersion ? SavedModelParts.ReadPrivacy(r, history) : null;
                var model = VectorModelFormat.Read(r, output, label);
                return Ownership.Transfer(model, () => new GanTransformer(env, model, feature, output, latent, label, seed, history, privacy));
            });
        }

        private static string ReadColumnName(PayloadReader r)
        {
            string name = r.ReadString();
            return name.Length > 0 ? name : throw r.Damaged("a column name is empty");
        }
    }
}
