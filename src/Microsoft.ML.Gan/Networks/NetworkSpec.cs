using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Gan.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

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

        /// <param name="packing">How many samples the critic judges together (PacGAN).</param>
        /// <param name="minibatchStdDev">Whether the critic appends the minibatch standard deviation as a feature.</param>
        /// <param name="batchNorm">Batch norm in the critic's hidden layers where the architecture has it (not with a gradient penalty).</param>
        /// <param name="noise">The training run's generators for <see cref="NoiseStreams"/>; needed only when there are any.</param>
        public abstract Discriminator CreateDiscriminator(int packing, bool minibatchStdDev, bool batchNorm, NetworkNoise? noise = null);

        /// <summary>
        /// Streams of the training seed (<see cref="Randomness.SeedStreams"/>) for the random generators the networks
        /// draw from while training, beyond the trainer's own: a run holds one generator per stream, in this order
        /// (<see cref="NetworkNoise"/>). None by default.
        /// </summary>
        public virtual IReadOnlyList<long> NoiseStreams => Array.Empty<long>();

        /// <summary>
        /// The generator's output step while training: from what the generator network returns to rows, drawing any
        /// noise from the run's <paramref name="noise"/>. The identity for generators whose last layer gives rows (MLP,
        /// DCGAN); a table's generator returns logits, which its spec turns into rows (tanh, Gumbel-softmax).
        /// </summary>
        public virtual Tensor ToTrainingRows(Tensor output, NetworkNoise noise) => output;

        /// <summary>
        /// The generator's output step when generating: hard samples where training used relaxed ones, drawing any
        /// noise from a generation block's <paramref name="noise"/> (argmax without noise when it is null). The identity
        /// by default.
        /// </summary>
        public virtual Tensor ToGeneratedRows(Tensor output, torch.Generator? noise) => output;

        /// <summary>Whether <see cref="ToGeneratedRows"/> draws from its generator (then each block's rows take their own draws).</summary>
        public virtual bool GenerationDrawsNoise => false;

        /// <summary>The generator's shape, for messages and checkpoint compatibility.</summary>
        public abstract string Describe();

        /// <summary>
        /// The bytes of the generator's saved state, computed from the shapes without building it: every parameter and
        /// buffer (batch norm's running statistics, 4-byte floats, and its 8-byte step counter), exactly what
        /// <see cref="ModuleBytes.Save"/> stores. Arithmetic is checked: a size that overflows cannot be stored.
        /// </summary>
        public abstract long GeneratorStateBytes();

        /// <summary>
        /// A network is built only when the stored weights are exactly what it would hold: a file cannot make the
        /// loader allocate more than it stores, and a mismatch is refused before anything is built.
        /// </summary>
        /// <summary>
        /// The most bytes the generator's saved weights can take: its state (<see cref="GeneratorStateBytes"/>) plus 1 MiB for
        /// the tensors' names and shapes (a few hundred bytes each, a few dozen tensors). A file that declares more is
        /// refused before the bytes are read.
        /// </summary>
        public long MaximumWeightBlockBytes()
        {
            try
            {
                return checked(GeneratorStateBytes() + (1 << 20));
            }
            catch (OverflowException)
            {
                return long.MaxValue;
            }
        }

        public void CheckWeightsCanHold(byte[] weights, string what)
        {
            long stored = ModuleBytes.TensorBytes(weights, what);
            long needed;
            try
            {
                needed = GeneratorStateBytes();
            }
            catch (OverflowException)
            {
                needed = long.MaxValue;
            }
            if (needed != stored)
                throw new InvalidDataException(
                    $"{what} is damaged: it declares a generator ({Describe()}) of {needed} bytes of weights, but stores {stored}.");
        }

        public void Write(PayloadWriter w)
        {
            w.Write((int)Architecture);
            w.Write(LatentDimension);
            w.Write(ConditionSize);
            w.Write(FeatureSize);
            WriteShape(w);
        }

        protected abstract void WriteShape(PayloadWriter w);

        /// <summary>Reads what <see cref="Write"/> wrote; every size is checked before any network is built.</summary>
        public static NetworkSpec Read(PayloadReader r)
        {
            var architecture = (GanArchitecture)r.ReadInt32();
            int latent = r.ReadInt32();
            int condition = r.ReadInt32();
            int features = r.ReadInt32();
            if (latent < 1 || latent > 1 << 16 || condition < 0 || condition > 1 << 20 || features < 1)
                throw new InvalidDataException($"{r.What} has inconsistent network sizes: latent {latent}, condition {condition}, features {features}.");
            return architecture switch
            {
                GanArchitecture.Mlp => MlpSpec.ReadShape(r, latent, condition, features),
                GanArchitecture.Dcgan => DcganSpec.ReadShape(r, latent, condition, features),
                _ => throw new InvalidDataException($"{r.What} names generator architecture {(int)architecture}, which this version does not know."),
            };
        }

        /// <summary>Hidden layer widths: at most 64 layers of 1 to 2^20 units.</summary>
        internal static int[] ReadLayerSizes(PayloadReader r)
        {
            int[] values = r.ReadInts("layer sizes", 64);
            if (values.Any(v => v < 1 || v > 1 << 20))
                throw r.Damaged($"layer sizes [{string.Join(", ", values)}]");
            return values;
        }

        /// <summary>Bytes of a linear layer's weight and, when it has one, its bias.</summary>
        protected static long LinearBytes(long input, long output, bool bias = true) => checked(FloatBytes * (input * output + (bias ? output : 0)));

        /// <summary>Bytes of a batch norm over <paramref name="features"/>: weight, bias, running mean and variance, and the Int64 step counter.</summary>
        protected static long BatchNormBytes(long features) => checked(FloatBytes * 4 * features + sizeof(long));

        /// <summary>Parameters and running statistics are 4-byte floats.</summary>
        protected const long FloatBytes = sizeof(float);

        protected static void RequireShape(bool ok, string what, Func<string> describe)
        {
            if (!ok)
                throw new InvalidDataException($"{what} has inconsistent network shapes: {describe()}.");
        }
    }
}
