using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GaussianMixture;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;

// Trains a GAN with the default options on the 8-Gaussian ring (or the 25-Gaussian grid), counts the
// modes it covers, and draws real against generated points and the training curves
// (<output>-training.png next to the scatter plot).
// Usage: dotnet run --project samples/GaussianMixture [-- ring|grid [<epochs> [<output.png>]]]
var mixture = args.Length > 0 && args[0] == "grid" ? GaussianMixtures.Grid : GaussianMixtures.Ring;
int epochs = args.Length > 1 ? int.Parse(args[1]) : 100;
string plotPath = Path.GetFullPath(args.Length > 2 ? args[2] : $"gaussian-mixture-{mixture.Name}.png");

var ml = new MLContext(seed: 1);
ml.Log += (_, e) =>
{
    // Per-epoch metrics arrive through ML.NET's log; show every 10th.
    if (e.Source.StartsWith("GanEstimator") && e.RawMessage.StartsWith("epoch ")
        && int.TryParse(e.RawMessage.Split(' ', ':')[1], out int epoch) && (epoch % 10 == 0 || epoch == 1))
        Console.WriteLine("  " + e.RawMessage);
};

var real = mixture.Sample(count: 10_000, seed: 1);
var data = ml.Data.LoadFromEnumerable(real.Select(p => new Point { Features = p }));

// The default options; only the number of epochs and the seed are set.
var options = new GanEstimator.Options { FeatureColumnName = "Features", Epochs = epochs, Seed = 1 };
Console.WriteLine($"Training on {real.Length} points of the {mixture.Modes}-Gaussian {mixture.Name} for {epochs} epochs ...");
var clock = Stopwatch.StartNew();
using var model = ml.Generative().Gan(options).Fit(data);
clock.Stop();

var generated = ml.Data.CreateEnumerable<Generated>(model.Generate(count: 2500, seed: 7), reuseRowObject: false)
    .Select(g => g.Features).ToArray();
var (covered, share) = mixture.Score(generated, minPerMode: 20);

Console.WriteLine($"Training time: {clock.Elapsed.TotalSeconds:F1} s ({clock.Elapsed.TotalSeconds / epochs:F3} s per epoch)");
Console.WriteLine($"Modes covered: {covered} of {mixture.Modes} (a mode counts with at least 20 of 2,500 samples within 3 std)");
Console.WriteLine($"Samples within 3 std of a centre: {share:P1}");

GanReport.SaveScatter(real, generated, plotPath, extent: mixture.Extent);
Console.WriteLine($"Scatter plot (grey: real, red: generated): {plotPath}");
string curvesPath = Path.Combine(Path.GetDirectoryName(plotPath)!, Path.GetFileNameWithoutExtension(plotPath) + "-training.png");
GanReport.SaveTrainingCurves(model.TrainingHistory, curvesPath);
Console.WriteLine($"Training curves (losses, mean D(x) and D(G(z)) per epoch): {curvesPath}");

internal sealed class Point
{
    [VectorType(2)] public float[] Features = new float[2];
}

internal sealed class Generated
{
    [ColumnName("Generated"), VectorType(2)] public float[] Features = new float[2];
}
