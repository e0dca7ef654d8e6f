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
    /// <see cref="NoisePerStep"/> values per step plus as many per window (and as many for the attributes, when there are
    /// any, which lead the row, weighted by <see cref="AttributeWeight"/>). The generator is a
    /// <see cref="RecurrentGenerator"/>, the critic a <see cref="RecurrentCritic"/> under the shared
    /// <see cref="Discriminator"/> (packing, minibatch deviation and projection work as for vectors). Saved by the sequence
    /// model's own format (Sequences/SequenceModelFormat through <see cref="WriteShape"/> and <see cref="ReadShape"/>),
    /// never through <see cref="NetworkSpec.Write"/>, whose architecture tag names the vector GAN's choices.
    /// </summary>
    internal sealed class SequenceNetworkSpec : NetworkSpec
    {
        public SequenceNetworkSpec(int length, BlockShape step, bool variableLength, BlockShape attributes, int noisePerStep, int conditionSize,
            int[] generatorHidden, int[] discriminatorHidden)
            : base(checked((length + 1 + (attributes.Width > 0 ? 1 : 0)) * noisePerStep), conditionSize,
                checked(attributes.Width + length * (step.Width + (variableLength ? 1 : 0))))
        {
            Length = length;
            Step = step;
            VariableLength = variableLength;
            Attributes = attributes;
            StepFeatures = step.Width + (variableLength ? 1 : 0);
            NoisePerStep = noisePerStep;
            GeneratorHidden = generatorHidden;
            DiscriminatorHidden = discriminatorHidden;
        }

        /// <summary>The literature's windows: <paramref name="features"/> plain numeric values per step, no attributes.</summary>
        public SequenceNetworkSpec(int length, int features, int noisePerStep, int conditionSize, int[] generatorHidden, int[] discriminatorHidden)
            : this(length, BlockShape.Plain(features), false, BlockShape.Empty, noisePerStep, conditionSize, generatorHidden, discriminatorHidden)
        {
        }

        /// <summary>Steps per sample: the window length, or the longest sequence for whole sequences.</summary>
        public int Length { get; }

        /// <summary>One step's values before the end flag.</summary>
        public BlockShape Step { get; }

        /// <summary>
        /// Whole sequences of any length up to <see cref="Length"/>: each step ends with a present flag (1 within the
        /// sequence, 0 in the padding after it, where every other value is 0 too), generated as a running product of
        /// per-step continue probabilities so that a sequence, once ended, stays ended.
        /// </summary>
        public bool VariableLength { get; }

        /// <summary>The static attributes of a sequence, generated first, and what every step is conditioned on; empty when there are none.</summary>
        public BlockShape Attributes { get; }

        /// <summary>Values per step: the step block, and the present flag for whole sequences.</summary>
        public int StepFeatures { get; }

        /// <summary>
        /// What the attributes are multiplied by in a row (√length): the loss measures whole rows, where a sequence's
        /// steps would otherwise outweigh its few attributes by the length; with it, an attribute counts as much as a
        /// value that is the same at every step.
        /// </summary>
        public float AttributeWeight => AttributeWeightFor(Length);

        /// <summary><see cref="AttributeWeight"/> for rows of <paramref name="length"/> steps.</summary>
        public static float AttributeWeightFor(int length) => MathF.Sqrt(length);

        /// <summary>Noise values per step (and per window).</summary>
        public int NoisePerStep { get; }

        /// <summary>Widths of the generator's GRU layers.</summary>
        public int[] GeneratorHidden { get; }

        /// <summary>Widths of the critic's GRU layers; empty for a spec read from a saved model (only the generator is kept).</summary>
        public int[] DiscriminatorHidden { get; }

        /// <summary>Not a <see cref="GanEstimator"/> choice: reported as <see cref="GanArchitecture.Mlp"/> (not convolutional), as a table's spec is.</summary>
        public override GanArchitecture Architecture => GanArchitecture.Mlp;

        public override Sequential CreateGenerator() =>
            nn.Sequential(("generator", (nn.Module<Tensor, Tensor>)new RecurrentGenerator(this)));

        public override Discriminator CreateDiscriminator(int packing, bool minibatchStdDev, bool batchNorm, NetworkNoise? noise = null)
        {
            if (DiscriminatorHidden.Length == 0)
                throw new InvalidOperationException("This network description has no discriminator (it was read from a saved generator).");
            var critic = new RecurrentCritic(Length, StepFeatures, Attributes.Width, packing, DiscriminatorHidden);
            return new Discriminator(nn.Sequential(("critic", (nn.Module<Tensor, Tensor>)critic)), critic.OutputWidth, ConditionSize, packing, minibatchStdDev);
        }

        public override string Describe() =>
            $"GRU generator [{string.Join(", ", GeneratorHidden)}] and critic [{string.Join(", ", DiscriminatorHidden)}] " +
            $"over {(VariableLength ? $"sequences of up to {Length}" : $"windows of {Length}")} steps of {Step}" +
            (Attributes.Width > 0 ? $", attributes of {Attributes}" : "") + $", {NoisePerStep} noise values per step";

        // RecurrentGenerator: the GRU stack over each step's input (its noise, the window's noise, the attributes, the
        // condition), then the linear output; with attributes, their network (three linear layers) before it.
        public override long GeneratorStateBytes() =>
            checked(RecurrentStack.StateBytes(2 * NoisePerStep + Attributes.Width + ConditionSize, GeneratorHidden) + LinearBytes(GeneratorHidden[^1], StepFeatures)
                + (Attributes.Width > 0 ? LinearBytes(NoisePerStep, RecurrentGenerator.AttributeHidden)
                    + LinearBytes(RecurrentGenerator.AttributeHidden, RecurrentGenerator.AttributeHidden) + LinearBytes(RecurrentGenerator.AttributeHidden, Attributes.Width) : 0));

        /// <summary>The generator's shape: length, values per step, noise per step, condition width, GRU widths, then the step and attribute blocks.</summary>
        protected override void WriteShape(PayloadWriter w)
        {
            w.Write(Length);
            w.Write(StepFeatures);
            w.Write(NoisePerStep);
            w.Write(ConditionSize);
            w.WriteInts(GeneratorHidden);
            Step.Write(w);
            w.Write(VariableLength);
            Attributes.Write(w);
        }

        /// <summary>Writes <see cref="WriteShape"/>'s fields (the sequence model's format calls this).</summary>
        public void WriteSequenceShape(PayloadWriter w) => WriteShape(w);

        /// <summary>
        /// Reads what <see cref="WriteSequenceShape"/> wrote; every size is checked before a network is built. A model of
        /// the first format (<paramref name="withBlocks"/> false) has plain numeric steps and no attributes.
        /// </summary>
        public static SequenceNetworkSpec ReadShape(PayloadReader r, bool withBlocks)
        {
            int length = r.ReadInt32();
            int features = r.ReadInt32();
            int noise = r.ReadInt32();
            int condition = r.ReadInt32();
            int[] hidden = ReadLayerSizes(r);
            if (length < 2 && !withBlocks || length < 1 || length > MaxLength || features < 1 || features > MaxStepFeatures || noise < 1 || noise > MaxNoisePerStep
                || condition != 0 || hidden.Length == 0 || (long)length * features > int.MaxValue || (long)(length + 2) * noise > 1 << 16)
                throw new InvalidDataException(
                    $"{r.What} has inconsistent sequence network sizes: length {length}, {features} values per step, {noise} noise values per step, " +
                    $"condition {condition}, {hidden.Length} GRU layers.");
            if (!withBlocks)
                return new SequenceNetworkSpec(length, features, noise, condition, hidden, Array.Empty<int>());
            var step = BlockShape.Read(r, MaxStepFeatures);
            bool variable = r.ReadBoolean();
            var attributes = BlockShape.Read(r, MaxStepFeatures);
            if (step.Width + (variable ? 1 : 0) != features || step.Width == 0 || (long)attributes.Width + (long)length * features > int.MaxValue)
                throw r.Damaged($"its step block ({step}{(variable ? ", an end flag" : "")}) is not its {features} values per step, or the row is too long");
            return new SequenceNetworkSpec(length, step, variable, attributes, noise, condition, hidden, Array.Empty<int>());
        }

        /// <summary>The longest window the options allow.</summary>
        public const int MaxLength = 4096;

        /// <summary>The most values per step the options allow.</summary>
        public const int MaxStepFeatures = 4096;

        /// <summary>The most noise values per step the options allow.</summary>
        public const int MaxNoisePerStep = 1024;
    }
}
