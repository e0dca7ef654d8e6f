using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.Gan.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Sequence
{
    /// <summary>
    /// A sequence GAN's networks behind the core's flat contract: rows are windows of <see cref="Length"/> steps of
    /// <see cref="StepFeatures"/> values, flattened step by step ([rows, length × features]); the latent is
    /// <see cref="NoisePerStep"/> values per step plus as many per window. The generator is a
    /// <see cref="RecurrentGenerator"/>, the critic a <see cref="RecurrentCritic"/> under the shared
    /// <see cref="Discriminator"/> (packing, minibatch deviation and projection work as for vectors). Saved by the sequence
    /// model's own format (Sequences/SequenceModelFormat through <see cref="WriteShape"/> and <see cref="ReadShape"/>),
    /// never through <see cref="NetworkSpec.Write"/>, whose architecture tag names the vector GAN's choices.
    /// </summary>
    internal sealed class SequenceNetworkSpec : NetworkSpec
    {
        public SequenceNetworkSpec(int length, int stepFeatures, int noisePerStep, int conditionSize, int[] generatorHidden, int[] discriminatorHidden)
            : base(checked((length + 1) * noisePerStep), conditionSize, checked(length * stepFeatures))
        {
            Length = length;
            StepFeatures = stepFeatures;
            NoisePerStep = noisePerStep;
            GeneratorHidden = generatorHidden;
            DiscriminatorHidden = discriminatorHidden;
        }

        /// <summary>Steps per window.</summary>
        public int Length { get; }

        /// <summary>Values per step.</summary>
        public int StepFeatures { get; }

        /// <summary>Noise values per step (and per window).</summary>
        public int NoisePerStep { get; }

        /// <summary>Widths of the generator's GRU layers.</summary>
        public int[] GeneratorHidden { get; }

        /// <summary>Widths of the critic's GRU layers; empty for a spec read from a saved model (only the generator is kept).</summary>
        public int[] DiscriminatorHidden { get; }

        /// <summary>Not a <see cref="GanEstimator"/> choice: reported as <see cref="GanArchitecture.Mlp"/> (not convolutional), as a table's spec is.</summary>
        public override GanArchitecture Architecture => GanArchitecture.Mlp;

        public override Sequential CreateGenerator() =>
            nn.Sequential(("generator", (nn.Module<Tensor, Tensor>)new RecurrentGenerator(Length, NoisePerStep, ConditionSize, GeneratorHidden, StepFeatures)));

        public override Discriminator CreateDiscriminator(int packing, bool minibatchStdDev, bool batchNorm, NetworkNoise? noise = null)
        {
            if (DiscriminatorHidden.Length == 0)
                throw new InvalidOperationException("This network description has no discriminator (it was read from a saved generator).");
            var critic = new RecurrentCritic(Length, StepFeatures, packing, DiscriminatorHidden);
            return new Discriminator(nn.Sequential(("critic", (nn.Module<Tensor, Tensor>)critic)), critic.OutputWidth, ConditionSize, packing, minibatchStdDev);
        }

        public override string Describe() =>
            $"GRU generator [{string.Join(", ", GeneratorHidden)}] and critic [{string.Join(", ", DiscriminatorHidden)}] " +
            $"over windows of {Length} steps of {StepFeatures} values, {NoisePerStep} noise values per step";

        // RecurrentGenerator: the GRU stack over each step's input (its noise, the window's noise, the condition), then the linear output.
        public override long GeneratorStateBytes() =>
            checked(RecurrentStack.StateBytes(2 * NoisePerStep + ConditionSize, GeneratorHidden) + LinearBytes(GeneratorHidden[^1], StepFeatures));

        /// <summary>The generator's shape: length, values per step, noise per step, condition width, GRU widths.</summary>
        protected override void WriteShape(PayloadWriter w)
        {
            w.Write(Length);
            w.Write(StepFeatures);
            w.Write(NoisePerStep);
            w.Write(ConditionSize);
            w.WriteInts(GeneratorHidden);
        }

        /// <summary>Writes <see cref="WriteShape"/>'s fields (the sequence model's format calls this).</summary>
        public void WriteSequenceShape(PayloadWriter w) => WriteShape(w);

        /// <summary>Reads what <see cref="WriteSequenceShape"/> wrote; every size is checked before a network is built.</summary>
        public static SequenceNetworkSpec ReadShape(PayloadReader r)
        {
            int length = r.ReadInt32();
            int features = r.ReadInt32();
            int noise = r.ReadInt32();
            int condition = r.ReadInt32();
            int[] hidden = ReadLayerSizes(r);
            if (length < 2 || length > MaxLength || features < 1 || features > MaxStepFeatures || noise < 1 || noise > MaxNoisePerStep
                || condition != 0 || hidden.Length == 0 || (long)length * features > int.MaxValue || (long)(length + 1) * noise > 1 << 16)
                throw new InvalidDataException(
                    $"{r.What} has inconsistent sequence network sizes: length {length}, {features} values per step, {noise} noise values per step, " +
                    $"condition {condition}, {hidden.Length} GRU layers.");
            return new SequenceNetworkSpec(length, features, noise, condition, hidden, Array.Empty<int>());
        }

        /// <summary>The longest window the options allow.</summary>
        public const int MaxLength = 4096;

        /// <summary>The most values per step the options allow.</summary>
        public const int MaxStepFeatures = 4096;

        /// <summary>The most noise values per step the options allow.</summary>
        public const int MaxNoisePerStep = 1024;
    }
}
