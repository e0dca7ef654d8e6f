// The package consumer check of .ci/run: a console app created with `dotnet new console` OUTSIDE the
// repository (so nothing of the repository's Directory.Build.* or build/ reaches it), which references
// the freshly packed Microsoft.ML.Gan with `dotnet add package` and gets this file as its Program.cs.
// Not part of Microsoft.ML.Gan.sln. Exit code 0 only when everything below holds.
//
// It fits a small Gan and a small TabularGan, generates, saves both with mlContext.Model.Save, loads
// them in a fresh MLContext and requires the loaded models to generate exactly the same values.
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;

string work = Path.Combine(Path.GetTempPath(), "gan-consumer-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
try
{
    CheckGan(Path.Combine(work, "gan.zip"));
    CheckTabularGan(Path.Combine(work, "tabular.zip"));
    Console.WriteLine("package consumer check: OK");
    return 0;
}
catch (Exception ex)
{
    Console.Error.WriteLine("package consumer check FAILED: " + ex);
    return 1;
}
finally
{
    Directory.Delete(work, recursive: true);
}

// Points on the unit circle: the trained generator must put its samples near it (an untrained one
// puts them near the centre). Few, fast steps, hence the high learning rates and no weight average.
static void CheckGan(string path)
{
    var ml = new MLContext(seed: 1);
    var rows = Enumerable.Range(0, 512).Select(i =>
    {
        float angle = 2 * MathF.PI * i / 512;
        return new PointRow { Features = new[] { MathF.Cos(angle), MathF.Sin(angle) } };
    });
    IDataView data = ml.Data.LoadFromEnumerable(rows);

    using GanTransformer gan = ml.Generative().Gan(new GanEstimator.Options
    {
        Epochs = 40, BatchSize = 64, GeneratorHiddenLayers = new[] { 32, 32 }, DiscriminatorHiddenLayers = new[] { 32, 32 },
        GeneratorLearningRate = 1e-3f, DiscriminatorLearningRate = 1e-3f, GeneratorEmaDecay = 0, Seed = 1,
    }).Fit(data);
    float[] generated = Floats(gan.Generate(count: 256, seed: 7), "Generated");

    double meanRadius = Enumerable.Range(0, generated.Length / 2)
        .Average(i => Math.Sqrt(generated[2 * i] * generated[2 * i] + generated[2 * i + 1] * generated[2 * i + 1]));
    Require(meanRadius > 0.6 && meanRadius < 1.4, $"Gan: mean radius of generated points {meanRadius:F3}, expected about 1");

    ml.Model.Save(gan, data.Schema, path);
    var fresh = new MLContext();
    ITransformer loaded = fresh.Model.Load(path, out _);
    var loadedGan = loaded as GanTransformer ?? throw new InvalidOperationException($"Gan: loaded a {loaded.GetType().Name}, expected GanTransformer");
    float[] again = Floats(loadedGan.Generate(count: 256, seed: 7), "Generated");
    Require(generated.SequenceEqual(again), "Gan: the loaded model generates different values");
    Console.WriteLine($"Gan: 256 points, mean radius {meanRadius:F3}; loaded model generates identical values");
}

// A table with a number that depends on a category: rows come back with the table's own columns and types.
static void CheckTabularGan(string path)
{
    var ml = new MLContext(seed: 1);
    var random = new Random(3);
    var rows = Enumerable.Range(0, 300).Select(i =>
    {
        bool large = random.NextDouble() < 0.3;
        return new TableRow { Size = large ? "large" : "small", Weight = (float)((large ? 10 : 2) + random.NextDouble()) };
    }).ToList();
    IDataView table = ml.Data.LoadFromEnumerable(rows);

    using TabularGanTransformer tabular = ml.Generative().TabularGan(new TabularGanEstimator.Options
    {
        Epochs = 20, BatchSize = 100, Packing = 10, GeneratorHiddenLayers = new[] { 32 }, DiscriminatorHiddenLayers = new[] { 32 }, Seed = 1,
    }).Fit(table);
    TableRow[] generated = ml.Data.CreateEnumerable<TableRow>(tabular.Generate(count: 200, seed: 5), reuseRowObject: false).ToArray();

    Require(generated.Length == 200, $"TabularGan: {generated.Length} rows generated, expected 200");
    Require(generated.All(r => r.Size is "large" or "small"), "TabularGan: a generated Size is not one of the table's categories");
    Require(generated.All(r => float.IsFinite(r.Weight) && r.Weight >= 2 && r.Weight <= 11), "TabularGan: a generated Weight is outside the table's range");

    ml.Model.Save(tabular, table.Schema, path);
    var fresh = new MLContext();
    ITransformer loaded = fresh.Model.Load(path, out _);
    var loadedTabular = loaded as TabularGanTransformer ?? throw new InvalidOperationException($"TabularGan: loaded a {loaded.GetType().Name}, expected TabularGanTransformer");
    TableRow[] again = fresh.Data.CreateEnumerable<TableRow>(loadedTabular.Generate(count: 200, seed: 5), reuseRowObject: false).ToArray();
    Require(generated.Select(r => (r.Size, r.Weight)).SequenceEqual(again.Select(r => (r.Size, r.Weight))), "TabularGan: the loaded model generates different rows");
    Console.WriteLine($"TabularGan: 200 rows ({generated.Count(r => r.Size == "large")} large); loaded model generates identical rows");
}

static float[] Floats(IDataView view, string column) =>
    view.GetColumn<float[]>(column).SelectMany(v => v).ToArray();

static void Require(bool condition, string message)
{
    if (!condition) throw new InvalidOperationException(message);
}

class PointRow
{
    [VectorType(2)] public float[] Features { get; set; } = new float[2];
}

class TableRow
{
    public string Size { get; set; } = "";
    public float Weight { get; set; }
}
