using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// What a conditional generator takes beside its noise: a one-hot over condition slots (a GAN's classes; a
    /// table's categories of every categorical column). Generation either gives each row its slot or draws slots
    /// the way the model was trained to expect them, from the block's own generator after its noise.
    /// </summary>
    internal abstract class ConditionLayout : IDisposable
    {
        /// <summary>Width of the condition vector; 0 for an unconditional generator.</summary>
        public abstract int Width { get; }

        /// <summary>[rows] long slots drawn from <paramref name="rng"/> with the training frequencies.</summary>
        public abstract Tensor DrawSlots(long rows, torch.Generator rng);

        /// <summary>[rows, <see cref="Width"/>] float one-hots of <paramref name="slots"/>.</summary>
        public Tensor OneHot(Tensor slots) => torch.nn.functional.one_hot(slots, Width).to_type(ScalarType.Float32);

        public virtual void Dispose() { }

        /// <summary>The layout of an unconditional generator.</summary>
        public static ConditionLayout None { get; } = new NoConditions();

        private sealed class NoConditions : ConditionLayout
        {
            public override int Width => 0;

            public override Tensor DrawSlots(long rows, torch.Generator rng) =>
                throw new InvalidOperationException("An unconditional generator has no condition slots.");
        }
    }
}
