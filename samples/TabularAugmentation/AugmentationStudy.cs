using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan;

namespace TabularAugmentation
{
    /// <summary>One (real rows, seed) cell of the study: F1 and AUC of the three training sets on the real test split.</summary>
    public sealed record AugmentationResult(int RealRows, int Seed, int RareSynthetic, int AllSynthetic,
        double F1, double Auc, double F1WithRare, double AucWithRare, double F1WithAll, double AucWithAll);

    /// <summary>
    /// For each number of real rows and seed: draws that many training rows (seeded), trains a tabular GAN on them
    /// alone, and trains FastTree on (a) the real rows, (b) plus as many synthetic "&gt;50K" rows as the real rows
    /// have, (c) plus as many synthetic rows of all classes as there are real rows; all tested on the same real rows.
    /// </summary>
    public sealed class AugmentationStudy
    {
        public const string RareClass = ">50K";

        private readonly MLContext _ml;
        private readonly IReadOnlyList<AdultRow> _train;
        private readonly IDataView _test;
        private readonly int _steps;

        public AugmentationStudy(MLContext ml, IReadOnlyList<AdultRow> train, IDataView test, int steps)
        {
            _ml = ml;
            _train = train;
            _test = test;
            _steps = steps;
        }

        /// <summary>The GAN trained on all rows with the first seed, and its rows (the caller disposes it).</summary>
        public (TabularGanTransformer Model, List<AdultRow> Rows)? KeptModel { get; private set; }

        public List<AugmentationResult> Run(int[] sizes, int[] seeds, Action<string> log)
        {
            var results = new List<AugmentationResult>();
            foreach (int size in sizes)
            {
                foreach (int seed in seeds)
                {
                    var rows = Draw(size, seed);
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var model = _ml.Generative().TabularGan(GanOptions(rows.Count, seed)).Fit(_ml.Data.LoadFromEnumerable(rows));
                    try
                    {
                        int rare = rows.Count(r => r.Income == RareClass);
                        var real = _ml.Data.LoadFromEnumerable(rows);
                        var withRare = Concat(rows, model.Generate(rare, seed + 100, TableCondition.Equal("Income", RareClass)));
                        var withAll = Concat(rows, model.Generate(rows.Count, seed + 200));
                        var a = IncomeClassifier.TrainAndTest(_ml, real, _test);
                        var b = IncomeClassifier.TrainAndTest(_ml, withRare, _test);
                        var c = IncomeClassifier.TrainAndTest(_ml, withAll, _test);
                        var result = new AugmentationResult(rows.Count, seed, rare, rows.Count,
                            a.F1Score, a.AreaUnderRocCurve, b.F1Score, b.AreaUnderRocCurve, c.F1Score, c.AreaUnderRocCurve);
                        results.Add(result);
                        log(string.Format(CultureInfo.InvariantCulture,
                            "  {0,6} real rows, seed {1}: F1 real {2:F3}, + {3} rare synthetic {4:F3}, + {5} synthetic {6:F3} ({7:F0} s)",
                            rows.Count, seed, a.F1Score, rare, b.F1Score, rows.Count, c.F1Score, clock.Elapsed.TotalSeconds));
                        if (size == sizes[^1] && seed == seeds[0] && KeptModel is null)
                        {
                            KeptModel = (model, rows);
                            model = null;
                        }
                    }
                    finally
                    {
                        model?.Dispose();
                    }
                }
            }
            return results;
        }

        /// <summary>Per size: the real-only scores and the change each augmentation makes, as mean ± sample standard deviation over seeds.</summary>
        public static void Print(IReadOnlyList<AugmentationResult> results, Action<string> print)
        {
            print($"FastTree tested on the same real test rows; mean ± standard deviation over {results.Select(r => r.Seed).Distinct().Count()} seeds; "
                + "Δ = augmented − real only (per seed, then averaged); wins = seeds where Δ > 0.");
            print("| real rows | F1 real only | ΔF1 + rare-class synthetic | ΔF1 + all-class synthetic | AUC real only | ΔAUC + rare | ΔAUC + all |");
            print("|---|---|---|---|---|---|---|");
            foreach (var group in results.GroupBy(r => r.RealRows))
            {
                var g = group.ToList();
                print($"| {group.Key} | {Spread(g.Select(r => r.F1))} | {Delta(g.Select(r => r.F1WithRare - r.F1))} | {Delta(g.Select(r => r.F1WithAll - r.F1))} "
                    + $"| {Spread(g.Select(r => r.Auc))} | {Delta(g.Select(r => r.AucWithRare - r.Auc))} | {Delta(g.Select(r => r.AucWithAll - r.Auc))} |");
            }
        }

        // Real rows: all of them, or a seeded sample of that many.
        private List<AdultRow> Draw(int size, int seed)
        {
            if (size >= _train.Count)
                return _train.ToList();
            var rng = new Random(seed);
            return _train.OrderBy(_ => rng.Next()).Take(size).ToList();
        }

        // A batch of about a fifth of the rows (at most CTGAN's 500, a multiple of the packing 10) and as many epochs
        // as make about the asked number of generator steps, so that small tables are not under-trained.
        private TabularGanEstimator.Options GanOptions(int rows, int seed)
        {
            int batch = Math.Clamp(rows / 5 / 10 * 10, 10, 500);
            int stepsPerEpoch = Math.Max(1, rows / batch);
            return new TabularGanEstimator.Options
            {
                BatchSize = batch,
                Epochs = Math.Max(1, (_steps + stepsPerEpoch - 1) / stepsPerEpoch),
                Seed = seed,
            };
        }

        private IDataView Concat(List<AdultRow> real, IDataView synthetic) =>
            _ml.Data.LoadFromEnumerable(real.Concat(_ml.Data.CreateEnumerable<AdultRow>(synthetic, reuseRowObject: false)).ToList());

        private static string Spread(IEnumerable<double> values)
        {
            var v = values.ToArray();
            double mean = v.Average();
            double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
            return string.Format(CultureInfo.InvariantCulture, "{0:F3} ± {1:F3}", mean, sd);
        }

        private static string Delta(IEnumerable<double> values)
        {
            var v = values.ToArray();
            return $"{(v.Average() >= 0 ? "+" : "")}{Spread(v)} ({v.Count(d => d > 0)}/{v.Length} wins)";
        }
    }
}
