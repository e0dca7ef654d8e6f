using System;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The minibatch size a tabular GAN uses when the user leaves <c>BatchSize</c> unset: CTGAN's 500 for tables of
    /// 10,000 rows or more, and for smaller tables a batch that gives every epoch at least
    /// <see cref="StepsPerEpoch"/> generator steps, down to <see cref="Smallest"/> rows. At 500 rows a batch, a table
    /// of 2,500 rows gets 4 steps an epoch, 1,200 in the default 300 epochs, and a model trained on its synthetic
    /// rows predicted worse than the mean; five times the steps fixed that (docs/BENCHMARKS.md, "Do the defaults
    /// generalise?"). Below 2,000 rows the batch cannot shrink further (a critic needs several packs), so an epoch
    /// with the automatic batch is also at least <see cref="StepsPerEpoch"/> steps: a table of 175 rows gets 6,000
    /// steps in the default 300 epochs, not 300, which is what kept its columns' relations from being learned at all
    /// (docs/BENCHMARKS.md, the suite). Tables of 10,000 rows or more train exactly as before.
    /// </summary>
    internal static class TableBatchSize
    {
        /// <summary>CTGAN's batch size, the largest chosen automatically.</summary>
        public const int Largest = 500;

        /// <summary>The smallest batch chosen automatically (ten packs of CTGAN's ten rows); smaller tables get fewer steps an epoch.</summary>
        public const int Smallest = 100;

        /// <summary>Generator steps an epoch the automatic batch aims for, and the fewest an epoch with the automatic batch has.</summary>
        public const int StepsPerEpoch = 20;

        /// <summary>Packs the critic judges a step with the automatic packing: CTGAN's 50 (ten rows a pack, 500 a batch).</summary>
        public const int PacksPerBatch = 50;

        /// <summary>CTGAN's packing, the largest chosen automatically.</summary>
        public const int LargestPacking = 10;

        /// <summary>
        /// The automatic packing for a minibatch of <paramref name="batch"/> rows: <see cref="PacksPerBatch"/> packs
        /// (batch / 50 rows each) within [1, <see cref="LargestPacking"/>]. CTGAN's ten rows a pack at batch 500 left the
        /// critic ten packs a step at the batch of 100 rows smaller tables get, and a relation between two continuous
        /// columns came out at a third of its slope; two rows a pack (50 packs) kept most of it (docs/BENCHMARKS.md).
        /// </summary>
        public static int AutomaticPacking(int batch) => Math.Clamp(batch / PacksPerBatch, 1, LargestPacking);

        /// <summary>
        /// A table's minibatch plan: the user's batch and packing where set, else the automatic ones, and the fewest steps
        /// an epoch has (<see cref="StepsPerEpoch"/> with the automatic batch, else one: rows / batch as set).
        /// </summary>
        public static (int Batch, int Packing, int MinimumSteps) Plan(long rows, int? batchSize, int? packing)
        {
            int pack = packing ?? AutomaticPacking(batchSize ?? Target(rows));
            return batchSize is int batch ? (batch, pack, 1) : (For(rows, pack), pack, StepsPerEpoch);
        }

        /// <summary>The automatic batch before it is rounded to the packing: rows / <see cref="StepsPerEpoch"/> within [<see cref="Smallest"/>, <see cref="Largest"/>], never more than the rows.</summary>
        public static int Target(long rows) => (int)Math.Min(Math.Clamp(rows / StepsPerEpoch, Smallest, Largest), Math.Max(rows, 1));

        /// <summary>
        /// The automatic batch for <paramref name="rows"/> training rows: rows / <see cref="StepsPerEpoch"/> within
        /// [<see cref="Smallest"/>, <see cref="Largest"/>], never more than the rows, rounded down to a multiple of
        /// <paramref name="packing"/> (at least one pack; the row check reports a table smaller than that).
        /// </summary>
        public static int For(long rows, int packing)
        {
            if (packing < 1)
                throw new ArgumentOutOfRangeException(nameof(packing), packing, "Packing must be at least 1.");
            long batch = Target(rows) / packing * packing;
            return (int)Math.Max(batch, packing);
        }
    }
}
