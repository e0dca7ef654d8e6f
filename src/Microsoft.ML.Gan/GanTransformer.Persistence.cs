using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Persistence;
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

        // Format versions: 0x00010001 = 1.1, the first (MLP only); 0x00010002 = 1.2, network description
        // (MLP or DCGAN, condition size) and classes of conditional models; 0x00010003 = 1.3, every field in the
        // checksummed entry (1.1 and 1.2 kept column names, seed and history in Model.key, unchecked). 1.3 reads both.
        internal const uint FormatVersion = 0x00010003;
        internal const uint OldestReadableVersion = 0x00010001;
        private const uint Format11 = 0x00010001;
        private const uint Format12 = 0x00010002;
        private const string ModelKind = "GAN";

        private static VersionInfo GetVersionInfo() => new VersionInfo(
            modelSignature: "GANGENRT",
            verWrittenCur: FormatVersion,
            verReadableCur: FormatVersion,
            verWeCanReadBack: OldestReadableVersion,
            loaderSignature: LoaderSignature,
            loaderAssemblyName: typeof(GanTransformer).Assembly.FullName);

        void ICanSaveModel.Save(ModelSaveContext ctx)
        {
            _host.CheckValue(ctx, nameof(ctx));
            // Saving reads the generator's native weights: a lease keeps a concurrent Dispose waiting until it is done
            // (and a disposed model throws ObjectDisposedException here).
            using var lease = _lifetime.Enter();
            // Everything that can fail runs before the first byte is written.
            using var payload = new PayloadWriter();
            payload.Write(FeatureColumnName);
            payload.Write(OutputColumnName);
            payload.Write(LatentColumnName);
            payload.WriteStringOrNull(LabelColumnName);
            payload.Write(Seed);
            SavedModelParts.WriteHistory(payload, TrainingHistory);
            _model.Write(payload);

            ctx.CheckAtModel();
            ctx.SetVersionInfo(GetVersionInfo());
            SavedModelParts.SavePayload(ctx, WeightsEntry, payload.ToArray());
        }

        private static GanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        {
            Contracts.CheckValue(env, nameof(env));
            env.CheckValue(ctx, nameof(ctx));
            SavedModelParts.CheckReadable(ctx, FormatVersion, ModelKind);
            ctx.CheckAtModel(GetVersionInfo());
            uint version = ctx.Header.ModelVerWritten;
            if (version is Format11 or Format12)
                return CreateFormat12(env, ctx, version);

            var r = SavedModelParts.LoadPayload(ctx, WeightsEntry, ModelKind);
            string feature = ReadColumnName(r);
            string output = ReadColumnName(r);
            string latent = ReadColumnName(r);
            string? label = r.ReadBoolean() ? ReadColumnName(r) : null;
            int seed = r.ReadInt32();
            var history = SavedModelParts.ReadHistory(r);
            var model = GeneratorModel.Read(r);
            return new GanTransformer(env, model, feature, output, latent, label, seed, history);
        }

        // Formats 1.1 and 1.2: column names, seed and history in Model.key; the generator in the checksummed entry.
        private static GanTransformer CreateFormat12(IHostEnvironment env, ModelLoadContext ctx, uint version)
        {
            var key = SavedModelParts.LoadKeyFields(ctx, ModelKind);
            string feature = SavedModelParts.ReadKeyString(ctx, key, nullable: false)!;
            string output = SavedModelParts.ReadKeyString(ctx, key, nullable: false)!;
            string latent = SavedModelParts.ReadKeyString(ctx, key, nullable: false)!;
            string? label = SavedModelParts.ReadKeyString(ctx, key, nullable: true);
            int seed = key.ReadInt32();
            var history = SavedModelParts.ReadHistory(key);
            key.ExpectEnd();
            var r = SavedModelParts.LoadPayload(ctx, WeightsEntry, ModelKind);
            var model = version == Format11 ? GeneratorModel.ReadFormat11(r) : GeneratorModel.Read(r);
            return new GanTransformer(env, model, feature, output, latent, label, seed, history);
        }

        private static string ReadColumnName(PayloadReader r)
        {
            string name = r.ReadString();
            return name.Length > 0 ? name : throw r.Damaged("a column name is empty");
        }
    }
}
