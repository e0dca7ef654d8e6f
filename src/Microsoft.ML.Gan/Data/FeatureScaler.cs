using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// Per-slot standardisation fitted on the training data: the networks see zero-mean, unit-variance
    /// values, and generated values are mapped back to the features' own units. A constant slot has
    /// scale 0, so its generated value is exactly the training constant.
    /// </summary>
    internal sealed class FeatureScaler
    {
        public FeatureScaler(float[] offset, float[] scale)
        {
            if (offset.Length != scale.Length)
                throw new ArgumentException($"Scaler offset has {offset.Length} slots but scale has {scale.Length}.");
            Offset = offset;
            Scale = scale;
        }

        /// <summary>Value subtracted before training, added back to generated values (the mean; the constant for constant slots).</summary>
        public float[] Offset { get; }

        /// <summary>Standard deviation of each slot; 0 marks a constant slot.</summary>
        public float[] Scale { get; }

        public int Size => Offset.Length;

        /// <summary>
        /// (x - offset) / scale on row-major rows in place, constant slots mapped to 0: the training copy is the
        /// data itself. The same float operations, in the same order, as the minibatch transform on tensors.
        /// </summary>
        public void TransformInPlace(Span<float> rows)
        {
            int size = Size;
            var divisor = Divisors();
            for (int start = 0; start < rows.Length; start += size)
            {
                var row = rows.Slice(start, size);
                for (int j = 0; j < size; j++)
                    row[j] = (row[j] - Offset[j]) / divisor[j];
            }
        }

        // A constant slot (scale 0) is divided by 1: its values minus the constant are 0.
        private float[] Divisors() => Scale.Select(s => s == 0f ? 1f : s).ToArray();

        /// <summary>Offset and divisor tensors for the in-place minibatch transform, made once per minibatch source.</summary>
        public (Tensor Offset, Tensor Divisor) TransformTensors() => (torch.tensor(Offset), torch.tensor(Divisors()));

        /// <summary>(x - offset) / scale in place on <paramref name="x"/> (a minibatch the caller owns, constant slots mapped to 0), which it returns.</summary>
        public static Tensor TransformInPlace(Tensor x, (Tensor Offset, Tensor Divisor) t) => x.sub_(t.Offset).div_(t.Divisor);

        /// <summary>Tensors for <see cref="Inverse"/>, made once per generator so generation allocates nothing extra.</summary>
        public (Tensor Scale, Tensor Offset) InverseTensors() => (torch.tensor(Scale), torch.tensor(Offset));

        /// <summary>z * scale + offset: back to the features' units.</summary>
        public static Tensor Inverse(Tensor z, (Tensor Scale, Tensor Offset) t) => torch.addcmul(t.Offset, z, t.Scale, 1);
    }
}
