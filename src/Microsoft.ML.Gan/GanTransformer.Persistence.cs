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
        // (MLP or DCGAN, condition size) and classes of conditional models. 1.2 reads 1.1.
        internal const uint FormatVersion = 0x00010002;
        internal const uint OldestReadableVersion = 0x00010001;

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
            ThrowIfDisposed();
            // Everything that can fail runs before the first byte is written.
            byte[] payload = _model.ToBytes();

            ctx.CheckAtModel();
            ctx.SetVersionInfo(GetVersionInfo());
            ctx.SaveNonEmptyString(FeatureColumnName);
            ctx.SaveNonEmptyString(OutputColumnName);
            ctx.SaveNonEmptyString(LatentColumnName);
            ctx.SaveStringOrNull(LabelColumnName);
            ctx.Writer.Write(Seed);
            SavedModelParts.WriteHistory(ctx.Writer, TrainingHistory);
            SavedModelParts.SavePayload(ctx, WeightsEntry, payload);
        }

        private static GanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        {
            Contracts.CheckValue(env, nameof(env));
            env.CheckValue(ctx, nameof(ctx));
            SavedModelParts.CheckReadable(ctx, FormatVersion, "GAN");
            ctx.CheckAtModel(GetVersionInfo());

            string feature = ctx.LoadNonEmptyString();
            string output = ctx.LoadNonEmptyString();
            string latent = ctx.LoadNonEmptyString();
            string? label = ctx.LoadStringOrNull();
            int seed = ctx.Reader.ReadInt32();
            var history = SavedModelParts.ReadHistory(env, ctx.Reader);
            var (payload, what) = SavedModelParts.LoadPayload(ctx, WeightsEntry, "GAN");
            var model = GeneratorModel.FromBytes(payload, what);
            return new GanTransformer(env, model, feature, output, latent, label, seed, history);
        }
    }
}
