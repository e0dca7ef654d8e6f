using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Tabular;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan
{
    public sealed partial class TabularGanEstimator
    {
        /// <summary>
        /// Fits a table larger than <see cref="GanOptionsBase.MemoryBudgetBytes"/> without holding it: one statistics pass
        /// (<see cref="TableStatistics"/>: counts, ranges, categories, a uniform sample), the checks, constraints and
        /// encoder on the sample, and training from a shuffle buffer over the view (<see cref="TableStreamMinibatches"/>).
        /// A quarter of the budget bounds the sample (and as much the held-out sample), half of it the shuffle buffer.
        /// <paramref name="reported"/>: the table was read whole before its encoded size sent it here, and its warnings
        /// and constraints are in the log already.
        /// </summary>
        private TabularGanTransformer FitStreamed(IChannel ch, IDataView input, IReadOnlyList<TableColumn> columns, int seed,
            TorchSharp.torch.Device device, TrainingCheckpoint? resume, FitCancellation cancel, string size, bool reported)
        {
            long budget = _options.MemoryBudgetBytes;
            // An abandoned read holds up to the budget: give it back before the buffer is made (as the vector GAN does).
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            int sampleRows = (int)Math.Clamp(budget / 4 / Math.Max(1, TableReader.BytesPerRow(columns)), 1, TableStatistics.MaxSampleRows);
            var heldOutRows = new HeldOutRows(_options.ValidationFraction, seed);
            TableStatistics stats;
            IReadOnlyList<string> warnings;
            try
            {
                stats = TableStatistics.Compute(input, columns, sampleRows, seed, heldOutRows, cancel);
                TableChecks.CheckRows(stats.Rows, MinimumRows, _options.ValidationFraction > 0
                    ? $"{MinimumRowsReason} after holding out ValidationFraction = {_options.ValidationFraction} of the rows"
                    : RowsReason);
                warnings = TableChecks.Check(stats.Sample);
            }
            catch (ArgumentException e)
            {
                throw _host.ExceptParam(nameof(input), e.Message);
            }
            var (learned, constraints) = TableFit.Constrain(_host, ch, stats.Sample, _options.Constraints, warnings, report: !reported);
            // Grouped by the whole table's counts, as the in-memory path groups by the table's (after the constraints, which see real values).
            var groupings = CategoryGrouping.Fit(ch, stats.Categories, stats.CategoryCounts, stats.Rows, _options.MaxCategories, _options.LabelColumnName);
            var sample = CategoryGrouping.Group(learned, groupings);
            var categories = stats.Categories.Select((set, j) => groupings[j]?.Slots ?? set).ToList();
            var counts = stats.CategoryCounts.Select((c, j) => groupings[j]?.SlotCounts ?? c).ToList();
            var (batch, packing, minimumSteps) = TableBatchSize.Plan(stats.Rows, _options.BatchSize, _options.Packing);
            var encoding = FitEncoding(sample, seed, cancel);
            int continuous = columns.Count(c => c.Kind == ColumnKind.Continuous);
            long bufferBytes = TableRowBuffer.BytesPerRow(continuous, columns.Count - continuous);
            int bufferRows = (int)Math.Clamp(Math.Min(budget / 2 / bufferBytes, Array.MaxLength / Math.Max(1, Math.Max(continuous, columns.Count - continuous))), 1, Math.Max(1, stats.Rows));
            ch.Info(MessageSensitivity.None, string.Format(CultureInfo.InvariantCulture,
                "The table is larger than MemoryBudgetBytes ({0} bytes): {1}. Streaming it: one statistics pass counted {2} training rows; " +
                "the encoder is fitted on a uniform sample of {3} rows; each epoch reads the table once through a shuffle buffer of {4} rows " +
                "({5} bytes a row) and draws the conditioned rows from it.",
                budget, size, stats.Rows, stats.Sample.Rows, bufferRows, bufferBytes));

            var counted = categories.Zip(counts).ToList();
            using var trainingConditions = new GenerationConditions(counted.Select(c => (c.First, (int[])c.Second.Clone())).ToList());
            var conditions = new GenerationConditions(counted);
            using var source = new TableStreamMinibatches(input, columns, categories, constraints, encoding, trainingConditions,
                bufferRows, stats.Rows, minimumSteps, heldOutRows, seed, cancel);
            var heldOut = stats.HeldOut is { Rows: > 0 } held ? CategoryGrouping.Group(constraints.ToLearned(held), groupings) : null;
            int latent = _options.ResolveLatentDimension(encoding.Width);
            return Train(ch, source, encoding, trainingConditions, conditions, constraints, heldOut, latent, batch, packing, seed, device, resume,
                $"{stats.Rows} streamed rows of {columns.Count} columns ({continuous} continuous, {columns.Count - continuous} categorical");
        }
    }
}
