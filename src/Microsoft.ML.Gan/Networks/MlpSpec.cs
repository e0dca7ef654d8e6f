using System;
using Microsoft.ML.Gan.Persistence;
using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>Multilayer perceptrons; the condition (one-hot class) is appended to the generator's noise.</summary>
    internal sealed class MlpSpec : NetworkSpec
    {
        public MlpSpec(int latentDimension, int conditionSize, int featureSize, int[] generatorHidden, int[] discriminatorHidden)
            : base(latentDimension, conditionSize, featureSize)
        {
            GeneratorHidden = generatorHidden;
            DiscriminatorHidden = discriminatorHidden;
        }

        public int[] GeneratorHidden { get; }

        /// <summary>Empty for a spec read from a saved model: saved models keep only the generator.</summary>
        public int[] DiscriminatorHidden { get; }

        public override GanArchitecture Architecture => GanArchitecture.Mlp;

        public override Sequential CreateGenerator() =>
            MlpNetworks.Generator(LatentDimension + ConditionSize, GeneratorHidden, FeatureSize);

        public override Discriminator CreateDiscriminator(int packing, bool minibatchStdDev, bool batchNorm, NetworkNoise? noise = null)
        {
            if (DiscriminatorHidden.Length == 0)
                throw new InvalidOperationException("This network description has no discriminator (it was read from a saved generator).");
            return new Discriminator(MlpNetworks.DiscriminatorFeatures(FeatureSize * packing, DiscriminatorHidden),
                DiscriminatorHidden[^1], ConditionSize, packing, minibatchStdDev);
        }

        public override string Describe() => $"MLP generator [{string.Join(", ", GeneratorHidden)}]";

        // MlpNetworks.Generator: linear layers with biases through the hidden widths to the features.
        public override long GeneratorStateBytes()
        {
            long total = 0, width = LatentDimension + ConditionSize;
            foreach (int h in GeneratorHidden)
            {
                total = checked(total + LinearBytes(width, h));
                width = h;
            }
            return checked(total + LinearBytes(width, FeatureSize));
        }

        protected override void WriteShape(PayloadWriter w) => w.WriteInts(GeneratorHidden);

        internal static MlpSpec ReadShape(PayloadReader r, int latent, int condition, int features)
        {
            int[] hidden = ReadLayerSizes(r);
            RequireShape(hidden.Length > 0, r.What, () => "an MLP generator without hidden layers");
            return new MlpSpec(latent, condition, features, hidden, Array.Empty<int>());
        }
    }
}
