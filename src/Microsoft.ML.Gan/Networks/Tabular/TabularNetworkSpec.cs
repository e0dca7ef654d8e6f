using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Gan.Tabular;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Tabular
{
    /// <summary>
    /// CTGAN's networks (Xu et al. 2019) for the generic trainer. Generator: residual blocks (Linear → BatchNorm →
    /// ReLU, concatenated with the block input), a Linear to the encoding width, then the
    /// <see cref="OutputActivation"/> (tanh offsets, Gumbel-softmax one-hots). Discriminator: the core
    /// <see cref="Discriminator"/> (packing, projection conditioning) over LeakyReLU 0.2 layers with optional dropout.
    /// The Gumbel noise and the dropout masks come from generators owned by this spec, seeded from the training
    /// seed, so a seeded run is repeatable. A table model saves its own description (TableModel), so this spec is
    /// never written through <see cref="NetworkSpec.Write"/>.
    /// </summary>
    internal sealed class TabularNetworkSpec : NetworkSpec, IDisposable
    {
        private readonly List<OutputActivation> _activations = new();

        public TabularNetworkSpec(int latentDimension, int conditionSize, IReadOnlyList<OutputSpan> spans, int[] generatorHidden,
            int[] discriminatorHidden, double discriminatorDropout, double temperature, int seed)
            : base(latentDimension, conditionSize, spans.Count == 0 ? 0 : spans.Max(s => s.End))
        {
            Spans = spans;
            GeneratorHidden = generatorHidden;
            DiscriminatorHidden = discriminatorHidden;
            DiscriminatorDropout = discriminatorDropout;
            Temperature = temperature;
            // Streams of their own, apart from the trainer's (which is seeded with the seed itself).
            GumbelNoise = new torch.Generator(SeedStreams.Derive(seed, -0x7AB1E), torch.CPU);
            DropoutNoise = new torch.Generator(SeedStreams.Derive(seed, -0xD20F), torch.CPU);
        }

        public IReadOnlyList<OutputSpan> Spans { get; }

        public int[] GeneratorHidden { get; }

        /// <summary>Empty for a spec rebuilt from a saved model (only the generator is kept).</summary>
        public int[] DiscriminatorHidden { get; }

        public double DiscriminatorDropout { get; }

        public double Temperature { get; }

        /// <summary>Draws the Gumbel noise of every generator this spec builds while training.</summary>
        public torch.Generator GumbelNoise { get; }

        public torch.Generator DropoutNoise { get; }

        public override IReadOnlyList<torch.Generator> NetworkRandomGenerators => new[] { GumbelNoise, DropoutNoise };

        /// <summary>A residual MLP: architecturally an MLP generator, with a table-specific output layer.</summary>
        public override GanArchitecture Architecture => GanArchitecture.Mlp;

        /// <summary>
        /// The output activation of the first generator built: the trainer builds the generator it trains first
        /// (then its moving average), so this is the one whose logits the conditional loss reads.
        /// </summary>
        public OutputActivation TrainedActivation =>
            _activations.Count > 0 ? _activations[0] : throw new InvalidOperationException("No generator has been built yet.");

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
            var activation = new OutputActivation(Spans, Temperature) { Noise = GumbelNoise };
            _activations.Add(activation);
            layers.Add(("activation", activation));
            return nn.Sequential(layers);
        }

        public override Discriminator CreateDiscriminator(int packing, bool minibatchStdDev, bool batchNorm)
        {
            if (DiscriminatorHidden.Length == 0)
                throw new InvalidOperationException("This network description has no discriminator (it was read from a saved generator).");
            int input = FeatureSize * packing;
            var features = DiscriminatorDropout > 0 ? FeaturesWithDropout(input) : MlpNetworks.DiscriminatorFeatures(input, DiscriminatorHidden);
            return new Discriminator(features, DiscriminatorHidden[^1], ConditionSize, packing, minibatchStdDev);
        }

        // MlpNetworks.DiscriminatorFeatures with CTGAN's dropout after each LeakyReLU.
        private Sequential FeaturesWithDropout(int inputSize)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            int width = inputSize;
            for (int i = 0; i < DiscriminatorHidden.Length; i++)
            {
                layers.Add(($"linear{i}", nn.Linear(width, DiscriminatorHidden[i])));
                layers.Add(($"lrelu{i}", nn.LeakyReLU(0.2)));
                layers.Add(($"dropout{i}", new SeededDropout(DiscriminatorDropout, DropoutNoise)));
                width = DiscriminatorHidden[i];
            }
            return nn.Sequential(layers);
        }

        /// <summary>The trainer's conditional-loss hook, reading the trained generator's logits.</summary>
        public Func<Tensor, Tensor, Tensor> ConditionLoss(IReadOnlyList<OutputSpan> discreteSpans) =>
            (generated, condition) => ConditionalLoss.ForActivation(TrainedActivation, discreteSpans)(generated, condition);

        public override string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"tabular generator: residual [{string.Join(", ", GeneratorHidden)}] to {FeatureSize} values, Gumbel-softmax τ {Temperature}; " +
            $"critic dropout {DiscriminatorDropout}");

        // Each residual block's linear layer sees the input and every earlier block's output; then the output layer.
        public override double MinimumGeneratorWeights()
        {
            double total = 0;
            double width = LatentDimension + ConditionSize;
            foreach (int h in GeneratorHidden)
            {
                total += width * h;
                width += h;
            }
            return total + width * FeatureSize;
        }

        protected override void WriteShape(Persistence.PayloadWriter w) =>
            throw new NotSupportedException("A tabular model is saved by TabularGanTransformer, with its table encoding.");

        public void Dispose()
        {
            GumbelNoise.Dispose();
            DropoutNoise.Dispose();
        }
    }
}
