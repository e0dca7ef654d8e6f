using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Sequences;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;

[assembly: LoadableClass(typeof(SequenceGanTransformer), null, typeof(SignatureLoadModel),
    SequenceGanTransformer.UserName, SequenceGanTransformer.LoaderSignature)]

namespace Microsoft.ML.Gan
{
    // Saved and loaded with ML.NET's own model format (mlContext.Model.Save/Load), through the same one checksummed entry
    // as the other GANs: the long format's id and step columns, the training's id and order columns, the seed and history,
    // then the sequence model (shape, the columns' codings, weights). The first format (1.1) listed numeric features here
    // and held one scaling for them in the model.
    public sealed partial class SequenceGanTransformer : ICanSaveModel
    {
        internal const string LoaderSignature = "SequenceGanTransformer";
        internal const string UserName = "Sequence GAN Generator";
        internal const string WeightsEntry = "SequenceGenerator.bin";

        // 1.2: categorical and missing features, attributes and whole sequences; the columns' codings in the model.
        internal const uint FormatVersion = 0x00010002;
        private const uint FirstFormat = 0x00010001;
        private const string ModelKind = "sequence GAN";

        /// <summary>The most feature columns a saved model may declare (the options' limit).</summary>
        private const int MaxFeatures = Networks.Sequence.SequenceNetworkSpec.MaxStepFeatures;

        private static VersionInfo GetVersionInfo() => new VersionInfo(
            modelSignature: "SEQGANGN",
            verWrittenCur: FormatVersion,
            verReadableCur: FormatVersion,
            verWeCanReadBack: FirstFormat,
            loaderSignature: LoaderSignature,
            loaderAssemblyName: typeof(SequenceGanTransformer).Assembly.FullName);

        void ICanSaveModel.Save(ModelSaveContext ctx)
        {
            _host.CheckValue(ctx, nameof(ctx));
            using var lease = _core.Lifetime.Enter();
            SavedModelParts.Save(ctx, GetVersionInfo(), WeightsEntry, payload =>
            {
                payload.Write(_format.SequenceIdColumn);
                payload.Write(_format.StepColumn);
                payload.WriteStringOrNull(SequenceIdColumnName);
                payload.WriteStringOrNull(OrderColumnName);
                payload.Write(Seed);
                SavedModelParts.WriteHistory(payload, TrainingHistory);
                SequenceModelFormat.Write(payload, Model);
            });
        }

        private static SequenceGanTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
        {
            Contracts.CheckValue(env, nameof(env));
            env.CheckValue(ctx, nameof(ctx));
            return SavedModelParts.Load(ctx, GetVersionInfo(), WeightsEntry, ModelKind, (r, version) =>
            {
                string id = ReadColumnName(r);
                string step = ReadColumnName(r);
                (string[], bool[])? firstFormat = null;
                if (version == FirstFormat)
                {
                    // A column is at least a name's length byte and a Boolean.
                    int count = r.ReadCount("feature columns", 2, MaxFeatures);
                    var features = new string[count];
                    var isDouble = new bool[count];
                    for (int f = 0; f < count; f++)
                    {
                        features[f] = ReadColumnName(r);
                        isDouble[f] = r.ReadBoolean();
                    }
                    firstFormat = (features, isDouble);
                }
                string? sequenceId = r.ReadBoolean() ? ReadColumnName(r) : null;
                string? order = r.ReadBoolean() ? ReadColumnName(r) : null;
                int seed = r.ReadInt32();
                var history = SavedModelParts.ReadHistory(r);
                var model = SequenceModelFormat.Read(r, firstFormat);
                return Ownership.Transfer(model, () => new SequenceGanTransformer(env, model, new LongFormat(id, step), sequenceId, order, seed, history));
            });
        }

        private static string ReadColumnName(PayloadReader r)
        {
            string name = r.ReadString();
            return name.Length > 0 ? name : throw r.Damaged("a column name is empty");
        }
    }
}
