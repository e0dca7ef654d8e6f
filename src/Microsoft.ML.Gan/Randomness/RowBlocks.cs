using TorchSharp;

namespace Microsoft.ML.Gan.Randomness
{
    /// <summary>
    /// Generation draws per block of rows (a GAN's cursor runs several blocks through the generator in one pass), and
    /// block b of a generation seed draws everything it needs (noise, classes or conditions, Gumbel noise) from its
    /// own generator seeded by (seed, b): a row depends only on the seed and its position, never on which cursor
    /// asked or where it started.
    /// There are two block sizes because each is part of its kind of model's contract: a saved model does not store
    /// it, and the same seed must give the same rows after an upgrade, so making them one would change every row one
    /// of the two kinds of model generates. The table block is also the unit of rejection sampling (its acceptance
    /// rate is judged per block).
    /// </summary>
    internal static class RowBlocks
    {
        /// <summary>Rows per block of a GAN's generated vectors.</summary>
        public const int Gan = 256;

        /// <summary>Rows per block of a tabular GAN's generated table.</summary>
        public const int Table = 500;

        /// <summary>The generator block <paramref name="block"/> of <paramref name="seed"/> draws from (on the CPU, where generation runs).</summary>
        public static torch.Generator Generator(int seed, long block) => new(SeedStreams.Derive(seed, block), torch.CPU);

        /// <summary>
        /// The generator of try <paramref name="tryNumber"/> (1, 2, ...) of block <paramref name="block"/>: rows that must be
        /// generated again (a condition missed, a constraint broken) take the same position of the block's next try.
        /// </summary>
        public static torch.Generator Retry(int seed, long block, int tryNumber) =>
            new(SeedStreams.Derive(unchecked((int)SeedStreams.Derive(seed, block)), -tryNumber), torch.CPU);
    }
}
