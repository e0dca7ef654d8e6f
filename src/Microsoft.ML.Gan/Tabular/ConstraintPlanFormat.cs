using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Persistence;
using static Microsoft.ML.Gan.Tabular.ConstraintPlan;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// A <see cref="ConstraintPlan"/> in a saved table model: counts, then each part. Read back as untrusted input:
    /// every column position is checked against the model's columns and their kinds, every count is bounded.
    /// </summary>
    internal static class ConstraintPlanFormat
    {
        private const int MaxParts = 1 << 12;
        private const int MaxCombinations = 1 << 24;

        public static void Write(PayloadWriter w, ConstraintPlan plan)
        {
            w.Write(plan.Gaps.Count);
            foreach (var g in plan.Gaps)
            {
                w.Write(g.Lower);
                w.Write(g.Upper);
                w.Write(g.UpperMin);
                w.Write(g.UpperMax);
            }
            w.Write(plan.Orders.Count);
            foreach (var o in plan.Orders)
            {
                w.Write(o.Lower);
                w.Write(o.Upper);
            }
            w.Write(plan.Clamps.Count);
            foreach (var c in plan.Clamps)
            {
                w.Write(c.Column);
                w.Write(c.Min);
                w.Write(c.Max);
            }
            w.Write(plan.Combinations.Count);
            foreach (var c in plan.Combinations)
            {
                w.Write(c.Columns.Length);
                foreach (int column in c.Columns)
                    w.Write(column);
                // Sorted, so that the same model saves to the same bytes.
                var seen = c.Seen.OrderBy(k => k, StringComparer.Ordinal).ToArray();
                w.Write(seen.Length);
                foreach (var key in seen)
                    w.Write(key);
            }
        }

        public static ConstraintPlan Read(PayloadReader r, TableEncoding encoding)
        {
            var names = encoding.Columns.Select(c => c.Column.Name).ToArray();
            var gaps = new Gap[r.ReadCount("gap constraints", 24, MaxParts)];
            for (int i = 0; i < gaps.Length; i++)
            {
                int lower = Continuous(r, encoding), upper = Continuous(r, encoding);
                double min = r.ReadDouble(), max = r.ReadDouble();
                if (lower == upper || !(min <= max))
                    throw r.Damaged($"it declares a gap constraint between columns {lower} and {upper} with range [{min}, {max}]");
                gaps[i] = new Gap(lower, upper, min, max);
            }
            var orders = new Order[r.ReadCount("order constraints", 8, MaxParts)];
            for (int i = 0; i < orders.Length; i++)
                orders[i] = new Order(Continuous(r, encoding), Continuous(r, encoding));
            var clamps = new Clamp[r.ReadCount("range constraints", 20, MaxParts)];
            for (int i = 0; i < clamps.Length; i++)
            {
                int column = Continuous(r, encoding);
                double min = r.ReadDouble(), max = r.ReadDouble();
                if (!(min <= max))
                    throw r.Damaged($"it declares a range constraint [{min}, {max}]");
                clamps[i] = new Clamp(column, min, max);
            }
            var combinations = new Combination[r.ReadCount("combination constraints", 8, MaxParts)];
            for (int i = 0; i < combinations.Length; i++)
            {
                var columns = new int[r.ReadCount("combined columns", 4, names.Length)];
                for (int k = 0; k < columns.Length; k++)
                {
                    columns[k] = r.ReadInt32();
                    if ((uint)columns[k] >= (uint)names.Length || !encoding.Columns[columns[k]].IsCategorical)
                        throw r.Damaged($"it declares a combination constraint on column {columns[k]}");
                }
                int n = r.ReadCount("seen combinations", 1, MaxCombinations);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (int k = 0; k < n; k++)
                    seen.Add(r.ReadString());
                combinations[i] = new Combination(columns, seen);
            }
            return new ConstraintPlan(names, gaps, orders, clamps, combinations);
        }

        private static int Continuous(PayloadReader r, TableEncoding encoding)
        {
            int column = r.ReadInt32();
            if ((uint)column >= (uint)encoding.Columns.Count || encoding.Columns[column].Normalizer is null)
                throw r.Damaged($"it declares a constraint on column {column}, which is not a continuous column of the model");
            return column;
        }
    }
}
