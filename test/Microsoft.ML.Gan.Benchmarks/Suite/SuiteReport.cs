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

    /// <summary>
    /// The suite's markdown: the command and budget, the tables, the per-table summary (<see cref="SuiteSummary"/>) and
    /// every seed. Synthesizers appear in the fixed order of <see cref="Synthesizers"/>, each only when it ran.
    /// </summary>
    public static class SuiteReport
    {
        public const string TabularGan = "TabularGan";
        public const string Tvae = "TVAE";
        public const string Ctgan = "CTGAN";

        /// <summary>Ours first, the reference last, so that every table reads left to right the same way.</summary>
        public static readonly string[] Synthesizers = { TabularGan, Tvae, Ctgan };

        public static string Markdown(string command, int[] seeds, int epochs, int? vaeEpochs, int? peerEpochs, IReadOnlyList<TableFacts> tables, IReadOnlyList<SeedResult> results)
        {
            var s = new StringBuilder();
            s.AppendLine($"Command: `{command}`");
            s.AppendLine();
            s.AppendLine($"Budget: seeds {string.Join(", ", seeds)}; TabularGan at its default options with Epochs = {epochs}" +
                (vaeEpochs is int v ? $"; TVAE (TabularVae) at its default options with Epochs = {v}" : "; TVAE not run") +
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
            var ran = Synthesizers.Where(n => results.Any(r => r.Scores.ContainsKey(n))).ToArray();
            SuiteSummary.Append(s, ran, results);
            AppendDetails(s, ran, results);
            return s.ToString();
        }

        private static void AppendDetails(StringBuilder s, string[] ran, IReadOnlyList<SeedResult> results)
        {
            s.AppendLine("<details><summary>Every table and seed</summary>");
            s.AppendLine();
            s.AppendLine("| table | seed | real | real 2nd | " + Headers(ran, "ratio", "2nd ratio", "quality", "max missing gap (pts)", "s/fit") + " |");
            s.AppendLine("|---|---|---|---|" + string.Concat(Enumerable.Repeat("---|", ran.Length * 5)));
            foreach (var r in results)
            {
                bool second = r.Table.Task != SuiteTask.Regression;
                s.AppendLine($"| {r.Table.Name} | {r.Seed} | {F3(r.Real.Primary)} | {(second ? F3(r.Real.Secondary) : "-")} | " + string.Join(" | ", new[]
                {
                    Cells(ran, r, x => F3(x.Ratio)),
                    Cells(ran, r, x => second ? F3(x.SecondRatio) : "-"),
                    Cells(ran, r, x => F3(x.Quality)),
                    Cells(ran, r, x => x.MissingGap is double gap ? gap.ToString("F1", CultureInfo.InvariantCulture) : "-"),
                    Cells(ran, r, x => x.Seconds.ToString("F1", CultureInfo.InvariantCulture)),
                }) + " |");
            }
            s.AppendLine();
            s.AppendLine("</details>");
            s.AppendLine();
        }

        /// <summary>"metric A | metric B | ..." for each metric in turn, one column per synthesizer that ran.</summary>
        internal static string Headers(string[] ran, params string[] metrics) =>
            string.Join(" | ", metrics.SelectMany(m => ran.Select(n => $"{m} {n}")));

        private static string Cells(string[] ran, SeedResult r, Func<Score, string> cell) =>
            string.Join(" | ", ran.Select(n => r.Scores.TryGetValue(n, out var score) ? cell(score) : "-"));

        internal static string F3(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
    }
}
