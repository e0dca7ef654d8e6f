using System;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The minibatch size a tabular GAN uses when the user leaves <c>BatchSize</c> unset: CTGAN's 500 for tables of
    /// 10,000 rows or more, and for smaller tables a batch that gives every epoch at least
    /// <see cref="StepsPerEpoch"/> generator steps, down to <see cref="Smallest"/> rows. At 500 rows a batch, a table
    /// of 2,500 rows gets 4 steps an epoch, 1,200 in the default 300 epochs, and a model trained on its synthetic
    /// rows predicted worse than the mean; five times the steps fixed that (docs/BENCHMARKS.md, "Do the defaults
    /// generalise?"). Tables of 10,000 rows or more train exactly as before.
    /// </summary>
    internal static class TableBatchSize
    {
        /// <summary>CTGAN's batch size, the largest chosen automatically.</summary>
        public const int Largest = 500;

        /// <summary>The smallest batch chosen automatically (ten packs of CTGAN's ten rows); smaller tables get fewer steps an epoch.</summary>
        public const int Smallest = 100;

        /// <summary>Generator steps an epoch the automatic batch aims for.</summary>
        public const int StepsPerEpoch = 20;

        /// <summary>
        /// The automatic batch for <paramref name="rows"/> training rows: rows / <see cref="StepsPerEpoch"/> within
        /// [<see cref="Smallest"/>, <see cref="Largest"/>], never more than the rows, rounded down to a multiple of
        /// <paramref name="packing"/> (at least one pack; the row check reports a table smaller than that).
        /// </summary>
        public static int For(long rows, int packing)
        {
            if (packing < 1)
                throw new ArgumentOutOfRangeException(nameof(packing), packing, "Packing must be at least 1.");
            long target = Math.Clamp(rows / StepsPerEpoch, Smallest, Largest);
            long batch = Math.Min(target, rows) / packing * packing;
            return (int)Math.Max(batch, packing);
        }
    }
}
