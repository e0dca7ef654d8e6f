using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan;
using TabularAugmentation;

// Augmentation on UCI Adult, measured: a FastTree classifier trained on 500, 2,000 and all real training rows,
// alone and with synthetic rows from a tabular GAN trained on those same rows (of the rare class ">50K", or of all
// classes), over 3 seeds, always tested on the same real 20% split. Prints the gain or loss and its spread, then
// the quality score of the GAN trained on all rows (seed 1), writes its report picture and a synthetic CSV.
// Usage: dotnet run -c Release --project samples/TabularAugmentation [-- [<generator steps per GAN, default 2000>] [<output directory>]]
int steps = args.Length > 0 ? int.Parse(args[0]) : 2000;
string outputDirectory = Path.GetFullPath(args.Length > 1 ? args[1] : ".");
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "adult.csv");
Directory.CreateDirectory(outputDirectory);

var ml = new MLContext(seed: 1);
var table = ml.Data.LoadFromTextFile<AdultRow>(dataPath, separatorChar: ',', hasHeader: true, trimWhitespace: true);
var split = ml.Data.TrainTestSplit(table, testFraction: 0.2, seed: 1);
var train = ml.Data.CreateEnumerable<AdultRow>(split.TrainSet, reuseRowObject: false).ToList();
var test = ml.Data.Cache(split.TestSet);

var study = new AugmentationStudy(ml, train, test, steps);
Console.WriteLine($"{train.Count} real training rows, {ml.Data.CreateEnumerable<AdultRow>(test, reuseRowObject: true).Count()} real test rows; "
    + $"each GAN trains for about {steps} generator steps.");
var results = study.Run(sizes: new[] { 500, 2000, train.Count }, seeds: new[] { 1, 2, 3 }, log: Console.WriteLine);
Console.WriteLine();
AugmentationStudy.Print(results, Console.WriteLine);

// The GAN trained on all rows with seed 1: how alike its rows are, as a score and a picture.
var (model, rows) = study.KeptModel ?? throw new InvalidOperationException("The study kept no model.");
using (model)
{
    var real = ml.Data.LoadFromEnumerable(rows);
    var synthetic = ml.Data.Cache(model.Generate(count: rows.Count, seed: 7));
    var metrics = ml.Generative().EvaluateTable(real, synthetic);
    string picture = Path.Combine(outputDirectory, "adult-quality.png");
    GanReport.SaveTableMetrics(metrics, picture);
    string csv = Path.Combine(outputDirectory, "synthetic-adult.csv");
    using (var file = File.Create(csv))
        ml.Data.SaveAsText(synthetic, file, separatorChar: ',', headerRow: true, schema: false);
    var onReal = IncomeClassifier.TrainAndTest(ml, real, test);
    var onSynthetic = IncomeClassifier.TrainAndTest(ml, synthetic, test);
    Console.WriteLine();
    Console.WriteLine($"Quality of {rows.Count} synthetic rows against the {rows.Count} real rows the GAN learned (seed 1):");
    Console.WriteLine($"  overall {metrics.Quality.Overall:P1}, column shapes {metrics.Quality.ColumnShapes:P1}, column pair trends {metrics.Quality.ColumnPairTrends:P1}");
    Console.WriteLine($"  F1 of FastTree trained on synthetic rows / on real rows, tested on real rows: {onSynthetic.F1Score:F3} / {onReal.F1Score:F3} = {onSynthetic.F1Score / onReal.F1Score:F3}");
    Console.WriteLine($"  report picture: {picture}");
    Console.WriteLine($"  synthetic table: {csv}");
}
