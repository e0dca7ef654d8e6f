using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using ImageGan;
using Microsoft.ML;
using Microsoft.ML.Gan;

// Trains a class-conditional DCGAN on the handwritten digits bundled in data/digits.txt (5,000 MNIST digits,
// 500 per class; the first 100 of each class are held out), writes a grid after every epoch (one row per
// class), the training curves, saves the model, reloads it in a fresh MLContext and draws a final grid from
// the loaded model, then measures GAN-test accuracy and the Fréchet distance in a classifier's feature space.
// Usage: dotnet run --project samples/ImageGan [-- [--epochs 20] [--out image-gan] [--fashion]]
//   --fashion trains on Fashion-MNIST's 60,000 images from Debian's dataset-fashion-mnist instead.
int epochs = IntArg("--epochs", 20);
string output = Path.GetFullPath(StringArg("--out", "image-gan"));
bool fashion = args.Contains("--fashion");
Directory.CreateDirectory(output);

var ml = new MLContext(seed: 1);
var all = fashion ? Digits.LoadFashion(Digits.FashionFolder) : Digits.LoadBundled(Path.Combine(AppContext.BaseDirectory, "data", "digits.txt"));
var (trainRows, testRows) = Digits.Split(all, testPerClass: 100);
var train = Digits.ToDataView(ml, trainRows);
var test = Digits.ToDataView(ml, testRows);
Console.WriteLine($"{trainRows.Count} training and {testRows.Count} held-out {(fashion ? "Fashion-MNIST images" : "digits")}, 28x28.");

// The pixel column is Vector<Single, 1, 28, 28>, as ExtractPixels writes it, so Auto picks DCGAN.
var options = new GanEstimator.Options
{
    FeatureColumnName = "Pixels",
    LabelColumnName = "Label",
    LatentDimension = 64,
    GeneratorFeatureMaps = 32,
    DiscriminatorFeatureMaps = 32,
    BatchSize = 64,
    Seed = 1,
    // Training runs one epoch per Fit, resuming from the previous epoch's checkpoint, so that a grid can be
    // drawn from each epoch's generator; the result equals one uninterrupted Fit of all epochs.
    CheckpointDirectory = Path.Combine(output, "checkpoints"),
    CheckpointInterval = 1,
};
if (Directory.Exists(options.CheckpointDirectory))
    Directory.Delete(options.CheckpointDirectory, recursive: true);

var clock = Stopwatch.StartNew();
GanTransformer? model = null;
for (int epoch = 1; epoch <= epochs; epoch++)
{
    options.Epochs = epoch;
    options.ResumeFromCheckpoint = epoch > 1 ? options.CheckpointDirectory : null;
    model?.Dispose();
    model = ml.Generative().Gan(options).Fit(train);
    var m = model.TrainingHistory[^1];
    string grid = Path.Combine(output, $"epoch-{epoch:D3}.png");
    model.SaveImageGrid(grid, columns: 10, seed: 7);
    Console.WriteLine($"epoch {epoch}/{epochs}: D loss {m.DiscriminatorLoss:F3}, G loss {m.GeneratorLoss:F3}, D(x) {m.MeanRealScore:F2}, " +
        $"D(G(z)) {m.MeanFakeScore:F2}, {m.Seconds:F1} s -> {Path.GetFileName(grid)}");
}
clock.Stop();
double perEpoch = model!.TrainingHistory.Average(h => h.Seconds);
Console.WriteLine($"Training: {clock.Elapsed.TotalSeconds:F0} s in all, {perEpoch:F1} s per epoch of training.");
GanReport.SaveTrainingCurves(model.TrainingHistory, Path.Combine(output, "training.png"));

string modelPath = Path.Combine(output, "image-gan.zip");
ml.Model.Save(model, train.Schema, modelPath);
model.Dispose();
var loaded = (GanTransformer)new MLContext().Model.Load(modelPath, out _);
using (loaded)
{
    string final = Path.Combine(output, "final-from-loaded-model.png");
    loaded.SaveImageGrid(final, columns: 10, seed: 7);
    Console.WriteLine($"Saved {modelPath} ({new FileInfo(modelPath).Length / 1024} KB), reloaded it, drew {final}.");

    var interpolation = loaded.Interpolate(loaded.SampleLatent(2, seed: 3)[0], loaded.SampleLatent(2, seed: 3)[1], steps: 10, label: loaded.Classes[^1]);
    GanReport.SaveImageGrid(interpolation, "Generated", Path.Combine(output, "interpolation.png"), columns: 10);

    var ganTest = new GanTest(ml, train);
    double realAccuracy = ganTest.Accuracy(test);
    var (generatedAccuracy, frechet) = ganTest.Measure(loaded, test, perClass: 100, seed: 11);
    Console.WriteLine($"Classifier (L-BFGS maximum entropy on pixels) accuracy on held-out real images: {realAccuracy:P1}");
    Console.WriteLine($"GAN-test accuracy on 100 generated images per class: {generatedAccuracy:P1} " +
        $"({(generatedAccuracy - realAccuracy) * 100:+0.0;-0.0} points)");
    Console.WriteLine($"Fréchet distance in the classifier's score space, generated vs held-out real: {frechet:F4}");
}
Console.WriteLine($"Images in {output}");

int IntArg(string name, int fallback) => int.Parse(StringArg(name, fallback.ToString()));
string StringArg(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
