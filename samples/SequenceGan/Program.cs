using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using SequenceGan;

// A sequence GAN on the Stocks series (daily GOOG prices, the time-series GAN literature's benchmark): trains on sliding
// windows of 24 days with the default options, generates as many 24-day sequences as there are windows, prints per
// column how the generated values compare with the real windows (mean, spread, lag-1 autocorrelation within a window),
// scores them as the literature does (discriminative and predictive scores, about a minute) and draws the report, saves the model, reloads it to check that it generates the same rows, and writes the sequences as a CSV in long
// format (SequenceId, Step, the six columns).
// Usage: dotnet run -c Release --project samples/SequenceGan [-- [<epochs, default 200>] [<output directory>]]
int epochs = args.Length > 0 ? int.Parse(args[0]) : 200;
string outputDirectory = Path.GetFullPath(args.Length > 1 ? args[1] : ".");
Directory.CreateDirectory(outputDirectory);
string dataPath = Path.Combine(AppContext.BaseDirectory, "data", "stocks.csv");

var ml = new MLContext(seed: 1);
var days = ml.Data.LoadFromTextFile<StockDay>(dataPath, separatorChar: ',', hasHeader: true);
const int Window = 24;
var estimator = ml.Generative().SequenceGan(new SequenceGanEstimator.Options
{
    FeatureColumnNames = StockDay.Columns,
    // One series in file order (oldest first): no sequence id, no order column.
    WindowLength = Window,
    Epochs = epochs,
    Seed = 1,
    Progress = new Progress<GanProgress>(p =>
    {
        if (p.Epoch % 20 == 0 || p.Epoch == p.TotalEpochs)
            Console.WriteLine($"epoch {p.Epoch}/{p.TotalEpochs}: generator loss {p.Metrics.GeneratorLoss:F3}");
    }),
});
var clock = System.Diagnostics.Stopwatch.StartNew();
using var model = estimator.Fit(days);
Console.WriteLine($"Trained {epochs} epochs in {clock.Elapsed.TotalSeconds:F0} s.");

var rows = ml.Data.CreateEnumerable<StockDay>(days, reuseRowObject: false).ToList();
int windows = rows.Count - Window + 1;
var generated = ml.Data.Cache(model.Generate(windows, seed: 7));
Console.WriteLine($"{windows} real windows of {Window} days; {windows} generated sequences.");
foreach (string column in StockDay.Columns)
{
    var values = column == nameof(StockDay.Volume)
        ? rows.Select(r => r.Volume).ToArray()
        : rows.Select(r => (double)(float)typeof(StockDay).GetField(column)!.GetValue(r)!).ToArray();
    var real = Enumerable.Range(0, windows).Select(s => values.AsSpan(s, Window).ToArray()).ToArray();
    var synthetic = (column == nameof(StockDay.Volume)
            ? generated.GetColumn<double>(column)
            : generated.GetColumn<float>(column).Select(v => (double)v))
        .Chunk(Window).ToArray();
    Console.WriteLine($"{column,-9} real      {WindowSummary.Of(real)}");
    Console.WriteLine($"{"",-9} generated {WindowSummary.Of(synthetic)}");
}

// The literature's scores (TimeGAN's protocol: post-hoc GRUs) on the real windows and as many generated ones, both in one
// min-max scaling fitted on the real series; the published figures are the mean of 10 such scores (docs/BENCHMARKS.md).
var metrics = ml.Generative().EvaluateSequences(days, model, generationSeed: 7, realPredictiveScore: true);
Console.WriteLine($"Discriminative score {metrics.DiscriminativeScore:F3} (0 best; TimeGAN 0.102), predictive score {metrics.PredictiveScore:F3} " +
    $"(real data {metrics.RealPredictiveScore:F3}), autocorrelation difference {metrics.AutocorrelationDifference:F3}.");
string report = Path.Combine(outputDirectory, "stocks-sequences.png");
GanReport.SaveSequenceMetrics(metrics, report);
Console.WriteLine($"Report: {report}");

string modelPath = Path.Combine(outputDirectory, "stocks-sequence-gan.zip");
ml.Model.Save(model, days.Schema, modelPath);
using (var loaded = (SequenceGanTransformer)new MLContext().Model.Load(modelPath, out _))
{
    bool same = loaded.Generate(50, seed: 7).GetColumn<float>("Close").SequenceEqual(model.Generate(50, seed: 7).GetColumn<float>("Close"));
    Console.WriteLine($"Saved {modelPath}; reloaded, it generates {(same ? "the same" : "DIFFERENT")} rows for the same seed.");
}
string csv = Path.Combine(outputDirectory, "synthetic-stocks.csv");
using (var file = File.Create(csv))
    ml.Data.SaveAsText(generated, file, separatorChar: ',', headerRow: true, schema: false);
Console.WriteLine($"Synthetic sequences in long format: {csv}");
