using System;

namespace Microsoft.ML.Gan.Randomness
{
    /// <summary>
    /// Independent random streams derived from one user seed: a SplitMix64 finaliser over (seed, stream index).
    /// The derivation is pure arithmetic, so a stream is the same in every process; <see cref="HashCode"/> and
    /// <see cref="object.GetHashCode"/> are randomised per process in .NET and must not be used for seeds.
    /// </summary>
    internal static class SeedStreams
    {
        /// <summary>The 64-bit seed of stream <paramref name="stream"/> of <paramref name="seed"/> (for TorchSharp generators).</summary>
        public static ulong Derive(int seed, long stream)
        {
            ulong x = unchecked(((ulong)(uint)seed << 32) ^ (ulong)stream ^ 0x9E3779B97F4A7C15UL);
            x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
            x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
            return x ^ (x >> 31);
        }

        /// <summary>A <see cref="Random"/> on stream <paramref name="stream"/> of <paramref name="seed"/>.</summary>
        public static Random Random(int seed, long stream) => new(unchecked((int)Derive(seed, stream)));
    }
}
