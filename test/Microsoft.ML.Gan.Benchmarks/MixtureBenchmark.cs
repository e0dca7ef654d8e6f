using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using GaussianMixture;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// Mode coverage on the 8-Gaussian ring and the 25-Gaussian grid, with the default options and with
    /// each loss, over several seeds: modes covered, high-quality share, MMD to real data, seconds.
    /// Usage: mixtures [--seeds 3 | --seeds 2,3] [--epochs N] [--datasets ring,grid] [--configs Default,Wasserstein,...] [--set Name=value,...]
    /// (--epochs absent: the options' default; --set changes options fields on top of every configuration).
    /// </summary>
    internal static class MixtureBenchmark
    {
        private const int TrainingRows = 10_000;
        private const int Samples = 2_500;

        private static readonly Dictionary<string, Action<GanEstimator.Options>> Configurations = new()
        {
            ["Default"] = _ => { },
            ["Minimax"] = o => o.Loss = GanLoss.Minimax,
            // The WGAN-GP paper's settings: 5 critic steps, Adam betas (0.5, 0.9).
            ["Wasserstein"] = o => { o.Loss = GanLoss.Wasserstein; o.DiscriminatorSteps = 5; o.Beta2 = 0.9f; },
            ["LeastSquares"] = o => o.Loss = GanLoss.LeastSquares,
            ["Hinge"] = o => o.Loss = GanLoss.Hinge,
            ["Mmd"] = o => o.Loss = GanLoss.Mmd,
            ["Packing2"] = o => o.Packing = 2,
            ["MinibatchStdDev"] = o => o.MinibatchStdDev = true,
        };

        public static int Run(string[] args)
        {
            // A count (seeds 1 to N) or a list of seeds.
            string seedOption = Option(args, "--seeds", "3");
            int[] seedList = seedOption.Contains(',')
                ? seedOption.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
                : Enumerable.Range(1, int.Parse(seedOption, CultureInfo.InvariantCulture)).ToArray();
            int epochs = int.Parse(Option(args, "--epochs", new GanEstimator.Options().Epochs.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
            string settings = Option(args, "--set", "");
            var datasets = Option(args, "--datasets", "ring,grid").Split(',')
                .Select(n => n == "grid" ? GaussianMixtures.Grid : GaussianMixtures.Ring).ToArray();
            var configs = Option(args, "--configs", string.Join(",", Configurations.Keys)).Split(',');

            Console.WriteLine($"Gaussian mixtures: {TrainingRows} training rows, {epochs} epochs, seeds {string.Join(",", seedList)}, {Samples} samples scored, " +
                $"{TorchSharp.torch.get_num_threads()} libtorch threads{(settings.Length > 0 ? $", --set {settings}" : "")}.");
            Console.WriteLine();
            Console.WriteLine("| data | options | modes covered (per seed) | high-quality share (per seed) | MMD² | seconds | s/epoch |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var mixture in datasets)
            {
                foreach (string config in configs)
                {
                    var runs = seedList.Select(seed =>
                    {
                        var run = RunOne(mixture, Configurations[config], settings, epochs, seed);
                        // Each run as it ends, so that a long sweep shows its progress.
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{mixture.Name} {config} seed {seed}: {run.Modes} modes, {100 * run.HighQuality:F1}% high quality, MMD² {run.Mmd:F4}, {run.Seconds:F0} s"));
                        return run;
                    }).ToArray();
                    Console.WriteLine($"| {mixture.Name} | {config} | {runs.Average(r => r.Modes):F1} of {mixture.Modes} ({string.Join(", ", runs.Select(r => r.Modes))}) " +
                        $"| {runs.Average(r => r.HighQuality):P1} ({string.Join(", ", runs.Select(r => (100 * r.HighQuality).ToString("F1", CultureInfo.InvariantCulture)))}) " +
                        $"| {runs.Average(r => r.Mmd):F4} | {runs.Average(r => r.Seconds):F0} | {runs.Average(r => r.Seconds) / epochs:F2} |");
                }
            }
            return 0;
        }

        private static (int Modes, double HighQuality, double Mmd, double Seconds) RunOne(
            GaussianMixtures mixture, Action<GanEstimator.Options> configure, string settings, int epochs, int seed)
        {
            var ml = new MLContext(seed: seed);
            var real = mixture.Sample(TrainingRows, seed);
            var data = ml.Data.LoadFromEnumerable(real.Select(p => new Point { Features = p }));
            var options = new GanEstimator.Options { Epochs = epochs, Seed = seed };
            configure(options);
            OptionSettings.Apply(options, settings);

            var clock = Stopwatch.StartNew();
            using var model = ml.Generative().Gan(options).Fit(data);
            double seconds = clock.Elapsed.TotalSeconds;

            var synthetic = model.Generate(Samples, seed: 7);
            var generated = ml.Data.CreateEnumerable<Generated>(synthetic, reuseRowObject: false).Select(g => g.Values).ToArray();
            var (modes, share) = mixture.Score(generated, minPerMode: 20);
            var heldOut = ml.Data.LoadFromEnumerable(mixture.Sample(Samples, seed + 1000).Select(p => new Point { Features = p }));
            double mmd = ml.Generative().Evaluate(heldOut, synthetic, columnName: "Features", syntheticColumnName: "Generated", maxRows: 1000, seed: seed).Mmd;
            return (modes, share, mmd, seconds);
        }

        private static string Option(string[] args, string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        private sealed class Point
        {
            [VectorType(2)] public float[] Features = new float[2];
        }

        private sealed class Generated
        {
            [ColumnName("Generated"), VectorType(2)] public float[] Values = new float[2];
        }
    }
}
