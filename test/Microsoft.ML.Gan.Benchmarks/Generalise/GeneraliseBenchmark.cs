using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Benchmarks.Tabular;

namespace Microsoft.ML.Gan.Benchmarks.Generalise
{
    /// <summary>
    /// Do TabularGan's defaults carry over to tables they were not tuned on? For each table and seed: an 80/20 split
    /// (seeded), TabularGan at its default options (plus `--set`) with that seed learns the 80% and generates as many
    /// rows; models trained on the synthetic rows and on the real 80% are tested on the real 20% (<see cref="CaseScores"/>):
    /// R² for the continuous target where present, F1 and accuracy for "is the target missing"; also the target's
    /// missing share (overall and per value of the first category), the quality score against the real 80%, and the
    /// distance to the closest training row (memorisation).
    /// Tables: `generated` (<see cref="GeneratedTable"/>, 5,000 rows), `small` (the same structure, 2,500 rows) and
    /// `complete` (generated's rows with every Spend present: what the missing values cost).
    /// Arguments: [--tables generated,small] [--seeds 1,2,3] [--epochs default] [--rows 5000] [--small-rows 2500] [--set Name=value,...].
    /// </summary>
    public static class GeneraliseBenchmark
    {
        public static int Run(string[] args)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var tables = (Options.String(args, "--tables", "generated,small") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            var seeds = Options.Longs(args, "--seeds", new long[] { 1, 2, 3 }).Select(s => (int)s).ToArray();
            int? epochs = Options.String(args, "--epochs", null) is string e ? int.Parse(e, CultureInfo.InvariantCulture) : null;
            int rows = Options.Int(args, "--rows", 5000);
            int smallRows = Options.Int(args, "--small-rows", 2500);
            string settings = Options.String(args, "--set", "") ?? "";

            var lines = new List<string>();
            var summary = new List<(string Table, Result Result)>();
            foreach (string table in tables)
            {
                foreach (int seed in seeds)
                {
                    var ml = new MLContext(seed);
                    var @case = table switch
                    {
                        "generated" => GeneratedTable.Case(ml, rows, seed: 1000),
                        "small" => GeneratedTable.Case(ml, smallRows, seed: 2000),
                        "complete" => GeneratedTable.Case(ml, rows, seed: 1000, withMissing: false),
                        _ => throw new ArgumentException($"Unknown table '{table}'; use generated, small or complete."),
                    };
                    var split = ml.Data.TrainTestSplit(@case.Data, 0.2, seed: seed);
                    var train = ml.Data.Cache(split.TrainSet);
                    var test = ml.Data.Cache(split.TestSet);
                    var realTrain = @case.Read(train);
                    var realTest = @case.Read(test, realTrain.Levels);

                    var options = new TabularGanEstimator.Options { Seed = seed };
                    if (epochs is int n)
                        options.Epochs = n;
                    TabularSettings.Apply(options, settings);
                    Console.Error.WriteLine($"{@case.Name}, seed {seed}: {realTrain.Count} training rows, {options.Epochs} epochs, batch {options.BatchSize?.ToString(CultureInfo.InvariantCulture) ?? "automatic"} ...");
                    using var model = ml.Generative().TabularGan(options).Fit(train);
                    double perEpoch = model.TrainingHistory.Average(m => m.Seconds);
                    Console.Error.WriteLine("  modes: " + string.Join(", ", ((Microsoft.ML.Gan.Tabular.TableDecoder)model.Model.Decoder).Encoding.Columns.Where(c => c.Normalizer is not null)
                        .Select(c => $"{c.Column.Name} {c.Normalizer!.Modes.Count}")));
                    var synthetic = ml.Data.Cache(model.Generate(realTrain.Count, seed));
                    var fake = @case.Read(synthetic, realTrain.Levels);

                    var scores = new CaseScores(ml);
                    var real = scores.Evaluate(realTrain, realTest);
                    var synth = scores.Evaluate(fake, realTest);
                    double quality = ml.Generative().EvaluateTable(train, synthetic).Quality.Overall;
                    var closest = CaseScores.ClosestRecord(realTrain, realTest, fake);
                    var result = new Result(seed, real, synth, realTrain.MissingShare, fake.MissingShare, quality, closest.Synthetic, closest.HeldOut, closest.Copies,
                        perEpoch, model.TrainingHistory.Count, CaseScores.MissingByCategory(realTrain), CaseScores.MissingByCategory(fake));
                    summary.Add((@case.Name, result));
                    Console.Error.WriteLine("  " + Row(@case.Name, result));
                    Console.Error.WriteLine("  " + ByCategory(@case, result));
                    lines.Add(ByCategory(@case, result));
                }
            }

            Console.WriteLine($"Generalisation checks: 80/20 split per seed, TabularGan at default options{(settings.Length > 0 ? " with " + settings : "")}" +
                $"{(epochs is int x ? $", {x} epochs" : "")}; models on synthetic rows tested on the real 20%.");
            Console.WriteLine();
            Console.WriteLine("| table | seed | R² real | R² synthetic | R² ratio | missing F1 ratio | missing accuracy ratio | missing share real / synthetic | quality | closest-row distance synthetic / held-out | copies | s/epoch |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var (name, r) in summary)
                Console.WriteLine(Row(name, r));
            foreach (var group in summary.GroupBy(s => s.Table))
            {
                var r = group.Select(g => g.Result).ToArray();
                Console.WriteLine(string.Concat($"| **{group.Key}, mean of {r.Length}** | | | | {Mean(r, x => x.Synthetic.R2 / x.Real.R2)} | ",
                    $"{Mean(r, x => x.Synthetic.MissingF1 / x.Real.MissingF1)} | {Mean(r, x => x.Synthetic.MissingAccuracy / x.Real.MissingAccuracy)} | | {Mean(r, x => x.Quality)} | | | |"));
            }
            Console.WriteLine();
            foreach (string line in lines)
                Console.WriteLine(line);
            return 0;
        }

        private sealed record Result(int Seed, CaseScores.Efficacy Real, CaseScores.Efficacy Synthetic, double RealMissing, double SyntheticMissing, double Quality,
            double ClosestSynthetic, double ClosestHeldOut, double Copies, double SecondsPerEpoch, int Epochs,
            IReadOnlyDictionary<string, double> RealByCategory, IReadOnlyDictionary<string, double> SyntheticByCategory);

        private static string Row(string table, Result r) => string.Concat(
            $"| {table} | {r.Seed} | {r.Real.R2:F3} | {r.Synthetic.R2:F3} | {r.Synthetic.R2 / r.Real.R2:F3} | {r.Synthetic.MissingF1 / r.Real.MissingF1:F3} | ",
            $"{r.Synthetic.MissingAccuracy / r.Real.MissingAccuracy:F3} | {r.RealMissing:P1} / {r.SyntheticMissing:P1} | {r.Quality:F3} | ",
            $"{r.ClosestSynthetic:F3} / {r.ClosestHeldOut:F3} | {r.Copies:P1} | {r.SecondsPerEpoch:F2} |");

        private static string ByCategory(TableCase @case, Result r) =>
            $"{@case.Name}, seed {r.Seed}: {@case.Target} missing per {@case.Categorical[0]} (real / synthetic): " +
            string.Join(", ", r.RealByCategory.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => $"{p.Key} {p.Value:P0} / {(r.SyntheticByCategory.TryGetValue(p.Key, out double s) ? s : double.NaN):P0}")) +
            $"; real missing F1 {r.Real.MissingF1:F3}, synthetic {r.Synthetic.MissingF1:F3}.";

        private static string Mean(Result[] r, Func<Result, double> f) => Spread.MeanAndDeviation(r.Select(f));
    }
}
