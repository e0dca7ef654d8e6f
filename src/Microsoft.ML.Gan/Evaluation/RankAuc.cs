using System;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// The exact area under the ROC curve of a score at ranking positives above negatives: the Mann–Whitney U
    /// statistic over n₊ n₋, from mid-ranks, so that a tie between a positive and a negative counts one half.
    /// </summary>
    internal static class RankAuc
    {
        public static double Compute(double[] positives, double[] negatives)
        {
            if (positives.Length == 0 || negatives.Length == 0)
                throw new ArgumentException("The AUC needs at least one positive and one negative score.");
            int n = positives.Length + negatives.Length;
            var scores = new double[n];
            var positive = new bool[n];
            positives.CopyTo(scores, 0);
            negatives.CopyTo(scores, positives.Length);
            Array.Fill(positive, true, 0, positives.Length);
            foreach (double s in scores)
            {
                if (double.IsNaN(s))
                    throw new ArgumentException("The AUC's scores must not be NaN.");
            }
            var order = new int[n];
            for (int i = 0; i < n; i++)
                order[i] = i;
            Array.Sort((double[])scores.Clone(), order);
            // Sum of the positives' ranks (1-based), each run of equal scores given its mean rank.
            double positiveRanks = 0;
            for (int start = 0; start < n;)
            {
                int end = start;
                while (end + 1 < n && scores[order[end + 1]] == scores[order[start]])
                    end++;
                double midRank = (start + end) / 2.0 + 1;
                for (int k = start; k <= end; k++)
                {
                    if (positive[order[k]])
                        positiveRanks += midRank;
                }
                start = end + 1;
            }
            double np = positives.Length, nn = negatives.Length;
            return (positiveRanks - np * (np + 1) / 2) / (np * nn);
        }
    }
}
