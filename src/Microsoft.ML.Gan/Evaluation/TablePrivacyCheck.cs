using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Gan.Tabular;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// The privacy checks of <see cref="TablePrivacy"/>: reads the training, held-out and synthetic tables with the
    /// training table's columns, samples equal counts of training and held-out rows and at most as many synthetic
    /// rows (seeded, without replacement), encodes them (<see cref="PrivacyRowEncoding"/>) and measures distance to
    /// closest record, nearest-neighbour distance ratios and the distance-based membership-inference attack.
    /// </summary>
    internal static class TablePrivacyCheck
    {
        // Seed streams of the three samples, apart from each other.
        private const long TrainingStream = 0x5052_4956_0001;
        private const long HoldoutStream = 0x5052_4956_0002;
        private const long SyntheticStream = 0x5052_4956_0003;

        /// <summary>Reads the three views with the training view's columns; a missing column or a kind mismatch names the column.</summary>
        public static TablePrivacy Compute(IDataView training, IDataView holdout, IDataView synthetic,
            IReadOnlyList<string>? columns, IReadOnlyCollection<string>? categorical, int maxRows, int seed)
        {
            var trainingColumns = TableColumns.Discover(training.Schema, columns, categorical);
            var names = trainingColumns.Select(c => c.Name).ToArray();
            var marked = categorical?.Where(names.Contains).ToArray();
            var holdoutColumns = Matching(holdout, nameof(holdout), "held-out", trainingColumns, names, marked);
            var syntheticColumns = Matching(synthetic, nameof(synthetic), "synthetic", trainingColumns, names, marked);
            return Compute(TableReader.Read(training, trainingColumns), TableReader.Read(holdout, holdoutColumns),
                TableReader.Read(synthetic, syntheticColumns), maxRows, seed);
        }

        public static TablePrivacy Compute(TableData training, TableData holdout, TableData synthetic, int maxRows, int seed)
        {
            if (training.Rows < 2 || holdout.Rows < 2 || synthetic.Rows < 2)
                throw new ArgumentException(
                    $"The privacy checks need at least 2 rows of each table; training has {training.Rows}, held-out {holdout.Rows}, synthetic {synthetic.Rows}.");
            int compared = Math.Min(maxRows, Math.Min(training.Rows, holdout.Rows));
            var trainingRows = Sample(training.Rows, compared, seed, TrainingStream);
            var holdoutRows = Sample(holdout.Rows, compared, seed, HoldoutStream);
            var syntheticRows = Sample(synthetic.Rows, Math.Min(maxRows, synthetic.Rows), seed, SyntheticStream);

            var encoding = new PrivacyRowEncoding(training.Columns.Select(c => c.Column).ToList(),
                new[] { (training, trainingRows), (holdout, holdoutRows) }, new[] { training, holdout, synthetic });
            using var scope = torch.NewDisposeScope();
            var t = encoding.Encode(training, trainingRows);
            var h = encoding.Encode(holdout, holdoutRows);
            var s = encoding.Encode(synthetic, syntheticRows);

            // Distance to closest record, and the nearest-neighbour distance ratio, of each synthetic row.
            var toTraining = Distances.NearestTwo(s, t);
            var toHoldout = Distances.NearestTwo(s, h);
            var dcrTraining = toTraining.select(1, 0);
            var dcrHoldout = toHoldout.select(1, 0);
            double closer = dcrTraining.lt(dcrHoldout).to_type(ScalarType.Float64).mean().item<double>()
                + 0.5 * dcrTraining.eq(dcrHoldout).to_type(ScalarType.Float64).mean().item<double>();

            // The attack: a real row is called a member the closer it is to a synthetic row.
            var trainingScores = Scores(Distances.NearestTwo(t, s).select(1, 0));
            var holdoutScores = Scores(Distances.NearestTwo(h, s).select(1, 0));

            return new TablePrivacy(
                DcrShareCloserToTraining: closer,
                MedianDcrToTraining: Distances.Median(dcrTraining),
                MedianDcrToHoldout: Distances.Median(dcrHoldout),
                MedianNndrToTraining: Distances.Median(Ratio(toTraining)),
                MedianNndrToHoldout: Distances.Median(Ratio(toHoldout)),
                MembershipAttackAuc: RankAuc.Compute(trainingScores, holdoutScores),
                TrainingRows: training.Rows,
                HoldoutRows: holdout.Rows,
                ComparedRows: compared,
                SyntheticRows: syntheticRows.Length);
        }

        // The training table's columns in another table; errors name the column, which table, and its parameter.
        private static IReadOnlyList<TableColumn> Matching(IDataView data, string paramName, string role, IReadOnlyList<TableColumn> trainingColumns,
            string[] names, string[]? categorical)
        {
            IReadOnlyList<TableColumn> found;
            try
            {
                found = TableColumns.Discover(data.Schema, names, categorical);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"The {role} table does not match the training table: {e.Message}", paramName, e);
            }
            for (int i = 0; i < found.Count; i++)
            {
                if (found[i].Kind != trainingColumns[i].Kind)
                    throw new ArgumentException(
                        $"Column '{found[i].Name}' is {trainingColumns[i].Kind} in the training table but {found[i].Kind} in the {role} one ({found[i].Type}).", paramName);
            }
            return found;
        }

        /// <summary>Nearest over second-nearest distance; 1 where both are 0 (a row repeated in the reference).</summary>
        private static Tensor Ratio(Tensor nearestTwo)
        {
            var first = nearestTwo.select(1, 0);
            var second = nearestTwo.select(1, 1);
            return torch.where(second.gt(0), first / second, torch.ones_like(first));
        }

        private static double[] Scores(Tensor distances) => (-distances).contiguous().data<double>().ToArray();

        /// <summary>take of 0..n-1 without replacement in a seeded order (partial Fisher–Yates), then sorted.</summary>
        internal static int[] Sample(int n, int take, int seed, long stream)
        {
            var order = Enumerable.Range(0, n).ToArray();
            var rng = SeedStreams.Random(seed, stream);
            for (int i = 0; i < take; i++)
            {
                int j = rng.Next(i, n);
                (order[i], order[j]) = (order[j], order[i]);
            }
            var taken = order[..take];
            Array.Sort(taken);
            return taken;
        }
    }
}
