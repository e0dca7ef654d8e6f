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

        public static FeatureScaler Fit(Tensor features)
        {
            using var scope = torch.NewDisposeScope();
            // Statistics in double: float sums of large values (up to float.MaxValue) would overflow.
            var wide = features.to_type(ScalarType.Float64);
            var mean = wide.mean(new long[] { 0 }).data<double>().ToArray();
            var std = wide.std(0, unbiased: false).data<double>().ToArray();
            var min = features.amin(new long[] { 0 }).data<float>().ToArray();
            var max = features.amax(new long[] { 0 }).data<float>().ToArray();
            var offset = new float[mean.Length];
            var scale = new float[mean.Length];
            for (int j = 0; j < mean.Length; j++)
            {
                // min == max is the exact test for a constant slot; std could be a rounding residue.
                bool constant = min[j] == max[j] || !(std[j] > 0);
                offset[j] = constant ? min[j] : (float)mean[j];
                scale[j] = constant ? 0f : (float)Math.Min(std[j], float.MaxValue);
            }
            return new FeatureScaler(offset, scale);
        }

        /// <summary>
        /// One affine map for all slots, from the data's [min, max] to [-1, 1]: what a tanh output needs, and
        /// what images want (every pixel on the same scale, so a constant border stays a border).
        /// </summary>
        public static FeatureScaler FitRange(Tensor features)
        {
            using var scope = torch.NewDisposeScope();
            double min = features.min().item<float>();
            double max = features.max().item<float>();
            int size = (int)features.shape[1];
            float offset = (float)((max + min) / 2);
            float scale = (float)((max - min) / 2);
            return new FeatureScaler(Enumerable.Repeat(offset, size).ToArray(), Enumerable.Repeat(scale, size).ToArray());
        }

        /// <summary>(x - offset) / scale, with constant slots mapped to 0.</summary>
        public Tensor Transform(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            var offset = torch.tensor(Offset);
            var divisor = torch.tensor(Scale.Select(s => s == 0f ? 1f : s).ToArray());
            return ((x - offset) / divisor).MoveToOuterDisposeScope();
        }

        /// <summary>Tensors for <see cref="Inverse"/>, made once per generator so generation allocates nothing extra.</summary>
        public (Tensor Scale, Tensor Offset) InverseTensors() => (torch.tensor(Scale), torch.tensor(Offset));

        /// <summary>z * scale + offset: back to the features' units.</summary>
        public static Tensor Inverse(Tensor z, (Tensor Scale, Tensor Offset) t) => torch.addcmul(t.Offset, z, t.Scale, 1);
    }
}
