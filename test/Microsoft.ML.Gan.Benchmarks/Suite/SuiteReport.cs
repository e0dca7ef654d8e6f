using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Microsoft.ML.Gan.Benchmarks.Suite
{
    /// <summary>What the data table of the report says about a table, counted from its rows.</summary>
    public sealed record TableFacts(SuiteTable Table, int Rows, int Numeric, int Categorical, double MissingShare, string Classes)
    {
        public static TableFacts Of(SuiteTable table, List<string[]> rows)
        {
            int target = Array.FindIndex(table.Columns, c => c.Name == table.Target);
            double missing = rows.Sum(r => r.Count(f => f.Length == 0)) / (double)Math.Max(1, rows.Count * table.Columns.Length);
            string classes = table.Task == SuiteTask.Regression ? "-" : string.Join(", ", rows.GroupBy(r => r[target])
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count() / (double)rows.Count:P1}"));
            var features = table.Features.ToArray();
            return new TableFacts(table, rows.Count, features.Count(c => !c.Categorical), features.Count(c => c.Categorical), missing, classes);
        }
    }

    /// <summary>The suite's markdown: the command and budget, the tables, the per-table summary (mean ± sample standard deviation over seeds) and every seed.</summary>
    public static class SuiteReport
    {
        public static string Markdown(string command, int[] seeds, int epochs, int? peerEpochs, IReadOnlyList<TableFacts> tables, IReadOnlyList<SeedResult> results)
        {
            var s = new StringBuilder();
            s.AppendLine($"Command: `{command}`");
            s.AppendLine();
            s.AppendLine($"Budget: seeds {string.Join(", ", seeds)}; TabularGan at its default options with Epochs = {epochs}" +
                (peerEpochs is int p ? $"; reference CTGAN (run_ctgan.py, CTGAN's defaults) with epochs = {p}." : "; reference CTGAN not run."));
            s.AppendLine();
            s.AppendLine("| table | source (Debian package: file) | licence | rows | numeric / categorical features | target | task | missing cells | classes | note |");
            s.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var f in tables)
            {
                s.AppendLine($"| {f.Table.Name} | {f.Table.Package}: `{f.Table.Path}` | {f.Table.Licence} | {f.Rows:N0} | {f.Numeric} / {f.Categorical} | {f.Table.Target} | " +
                    $"{f.Table.Task.ToString().ToLowerInvariant()}{(f.Table.Positive is string pos ? $" (positive: {pos})" : "")} | {f.MissingShare:P1} | {f.Classes} | {f.Table.Note} |");
            }
            s.AppendLine();
            s.AppendLine("Efficacy ratio = FastTree trained on the synthetic rows / trained on the real 80%, both tested on the real 20% " +
                "(binary: F1 of the positive class, then AUC; multi-class: macro-F1, then accuracy; regression: R²). Quality: `EvaluateTable(real 80%, synthetic).Quality.Overall`. " +
                "Mean ± sample standard deviation over seeds; s/fit is the wall time of one Fit (CTGAN: `CTGAN.fit`, data preparation included).");
            s.AppendLine();
            s.AppendLine("| table | task | metric | real | ratio TabularGan | ratio CTGAN | 2nd metric | 2nd ratio TabularGan | 2nd ratio CTGAN | quality TabularGan | quality CTGAN | s/fit TabularGan | s/fit CTGAN |");
            s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var group in results.GroupBy(r => r.Table.Name))
            {
                var r = group.ToArray();
                var task = r[0].Table.Task;
                var (first, second) = TaskEfficacy.Names(task);
                bool hasSecond = task != SuiteTask.Regression;
                s.AppendLine($"| {group.Key} | {task.ToString().ToLowerInvariant()} | {first} | {Mean(r.Select(x => x.Real.Primary))} | " +
                    $"{Mean(r.Select(x => x.Ours.Ratio))} | {PeerMean(r, x => x.Ratio)} | {second} | " +
                    $"{(hasSecond ? Mean(r.Select(x => x.Ours.SecondRatio)) : "-")} | {(hasSecond ? PeerMean(r, x => x.SecondRatio) : "-")} | " +
                    $"{Mean(r.Select(x => x.Ours.Quality))} | {PeerMean(r, x => x.Quality)} | {r.Average(x => x.Ours.Seconds):F1} | " +
                    $"{(r.All(x => x.Peer is not null) ? r.Average(x => x.Peer!.Seconds).ToString("F1", CultureInfo.InvariantCulture) : "-")} |");
            }
            // Over tables, each table's mean over seeds counting once. A regression ratio has no lower bound (R² of a
            // model trained on poor rows can be far below 0), so the classification tables get a mean of their own.
            bool peerRan = results.All(x => x.Peer is not null);
            foreach (var (label, chosen) in new[]
            {
                ("classification", results.Where(r => r.Table.Task != SuiteTask.Regression).ToArray()),
                ("all", results.ToArray()),
            })
            {
                var perTable = chosen.GroupBy(r => r.Table.Name).Select(g => g.ToArray()).ToArray();
                if (perTable.Length == 0)
                    continue;
                s.AppendLine($"| **mean over {perTable.Length} tables ({label})** | | first metric | | {Average(perTable.Select(g => g.Average(x => x.Ours.Ratio)))} | " +
                    $"{(peerRan ? Average(perTable.Select(g => g.Average(x => x.Peer!.Ratio))) : "-")} | | | | " +
                    $"{Average(perTable.Select(g => g.Average(x => x.Ours.Quality)))} | " +
                    $"{(peerRan ? Average(perTable.Select(g => g.Average(x => x.Peer!.Quality))) : "-")} | | |");
            }
            s.AppendLine();
            s.AppendLine("<details><summary>Every table and seed</summary>");
            s.AppendLine();
            s.AppendLine("| table | seed | real | real 2nd | ratio TabularGan | ratio CTGAN | 2nd ratio TabularGan | 2nd ratio CTGAN | quality TabularGan | quality CTGAN | s/fit TabularGan | s/fit CTGAN |");
            s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in results)
            {
                bool second = r.Table.Task != SuiteTask.Regression;
                s.AppendLine($"| {r.Table.Name} | {r.Seed} | {r.Real.Primary:F3} | {(second ? r.Real.Secondary.ToString("F3", CultureInfo.InvariantCulture) : "-")} | " +
                    $"{r.Ours.Ratio:F3} | {Peer(r, x => x.Ratio)} | {(second ? r.Ours.SecondRatio.ToString("F3", CultureInfo.InvariantCulture) : "-")} | " +
                    $"{(second ? Peer(r, x => x.SecondRatio) : "-")} | {r.Ours.Quality:F3} | {Peer(r, x => x.Quality)} | {r.Ours.Seconds:F1} | {Peer(r, x => x.Seconds, "F1")} |");
            }
            s.AppendLine();
            s.AppendLine("</details>");
            s.AppendLine();
            return s.ToString();
        }

        private static string Mean(IEnumerable<double> values) => Spread.MeanAndDeviation(values);

        private static string Average(IEnumerable<double> values) => values.Average().ToString("F3", CultureInfo.InvariantCulture);

        private static string PeerMean(SeedResult[] r, Func<Score, double> f) => r.All(x => x.Peer is not null) ? Mean(r.Select(x => f(x.Peer!))) : "-";

        private static string Peer(SeedResult r, Func<Score, double> f, string format = "F3") =>
            r.Peer is null ? "-" : f(r.Peer).ToString(format, CultureInfo.InvariantCulture);
    }
}
