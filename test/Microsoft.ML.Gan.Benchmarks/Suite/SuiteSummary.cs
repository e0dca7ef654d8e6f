using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.Gan.Benchmarks.Suite
{
    /// <summary>
    /// The report's summary table: per table, mean ± sample standard deviation over seeds of each synthesizer's figures;
    /// over tables, the mean and the worst table of each synthesizer, then how many tables each of ours is ahead of
    /// CTGAN on. Issue #20's goals read off it: ahead of CTGAN on at least three quarters of the tables, no table's
    /// ratio below 0.80, missing-value shares within 2 points on every column.
    /// </summary>
    public static class SuiteSummary
    {
        public static void Append(StringBuilder s, string[] ran, IReadOnlyList<SeedResult> results)
        {
            s.AppendLine("Efficacy ratio = FastTree trained on the synthetic rows / trained on the real 80%, both tested on the real 20% " +
                "(binary: F1 of the positive class, then AUC; multi-class: macro-F1, then accuracy; regression: R²). Quality: `EvaluateTable(real 80%, synthetic).Quality.Overall`. " +
                "Max missing gap: the largest difference over columns between the synthetic and the real 80%'s share of missing cells, in percentage points " +
                "(\"-\" where the real 80% has none). Mean ± sample standard deviation over seeds; s/fit is the wall time of one Fit (CTGAN: `CTGAN.fit`, data preparation included). " +
                "Over tables each table's mean over seeds counts once; the worst row holds each synthesizer's lowest table ratio and largest table missing gap, with the table's name.");
            s.AppendLine();
            s.AppendLine($"| table | task | metric | real | {SuiteReport.Headers(ran, "ratio")} | 2nd metric | " +
                $"{SuiteReport.Headers(ran, "2nd ratio", "quality", "max missing gap (pts)", "s/fit")} |");
            s.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", 5 + 5 * ran.Length)));
            var perTable = results.GroupBy(r => r.Table.Name).Select(g => g.ToArray()).ToArray();
            foreach (var r in perTable)
            {
                var task = r[0].Table.Task;
                var (first, second) = TaskEfficacy.Names(task);
                bool hasSecond = task != SuiteTask.Regression;
                s.AppendLine($"| {r[0].Table.Name} | {task.ToString().ToLowerInvariant()} | {first} | {Spread.MeanAndDeviation(r.Select(x => x.Real.Primary))} | " +
                    $"{Cells(ran, n => Mean(r, n, x => x.Ratio))} | {second} | " +
                    $"{Cells(ran, n => hasSecond ? Mean(r, n, x => x.SecondRatio) : "-")} | {Cells(ran, n => Mean(r, n, x => x.Quality))} | " +
                    $"{Cells(ran, n => Ran(r, n) && r.All(x => x.Scores[n].MissingGap is not null) ? Spread.MeanAndDeviation(r.Select(x => x.Scores[n].MissingGap!.Value), "F1") : "-")} | " +
                    $"{Cells(ran, n => Ran(r, n) ? r.Average(x => x.Scores[n].Seconds).ToString("F1", CultureInfo.InvariantCulture) : "-")} |");
            }
            // A regression ratio has no lower bound (R² of a model trained on poor rows can be far below 0), so the
            // classification tables get a mean of their own.
            var groups = new[]
            {
                ("classification", perTable.Where(g => g[0].Table.Task != SuiteTask.Regression).ToArray()),
                ("all", perTable),
            }.Where(g => g.Item2.Length > 0).ToArray();
            foreach (var (label, tables) in groups)
            {
                string blank = Cells(ran, _ => "");
                s.AppendLine($"| **mean over {tables.Length} tables ({label})** | | first metric | | " +
                    $"{Cells(ran, n => Average(tables.Select(g => TableMean(g, n, x => x.Ratio))))} | | {blank} | " +
                    $"{Cells(ran, n => Average(tables.Select(g => TableMean(g, n, x => x.Quality))))} | {blank} | {blank} |");
                s.AppendLine($"| **worst of {tables.Length} tables ({label})** | | first metric | | " +
                    $"{Cells(ran, n => LowestRatio(tables, n))} | | {blank} | {blank} | {Cells(ran, n => LargestGap(tables, n))} | {blank} |");
            }
            s.AppendLine();
            if (ran.Contains(SuiteReport.Ctgan) && ran.Length > 1)
            {
                foreach (var (label, tables) in groups)
                {
                    s.AppendLine($"- {label} tables: " + string.Join("; ", ran.Where(n => n != SuiteReport.Ctgan).Select(n =>
                        $"{n} ahead of CTGAN on {tables.Count(g => TableMean(g, n, x => x.Ratio) > TableMean(g, SuiteReport.Ctgan, x => x.Ratio))} of {tables.Length}")) +
                        " (mean first-metric ratio over seeds; a table without a figure is not ahead).");
                }
                s.AppendLine();
            }
        }

        private static bool Ran(SeedResult[] r, string name) => r.All(x => x.Scores.ContainsKey(name));

        private static string Cells(string[] ran, Func<string, string> cell) => string.Join(" | ", ran.Select(cell));

        private static string Mean(SeedResult[] r, string name, Func<Score, double> f) =>
            Ran(r, name) ? Spread.MeanAndDeviation(r.Select(x => f(x.Scores[name]))) : "-";

        /// <summary>A table's mean over seeds; NaN when the synthesizer did not run on every seed, so it never counts as ahead.</summary>
        private static double TableMean(SeedResult[] r, string name, Func<Score, double> f) =>
            Ran(r, name) ? r.Average(x => f(x.Scores[name])) : double.NaN;

        private static string Average(IEnumerable<double> values) => SuiteReport.F3(values.Average());

        // NaN (a seed whose rows FastTree could not learn) sorts first, so a table without a figure shows as the worst.
        private static string LowestRatio(SeedResult[][] tables, string name)
        {
            var worst = tables.Select(g => (Name: g[0].Table.Name, Ratio: TableMean(g, name, x => x.Ratio))).OrderBy(t => t.Ratio).First();
            return $"{SuiteReport.F3(worst.Ratio)} ({worst.Name})";
        }

        private static string LargestGap(SeedResult[][] tables, string name)
        {
            var gaps = tables.Where(g => Ran(g, name) && g.All(x => x.Scores[name].MissingGap is not null))
                .Select(g => (Name: g[0].Table.Name, Gap: g.Average(x => x.Scores[name].MissingGap!.Value))).ToArray();
            if (gaps.Length == 0)
                return "-";
            var worst = gaps.MaxBy(t => t.Gap);
            return $"{worst.Gap.ToString("F1", CultureInfo.InvariantCulture)} ({worst.Name})";
        }
    }
}
