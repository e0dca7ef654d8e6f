using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.ML;

namespace Microsoft.ML.Gan.Benchmarks.Tabular
{
    /// <summary>
    /// TabularGan against the reference CTGAN (sdv-dev/CTGAN through its peer script run_ctgan.py, in a shared/peers/ctgan folder beside the repository or given with --peer-script) on the same
    /// splits: for each seed, the seed's 80/20 split of Adult, the 80% written as a CSV for the peer, both
    /// synthesizers trained with that seed, and both outputs scored by the same FastTree protocol (F1 and accuracy
    /// ratios against FastTree trained on the real 80%, tested on the real 20%), the table quality score against the
    /// real 80%, and seconds per training epoch. A peer output already in the work directory is reused, so the
    /// peer and ours can run at different times (`--only peer`, `--only ours`).
    /// Arguments: [--seeds 1,2,3] [--epochs our default] [--peer-epochs 300] [--csv path] [--work dir]
    /// [--peer-script path] [--peer-src dir] [--only ours|peer] [--set Name=value,...]. Markdown to stdout.
    /// </summary>
    public static class SideBySideBenchmark
    {
        public static int Run(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var seeds = Options.Longs(args, "--seeds", new long[] { 1, 2, 3 }).Select(s => (int)s).ToArray();
            var defaults = new TabularGanEstimator.Options();
            int epochs = Options.Int(args, "--epochs", defaults.Epochs);
            int peerEpochs = Options.Int(args, "--peer-epochs", 300);
            string only = Options.String(args, "--only", "") ?? "";
            string path = Options.String(args, "--csv", null) ?? AdultData.Find();
            string work = Path.GetFullPath(Options.String(args, "--work", Path.Combine(Path.GetTempPath(), "gan-sidebyside"))!);
            string script = Options.String(args, "--peer-script", null) ?? FindPeerScript();
            string peerSource = Options.String(args, "--peer-src", null) ?? Environment.GetEnvironmentVariable("CTGAN_SRC") ?? Path.Combine(Path.GetTempPath(), "ctgan-peer");
            string settings = Options.String(args, "--set", "") ?? "";
            Directory.CreateDirectory(work);

            var results = new List<(int Seed, string Name, Score Score)>();
            foreach (int seed in seeds)
            {
                var ml = new MLContext(seed);
                // The best-epoch selection reports its scores and the kept epoch through the log.
                ml.Log += (_, e) =>
                {
                    if (e.Message.Contains("validation score", StringComparison.Ordinal) || e.Message.Contains("Stopping early", StringComparison.Ordinal))
                        Console.Error.WriteLine("  " + e.Message);
                };
                var protocol = MachineLearningEfficacy.ForAdult(ml);
                var (train, test) = protocol.Split(AdultData.Load(ml, path), seed: seed);
                var real = protocol.Evaluate(train, test)[0];
                var trainRows = ml.Data.CreateEnumerable<AdultRow>(train, reuseRowObject: false).ToList();

                if (only != "ours")
                {
                    string trainCsv = Path.Combine(work, $"train-seed{seed}.csv");
                    string peerCsv = Path.Combine(work, $"ctgan-seed{seed}-e{peerEpochs}.csv");
                    string peerLog = peerCsv + ".log";
                    if (!File.Exists(peerCsv))
                    {
                        AdultData.WriteCsv(trainCsv, trainRows);
                        Console.Error.WriteLine($"seed {seed}: reference CTGAN, {peerEpochs} epochs ...");
                        string output = ChildProcess.Run("/usr/bin/python3", $"\"{script}\" \"{trainCsv}\" \"{peerCsv}.tmp\" {peerEpochs} {seed}", ("CTGAN_SRC", peerSource));
                        File.WriteAllText(peerLog, output);
                        File.Move(peerCsv + ".tmp", peerCsv);
                    }
                    double perEpoch = PeerSecondsPerEpoch(File.Exists(peerLog) ? File.ReadAllText(peerLog) : "");
                    var synthetic = AdultData.Load(ml, peerCsv);
                    results.Add((seed, $"CTGAN {peerEpochs} ep", Scored(ml, protocol, train, test, synthetic, real, perEpoch)));
                    Console.Error.WriteLine($"seed {seed}: {Row(results[^1])}");
                }
                if (only != "peer")
                {
                    var options = new TabularGanEstimator.Options { Epochs = epochs, Seed = seed, Progress = new Progress<GanProgress>(p =>
                    {
                        if (p.Epoch % 25 == 0)
                            Console.Error.WriteLine($"  epoch {p.Epoch}/{p.TotalEpochs}: {p.Metrics.Seconds:F2} s");
                    }) };
                    TabularSettings.Apply(options, settings);
                    Console.Error.WriteLine($"seed {seed}: TabularGan, {epochs} epochs{(settings.Length > 0 ? ", " + settings : "")} ...");
                    using var model = ml.Generative().TabularGan(options).Fit(train);
                    double perEpoch = model.TrainingHistory.Average(m => m.Seconds);
                    var synthetic = ml.Data.Cache(model.Generate(trainRows.Count, seed));
                    results.Add((seed, $"TabularGan {epochs} ep", Scored(ml, protocol, train, test, synthetic, real, perEpoch)));
                    Console.Error.WriteLine($"seed {seed}: {Row(results[^1])}");
                }
            }

            Console.WriteLine($"Adult ({path}), 80/20 split per seed; FastTree on synthetic rows, tested on the real 20%; quality against the real 80%." +
                (settings.Length > 0 ? $" TabularGan settings: {settings}." : ""));
            Console.WriteLine();
            Console.WriteLine("| synthesizer | seed | F1 ratio | accuracy ratio | `>50K` share | quality score | s/epoch |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var r in results)
                Console.WriteLine(Row(r));
            foreach (var group in results.GroupBy(r => r.Name))
            {
                var s = group.Select(g => g.Score).ToArray();
                Console.WriteLine(string.Concat($"| **{group.Key}, mean of {s.Length}** | | {Mean(s, x => x.F1Ratio)} | {Mean(s, x => x.AccuracyRatio)} | ",
                    $"{Mean(s, x => x.PositiveShare)} | {Mean(s, x => x.Quality)} | {s.Average(x => x.SecondsPerEpoch):F2} |"));
            }
            return 0;
        }

        /// <summary>One synthesizer's figures on one split.</summary>
        public sealed record Score(double F1Ratio, double AccuracyRatio, double PositiveShare, double Quality, double SecondsPerEpoch);

        private static Score Scored(MLContext ml, MachineLearningEfficacy protocol, IDataView train, IDataView test, IDataView synthetic,
            EfficacyResult real, double secondsPerEpoch)
        {
            var fake = protocol.Evaluate(synthetic, test)[0];
            var similarity = ml.Generative().EvaluateTable(train, synthetic);
            var income = ml.Data.CreateEnumerable<AdultRow>(synthetic, reuseRowObject: false).Select(r => r.Income.Trim()).ToArray();
            double share = income.Count(v => v == AdultData.Positive) / (double)income.Length;
            return new Score(fake.F1 / real.F1, fake.Accuracy / real.Accuracy, share, similarity.Quality.Overall, secondsPerEpoch);
        }

        private static string Row((int Seed, string Name, Score Score) r) =>
            $"| {r.Name} | {r.Seed} | {r.Score.F1Ratio:F3} | {r.Score.AccuracyRatio:F3} | {r.Score.PositiveShare:P1} | {r.Score.Quality:F3} | {r.Score.SecondsPerEpoch:F2} |";

        private static string Mean(Score[] s, Func<Score, double> f) => Spread.MeanAndDeviation(s.Select(f));

        // run_ctgan.py prints "train/epoch Y": the training loop alone, without CTGAN's data preparation.
        private static double PeerSecondsPerEpoch(string log)
        {
            var m = Regex.Match(log, @"train/epoch ([0-9.]+)");
            return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        }

        /// <summary>A script of the peer folder shared/peers/ctgan beside the repository (looked for from the current directory up).</summary>
        internal static string FindPeerScript(string name = "run_ctgan.py")
        {
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "..", "shared", "peers", "ctgan", name);
                if (File.Exists(candidate))
                    return Path.GetFullPath(candidate);
            }
            throw new FileNotFoundException($"{name} not found; pass --peer-script (the peer folder shared/peers/ctgan beside the repository sets CTGAN up).");
        }
    }
}
