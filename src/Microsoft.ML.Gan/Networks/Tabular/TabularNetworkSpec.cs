using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Tabular
{
    /// <summary>
    /// CTGAN's networks (Xu et al. 2019) for the generic trainer. Generator: residual blocks (Linear → BatchNorm →
    /// ReLU, concatenated with the block input) and a Linear to the encoding width: it returns logits, which the
    /// <see cref="OutputActivation"/> turns into rows (tanh offsets, Gumbel-softmax one-hots) as a step of its own,
    /// so that the conditional loss reads the logits the rows came from. Discriminator: the core
    /// <see cref="Discriminator"/> (packing, projection conditioning) over LeakyReLU 0.2 layers with optional dropout.
    /// While training, the Gumbel noise and the dropout masks come from the run's own generators
    /// (<see cref="NoiseStreams"/>), so a seeded run is repeatable. A table model saves its own description
    /// (`TableModelFormat`), so this spec is never written through <see cref="NetworkSpec.Write"/>.
    /// </summary>
    internal sealed class TabularNetworkSpec : NetworkSpec
    {
        // Streams of the training seed, apart from the trainer's (which is seeded with the seed itself); their order
        // is the order checkpoints keep the generators' states in.
        private const long GumbelStream = -0x7AB1E;
        private const long DropoutStream = -0xD20F;
        private const int GumbelNoise = 0;
        private const int DropoutNoise = 1;

        public TabularNetworkSpec(int latentDimension, int conditionSize, IReadOnlyList<OutputSpan> spans, int[] generatorHidden,
            int[] discriminatorHidden, double discriminatorDropout, double temperature)
            : base(latentDimension, conditionSize, spans.Count == 0 ? 0 : spans.Max(s => s.End))
        {
            Activation = new OutputActivation(spans, temperature);
            GeneratorHidden = generatorHidden;
            DiscriminatorHidden = discriminatorHidden;
            DiscriminatorDropout = discriminatorDropout;
        }

        /// <summary>The generator's output step, from its logits to rows.</summary>
        public OutputActivation Activation { get; }

        public int[] GeneratorHidden { get; }

        /// <summary>Empty for a spec rebuilt from a saved model (only the generator is kept).</summary>
        public int[] DiscriminatorHidden { get; }

        public double DiscriminatorDropout { get; }

        public double Temperature => Activation.Temperature;

        public override IReadOnlyList<long> NoiseStreams { get; } = new[] { GumbelStream, DropoutStream };

        /// <summary>A residual MLP: architecturally an MLP generator, followed by a table-specific output step.</summary>
        public override GanArchitecture Architecture => GanArchitecture.Mlp;

        public override Sequential CreateGenerator()
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            int width = LatentDimension + ConditionSize;
            for (int i = 0; i < GeneratorHidden.Length; i++)
            {
                layers.Add(($"residual{i}", new ResidualBlock(width, GeneratorHidden[i])));
                width += GeneratorHidden[i];
            }
            layers.Add(("output", nn.Linear(width, FeatureSize)));
            return nn.Sequential(layers);
        }

        /// <summary>Training's rows from the generator's logits: Gumbel-softmax drawn from the run's own Gumbel generator.</summary>
        public override Tensor ToTrainingRows(Tensor logits, NetworkNoise noise) => Activation.Relaxed(logits, noise.Generators[GumbelNoise]);

        /// <summary>Generated rows from the generator's logits: hard Gumbel-max draws from a generation block's generator.</summary>
        public override Tensor ToGeneratedRows(Tensor logits, torch.Generator? noise) => Activation.Sample(logits, noise);

        public override bool GenerationDrawsNoise => true;

        public override Discriminator CreateDiscriminator(int packing, bool minibatchStdDev, bool batchNorm, NetworkNoise? noise = null)
        {
            if (DiscriminatorHidden.Length == 0)
                throw new InvalidOperationException("This network description has no discriminator (it was read from a saved generator).");
            int input = FeatureSize * packing;
            var features = DiscriminatorDropout > 0
                ? FeaturesWithDropout(input, noise?.Generators[DropoutNoise] ?? throw new ArgumentNullException(nameof(noise), "Dropout masks come from the training run's generator."))
                : MlpNetworks.DiscriminatorFeatures(input, DiscriminatorHidden);
            return new Discriminator(features, DiscriminatorHidden[^1], ConditionSize, packing, minibatchStdDev);
        }

        // MlpNetworks.DiscriminatorFeatures with CTGAN's dropout after each LeakyReLU.
        private Sequential FeaturesWithDropout(int inputSize, torch.Generator masks)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            int width = inputSize;
            for (int i = 0; i < DiscriminatorHidden.Length; i++)
            {
                layers.Add(($"linear{i}", nn.Linear(width, DiscriminatorHidden[i])));
                layers.Add(($"lrelu{i}", nn.LeakyReLU(0.2)));
                layers.Add(($"dropout{i}", new SeededDropout(DiscriminatorDropout, masks)));
                width = DiscriminatorHidden[i];
            }
            return nn.Sequential(layers);
        }

        public override string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"tabular generator: residual [{string.Join(", ", GeneratorHidden)}] to {FeatureSize} values, Gumbel-softmax τ {Temperature}; " +
            $"critic dropout {DiscriminatorDropout}");

        // Each residual block (linear with bias, batch norm) sees the input and every earlier block's output; then the
        // output layer.
        public override long GeneratorStateBytes()
        {
            long total = 0, width = LatentDimension + ConditionSize;
            foreach (int h in GeneratorHidden)
            {
                total = checked(total + LinearBytes(width, h) + BatchNormBytes(h));
                width += h;
            }
            return checked(total + LinearBytes(width, FeatureSize));
        }

        protected override void WriteShape(Persistence.PayloadWriter w) =>
            throw new NotSupportedException("A tabular model is saved by TabularGanTransformer, with its table encoding.");
    }
}
