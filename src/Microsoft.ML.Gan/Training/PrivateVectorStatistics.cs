using System;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Privacy;
using Microsoft.ML.Gan.Randomness;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// What a differentially private vector GAN knows about its rows before training, from noisy histograms alone
    /// (docs/ARCHITECTURE.md, "Private statistics"): each slot's range over the public grid of <see cref="NoisyRange"/>
    /// (one histogram per slot), and with classes, their noisy counts (one more histogram). The scaler maps each
    /// released range onto [-1, 1] (a slot released as one value is constant); the rows are clamped into the ranges, a
    /// step that touches each row alone; the classes of generated rows are drawn by the noisy counts.
    /// </summary>
    internal static class PrivateVectorStatistics
    {
        private const long NoiseStream = 0x5E7E_0000_0000;

        /// <summary>Histograms released for <paramref name="size"/> slots, and one for the classes when conditional.</summary>
        public static int Histograms(int size, bool conditional) => size + (conditional ? 1 : 0);

        /// <summary>The scaler and class frequencies from the noisy histograms; the rows are clamped to the released ranges.</summary>
        public static (FeatureScaler Scaler, float[]? ClassFrequencies) Release(FeatureRows rows, int[]? rowClasses, int classCount,
            double countNoise, int seed)
        {
            var offset = new float[rows.Size];
            var scale = new float[rows.Size];
            var low = new float[rows.Size];
            var high = new float[rows.Size];
            for (int j = 0; j < rows.Size; j++)
            {
                int slot = j;
                var (lo, hi) = NoisyRange.Release(Slot(rows, slot), countNoise, SeedStreams.Random(seed, NoiseStream + slot));
                (low[j], high[j]) = ((float)lo, (float)hi);
                offset[j] = (float)((lo + hi) / 2);
                scale[j] = (float)((hi - lo) / 2);
            }
            foreach (var (values, count) in rows.Chunks())
            {
                for (int i = 0; i < count * rows.Size; i++)
                    values[i] = Math.Clamp(values[i], low[i % rows.Size], high[i % rows.Size]);
            }
            float[]? frequencies = null;
            if (rowClasses is not null)
            {
                var noise = SeedStreams.Random(seed, NoiseStream - 1);
                var counts = new double[classCount];
                foreach (int c in rowClasses)
                    counts[c]++;
                // A class seen too rarely to show still gets a little weight: a condition with none could never be trained.
                var noisy = counts.Select(n => Math.Max(1.0, n + NoisyRange.Gaussian(noise) * countNoise)).ToArray();
                double total = noisy.Sum();
                frequencies = noisy.Select(n => (float)(n / total)).ToArray();
            }
            return (new FeatureScaler(offset, scale), frequencies);
        }

        private static System.Collections.Generic.IEnumerable<double> Slot(FeatureRows rows, int slot)
        {
            foreach (var (values, count) in rows.Chunks())
            {
                for (int r = 0; r < count; r++)
                    yield return values[r * rows.Size + slot];
            }
        }
    }
}
