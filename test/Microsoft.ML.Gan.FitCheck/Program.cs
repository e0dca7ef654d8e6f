using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;

// Usage: Microsoft.ML.Gan.FitCheck <gan|tabular|tabular-private|sequence|sequence-whole> <output.txt> <seed>
// Fits a small model on built-in data with the seed and writes Generate(200, seed) one row per line, every
// float as its bit pattern, so that two processes can be compared exactly.
if (args.Length != 3 || (args[0] != "gan" && args[0] != "tabular" && args[0] != "tabular-private" && args[0] != "sequence" && args[0] != "sequence-whole"))
{
    Console.Error.WriteLine("usage: <gan|tabular|tabular-private|sequence|sequence-whole> <output.txt> <seed>");
    return 2;
}
int seed = int.Parse(args[2], CultureInfo.InvariantCulture);
var ml = new MLContext(seed);
var lines = args[0] switch
{
    "gan" => FitCheckData.Gan(ml, seed),
    "tabular" => FitCheckData.Tabular(ml, seed),
    "tabular-private" => FitCheckData.Tabular(ml, seed, privacy: true),
    "sequence-whole" => FitCheckData.WholeSequences(ml, seed),
    _ => FitCheckData.Sequence(ml, seed),
};
File.WriteAllLines(args[1], lines);
Console.WriteLine($"{args[0]}: wrote {lines.Count} rows");
return 0;

/// <summary>The fits this program runs; the tests also call them in their own process.</summary>
public static class FitCheckData
{
    public const int Rows = 200;

    public static List<string> Gan(MLContext ml, int seed)
    {
        var rng = new Random(3);
        var rows = Enumerable.Range(0, 256).Select(_ => new VectorRow
        {
            Features = new[] { (float)(2 + Normal(rng)), (float)(-1 + 0.5 * Normal(rng)), (float)rng.NextDouble() },
        });
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Generative().Gan(new GanEstimator.Options
        {
            LatentDimension = 4,
            GeneratorHiddenLayers = new[] { 16 },
            DiscriminatorHiddenLayers = new[] { 16 },
            Epochs = 3,
            BatchSize = 32,
            Seed = seed,
        }).Fit(data);
        var generated = model.Generate(Rows, seed);
        var column = generated.Schema[model.OutputColumnName];
        var lines = new List<string>();
        using var cursor = generated.GetRowCursor(new[] { column });
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> row = default;
        while (cursor.MoveNext())
        {
            getter(ref row);
            lines.Add(string.Join(" ", row.DenseValues().Select(Bits)));
        }
        return lines;
    }

    /// <param name="privacy">Differentially private (ε = 10, enough for 300 rows' categories to be published: noisy statistics, Poisson samples, noise on the critic).</param>
    public static List<string> Tabular(MLContext ml, int seed, bool privacy = false)
    {
        var rng = new Random(5);
        var cities = new[] { "Oslo", "Paris", "Rome" };
        var rows = Enumerable.Range(0, 300).Select(_ =>
        {
            bool rich = rng.NextDouble() < 0.3;
            return new TableRow
            {
                Height = rng.NextDouble() < 0.1 ? float.NaN : (float)(170 + 10 * Normal(rng)),
                Income = rich ? 100_000 + 5_000 * Normal(rng) : 20_000 + 2_000 * Normal(rng),
                Age = 18 + rng.Next(60),
                Member = rng.NextDouble() < 0.25,
                City = cities[rng.Next(cities.Length)],
            };
        });
        var data = ml.Data.LoadFromEnumerable(rows);
        var options = new TabularGanEstimator.Options
        {
            LatentDimension = 8,
            GeneratorHiddenLayers = new[] { 16 },
            DiscriminatorHiddenLayers = new[] { 16 },
            Epochs = 2,
            BatchSize = 100,
            Seed = seed,
        };
        if (privacy)
        {
            options.Privacy = new DifferentialPrivacyOptions { Epsilon = 10 };
            options.Loss = GanLoss.NonSaturating;
        }
        using var model = ml.Generative().TabularGan(options).Fit(data);
        return ml.Data.CreateEnumerable<TableRow>(model.Generate(Rows, seed), reuseRowObject: false)
            .Select(r => string.Join(" ", Bits(r.Height), Bits(r.Income), r.Age.ToString(CultureInfo.InvariantCulture), r.Member ? "1" : "0", r.City))
            .ToList();
    }

    /// <summary>A sequence GAN on 4 noisy sines of 30 steps, generating 25 sequences of 8 steps (200 rows).</summary>
    public static List<string> Sequence(MLContext ml, int seed)
    {
        var rng = new Random(7);
        var rows = new List<StepRow>();
        for (int s = 0; s < 4; s++)
        {
            double phase = rng.NextDouble() * 6;
            for (int t = 0; t < 30; t++)
                rows.Add(new StepRow { Id = s, Time = t, Value = (float)(Math.Sin(0.4 * t + phase) + 0.1 * Normal(rng)), Other = rng.NextDouble() });
        }
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Generative().SequenceGan(new SequenceGanEstimator.Options
        {
            FeatureColumnNames = new[] { "Value", "Other" },
            SequenceIdColumnName = "Id",
            OrderColumnName = "Time",
            WindowLength = 8,
            GeneratorHiddenLayers = new[] { 8 },
            DiscriminatorHiddenLayers = new[] { 8 },
            Epochs = 2,
            BatchSize = 16,
            Seed = seed,
        }).Fit(data);
        return ml.Data.CreateEnumerable<GeneratedStep>(model.Generate(Rows / 8, seed), reuseRowObject: false)
            .Select(r => string.Join(" ", r.SequenceId.ToString(CultureInfo.InvariantCulture), r.Step.ToString(CultureInfo.InvariantCulture), Bits(r.Value), Bits(r.Other)))
            .ToList();
    }

    /// <summary>
    /// A sequence GAN on 12 whole sequences of 3 to 9 steps with a categorical attribute, a categorical step feature and
    /// missing values: 20 unconditional sequences, then one for each of two given attributes.
    /// </summary>
    public static List<string> WholeSequences(MLContext ml, int seed)
    {
        var rng = new Random(7);
        var rows = new List<StructuredStep>();
        for (int s = 0; s < 12; s++)
        {
            string kind = s % 2 == 0 ? "calm" : "busy";
            int length = 3 + rng.Next(7);
            for (int t = 0; t < length; t++)
                rows.Add(new StructuredStep { Id = s, Time = t, Kind = kind, State = t % 3 == 0 ? "" : "on", Value = rng.NextDouble() < 0.2 ? float.NaN : (float)Normal(rng) });
        }
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Generative().SequenceGan(new SequenceGanEstimator.Options
        {
            FeatureColumnNames = new[] { "Value", "State" },
            AttributeColumnNames = new[] { "Kind" },
            SequenceIdColumnName = "Id",
            OrderColumnName = "Time",
            WholeSequences = true,
            GeneratorHiddenLayers = new[] { 8 },
            DiscriminatorHiddenLayers = new[] { 8 },
            Epochs = 2,
            BatchSize = 6,
            Seed = seed,
        }).Fit(data);
        var given = ml.Data.LoadFromEnumerable(new[] { new StructuredStep { Kind = "busy" }, new StructuredStep { Kind = "calm" } });
        return ml.Data.CreateEnumerable<GeneratedStructuredStep>(model.Generate(20, seed), reuseRowObject: false)
            .Concat(ml.Data.CreateEnumerable<GeneratedStructuredStep>(model.Generate(given, seed), reuseRowObject: false))
            .Select(r => string.Join(" ", r.SequenceId.ToString(CultureInfo.InvariantCulture), r.Step.ToString(CultureInfo.InvariantCulture), Bits(r.Value), r.State, r.Kind))
            .ToList();
    }

    private static string Bits(float value) => BitConverter.SingleToInt32Bits(value).ToString("x8", CultureInfo.InvariantCulture);

    private static string Bits(double value) => BitConverter.DoubleToInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture);

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private sealed class VectorRow
    {
        [VectorType(3)]
        public float[] Features = Array.Empty<float>();
    }

    private sealed class StepRow
    {
        public int Id;
        public float Time;
        public float Value;
        public double Other;
    }

    private sealed class StructuredStep
    {
        public int Id;
        public float Time;
        public string Kind = "";
        public string State = "";
        public float Value;
    }

    private sealed class GeneratedStructuredStep
    {
        public long SequenceId { get; set; }
        public int Step { get; set; }
        public float Value { get; set; }
        public string State { get; set; } = "";
        public string Kind { get; set; } = "";
    }

    private sealed class GeneratedStep
    {
        public long SequenceId { get; set; }
        public int Step { get; set; }
        public float Value { get; set; }
        public double Other { get; set; }
    }

    private sealed class TableRow
    {
        public float Height;
        public double Income;
        public int Age;
        public bool Member;
        public string City = "";
    }
}
