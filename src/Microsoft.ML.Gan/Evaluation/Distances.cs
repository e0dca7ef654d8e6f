using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>Batched Euclidean distance helpers shared by the metric families (double precision).</summary>
    internal static class Distances
    {
        /// <summary>Distance matrix entries per block of <see cref="Nearest"/>: 4M doubles, 32 MB.</summary>
        private const long BlockElements = 1L << 22;

        /// <summary>[a rows, b rows] Euclidean distances.</summary>
        public static Tensor Pairwise(Tensor a, Tensor b) => torch.cdist(a, b);

        /// <summary>
        /// Each row's distance to its k-th nearest other row of the same set, from that set's own distance
        /// matrix: the (k + 1)-th smallest entry of the row, the smallest being the row's distance to itself.
        /// </summary>
        public static Tensor KthNeighbourRadii(Tensor within, int k) => within.kthvalue(k + 1, 1).values;

        /// <summary>
        /// Each query row's distance to its nearest reference row, over reference blocks so that memory stays
        /// bounded however many reference rows there are (the work is linear in them).
        /// </summary>
        public static Tensor Nearest(Tensor queries, Tensor reference)
        {
            long q = queries.shape[0], t = reference.shape[0];
            long step = Math.Max(1, BlockElements / Math.Max(1, q));
            using var scope = torch.NewDisposeScope();
            var minima = new List<Tensor>();
            for (long start = 0; start < t; start += step)
            {
                using var d = torch.cdist(queries, reference.narrow(0, start, Math.Min(step, t - start)));
                minima.Add(d.amin(new long[] { 1 }));
            }
            var nearest = minima.Count == 1 ? minima[0] : torch.stack(minima, 1).amin(new long[] { 1 });
            return nearest.MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Each query row's distances to its nearest and second-nearest reference rows, [queries, 2] in that order
        /// (+inf for the second when there is one reference row), over reference blocks as <see cref="Nearest"/> does.
        /// Computed without the matrix-product shortcut, so that a row's distance to its own copy is exactly 0 and
        /// equal distances compare equal (the privacy checks count ties).
        /// </summary>
        public static Tensor NearestTwo(Tensor queries, Tensor reference)
        {
            long q = queries.shape[0], t = reference.shape[0];
            long step = Math.Max(2, BlockElements / Math.Max(1, q));
            Tensor? best = null;
            for (long start = 0; start < t; start += step)
            {
                // One block at a time in its own scope, so memory holds one block's distances, not all of them.
                using var scope = torch.NewDisposeScope();
                var d = torch.cdist(queries, reference.narrow(0, start, Math.Min(step, t - start)), 2.0,
                    compute_mode.donot_use_mm_for_euclid_dist);
                var candidates = best is null ? d : torch.cat(new[] { best, d }, 1);
                var next = candidates.shape[1] == 1
                    ? torch.cat(new[] { candidates, torch.full(q, 1, double.PositiveInfinity, dtype: candidates.dtype) }, 1)
                    : candidates.topk(2, 1, largest: false, sorted: true).values;
                next.MoveToOuterDisposeScope();
                best?.Dispose();
                best = next;
            }
            return best ?? torch.full(q, 2, double.PositiveInfinity, dtype: queries.dtype);
        }

        /// <summary>The median of a 1-D tensor (the mean of the two middle values for an even count).</summary>
        public static double Median(Tensor values)
        {
            using var scope = torch.NewDisposeScope();
            long n = values.shape[0];
            // Selection (kthvalue, 1-based k), not a full sort.
            double upper = values.kthvalue(n / 2 + 1, 0).values.ToDouble();
            return n % 2 == 1 ? upper : 0.5 * (values.kthvalue(n / 2, 0).values.ToDouble() + upper);
        }
    }
}
