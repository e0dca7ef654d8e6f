using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan;
using TabularAugmentation;

// Learns UCI Adult with a tabular GAN, writes a synthetic CSV, prints how alike the synthetic table is and how
// well a classifier trained on it does on real rows, then shows augmentation: real rows plus synthetic ">50K"
// rows against real rows alone, on the same real test split.
// Usage: dotnet run -c Release --project samples/TabularAugmentation [-- [<epochs, default 40>] [<output.csv>]]
// (about 3 s per epoch on 2 cores; CTGAN's own setting is 300 epochs).
int epochs = args.Length > 0 ? int.Parse(args[0]) : 40;
string outputPath = Path.GetFullPath(args.Length > 1 ? args[1] : "synthetic-adult.csv");
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "adult.csv");

var ml = new MLContext(seed: 1);
var table = ml.Data.LoadFromTextFile<AdultRow>(dataPath, separatorChar: ',', hasHeader: true, trimWhitespace: true);
var split = ml.Data.TrainTestSplit(table, testFraction: 0.2, seed: 1);
var train = ml.Data.Cache(split.TrainSet);
var test = ml.Data.Cache(split.TestSet);
int trainRows = ml.Data.CreateEnumerable<AdultRow>(train, reuseRowObject: true).Count();

// 1. Learn the real 80%.
Console.WriteLine($"Training a tabular GAN on {trainRows} rows of Adult for {epochs} epochs ...");
var options = new TabularGanEstimator.Options
{
    Epochs = epochs,
    Seed = 1,
    Progress = new Progress<GanProgress>(p =>
    {
        if (p.Epoch % 10 == 0 || p.Epoch == 1)
            Console.WriteLine($"  epoch {p.Epoch}/{p.TotalEpochs}: {p.Metrics.Seconds:F1} s, about {p.EstimatedRemaining.TotalMinutes:F1} min left");
    }),
};
var clock = Stopwatch.StartNew();
using var model = ml.Generative().TabularGan(options).Fit(train);
Console.WriteLine($"Trained in {clock.Elapsed.TotalSeconds:F0} s.");

// 2. As many synthetic rows as real training rows, same columns and types; saved as CSV.
var synthetic = ml.Data.Cache(model.Generate(count: trainRows, seed: 7));
using (var file = File.Create(outputPath))
    ml.Data.SaveAsText(synthetic, file, separatorChar: ',', headerRow: true, schema: false);
Console.WriteLine($"Synthetic table: {outputPath}");

// 3. Similarity, column by column and in how columns relate.
var similarity = ml.Generative().EvaluateTable(train, synthetic);
Console.WriteLine();
Console.WriteLine("| column | metric | distance (0 = same) |");
Console.WriteLine("|---|---|---|");
foreach (var c in similarity.Columns)
    Console.WriteLine($"| {c.Column} | {c.Metric} | {c.Distance:F3} |");
Console.WriteLine($"Mean KS {similarity.MeanKolmogorovSmirnov:F3}, mean TVD {similarity.MeanTotalVariation:F3}, " +
    $"association difference {similarity.AssociationDifference:F3}");

// 4. Machine-learning efficacy: train on real or on synthetic rows, test on the same real rows.
var onReal = IncomeClassifier.TrainAndTest(ml, train, test);
var onSynthetic = IncomeClassifier.TrainAndTest(ml, synthetic, test);

// 5. Augmentation: the real rows plus synthetic rows of the rare class, generated on demand.
int extra = trainRows / 5;
var richRows = model.Generate(count: extra, seed: 8, condition: ("Income", ">50K"));
var augmented = ml.Data.LoadFromEnumerable(
    ml.Data.CreateEnumerable<AdultRow>(train, reuseRowObject: false)
        .Concat(ml.Data.CreateEnumerable<AdultRow>(richRows, reuseRowObject: false)));
var onAugmented = IncomeClassifier.TrainAndTest(ml, augmented, test);

Console.WriteLine();
Console.WriteLine("FastTree, tested on the real 20%:");
Console.WriteLine("| trained on | F1 (>50K) | accuracy | AUC |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| real 80% | {onReal.F1Score:F3} | {onReal.Accuracy:F3} | {onReal.AreaUnderRocCurve:F3} |");
Console.WriteLine($"| synthetic (same size) | {onSynthetic.F1Score:F3} | {onSynthetic.Accuracy:F3} | {onSynthetic.AreaUnderRocCurve:F3} |");
Console.WriteLine($"| real 80% + {extra} synthetic >50K | {onAugmented.F1Score:F3} | {onAugmented.Accuracy:F3} | {onAugmented.AreaUnderRocCurve:F3} |");
Console.WriteLine($"Efficacy ratio (F1 synthetic / real): {onSynthetic.F1Score / onReal.F1Score:F3}");
