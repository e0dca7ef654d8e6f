using System;

namespace Microsoft.ML.Gan.Benchmarks.Sequences
{
    /// <summary>
    /// The "Sines" data set of the time-series GAN literature (TimeGAN, NeurIPS 2019, and later papers), generated in
    /// code: each window and feature is sin(f·t + p) for t = 0 … length − 1, with f and p drawn uniformly from [0, 0.1]
    /// per window and feature, mapped from [−1, 1] to [0, 1]. The tests compile this file too.
    /// </summary>
    internal static class SinesData
    {
        /// <summary>The published set's size: 10,000 windows of 24 steps and 5 features.</summary>
        public const int Windows = 10000, Length = 24, Features = 5;

        /// <summary>
        /// <paramref name="count"/> windows as one flat array, row-major (window, step, feature). A seeded
        /// <see cref="Random"/> draws (f, p) per window and feature in that order, so a seed gives the same windows in every process.
        /// </summary>
        public static float[] Generate(int count, int length, int features, int seed)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
            ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
            var random = new Random(seed);
            var windows = new float[checked(count * length * features)];
            for (int w = 0; w < count; w++)
            {
                for (int k = 0; k < features; k++)
                {
                    double frequency = random.NextDouble() * 0.1, phase = random.NextDouble() * 0.1;
                    for (int t = 0; t < length; t++)
                        windows[((long)w * length + t) * features + k] = (float)((Math.Sin(frequency * t + phase) + 1) * 0.5);
                }
            }
            return windows;
        }
    }
}
