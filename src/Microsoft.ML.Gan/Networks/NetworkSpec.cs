using System;
using System.IO;
using System.Linq;
using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// The shapes that define a GAN's two networks: what training builds and what a saved model needs to
    /// rebuild its generator. The generator maps [rows, latent + condition] to [rows, features].
    /// </summary>
    internal abstract class NetworkSpec
    {
        protected NetworkSpec(int latentDimension, int conditionSize, int featureSize)
        {
            LatentDimension = latentDimension;
            ConditionSize = conditionSize;
            FeatureSize = featureSize;
        }

        public int LatentDimension { get; }

        /// <summary>Width of the condition vector (the number of classes of a conditional GAN); 0 when unconditional.</summary>
        public int ConditionSize { get; }

        public int FeatureSize { get; }

        public abstract GanArchitecture Architecture { get; }

        public abstract Sequential CreateGenerator();

        /// <param name="batchNorm">Batch norm in the critic's hidden layers where the architecture has it (not with a gradient penalty).</param>
        public abstract Discriminator CreateDiscriminator(int packing, bool minibatchStdDev, bool batchNorm);

        /// <summary>The generator's shape, for messages and checkpoint compatibility.</summary>
        public abstract string Describe();

        public void Write(BinaryWriter w)
        {
            w.Write((int)Architecture);
            w.Write(LatentDimension);
            w.Write(ConditionSize);
            w.Write(FeatureSize);
            WriteShape(w);
        }

        protected abstract void WriteShape(BinaryWriter w);

        /// <summary>Reads what <see cref="Write"/> wrote; every size is checked before any network is built.</summary>
        public static NetworkSpec Read(BinaryReader r, string what)
        {
            var architecture = (GanArchitecture)r.ReadInt32();
            int latent = r.ReadInt32();
            int condition = r.ReadInt32();
            int features = r.ReadInt32();
            if (latent < 1 || latent > 1 << 16 || condition < 0 || condition > 1 << 20 || features < 1)
                throw new InvalidDataException($"{what} has inconsistent network sizes: latent {latent}, condition {condition}, features {features}.");
            return architecture switch
            {
                GanArchitecture.Mlp => MlpSpec.ReadShape(r, what, latent, condition, features),
                GanArchitecture.Dcgan => DcganSpec.ReadShape(r, what, latent, condition, features),
                _ => throw new InvalidDataException($"{what} names generator architecture {(int)architecture}, which this version does not know."),
            };
        }

        protected static void WriteInts(BinaryWriter w, int[] values)
        {
            w.Write(values.Length);
            foreach (int v in values)
                w.Write(v);
        }

        protected static int[] ReadInts(BinaryReader r, string what, int maxCount = 64)
        {
            int n = r.ReadInt32();
            if (n < 0 || n > maxCount)
                throw new InvalidDataException($"{what} is damaged: it declares {n} layer sizes.");
            var values = new int[n];
            for (int i = 0; i < n; i++)
                values[i] = r.ReadInt32();
            if (values.Any(v => v < 1 || v > 1 << 20))
                throw new InvalidDataException($"{what} is damaged: layer sizes [{string.Join(", ", values)}].");
            return values;
        }

        protected static void RequireShape(bool ok, string what, Func<string> describe)
        {
            if (!ok)
                throw new InvalidDataException($"{what} has inconsistent network shapes: {describe()}.");
        }
    }
}
