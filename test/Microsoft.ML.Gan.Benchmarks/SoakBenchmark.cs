using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.ML;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `soak` area: one long <see cref="GanEstimator.Fit"/> (10^5 training steps by default: a small MLP on
    /// 2-D data, 100 minibatches an epoch) with the process's memory read after every epoch. Native memory is the
    /// resident set minus what the managed heap has committed; its growth from the end of the warm-up (the first
    /// tenth of the run, when libtorch's allocator caches and the optimizer state are in place) to the end is the
    /// figure that says whether training leaks (goal: under 5%).
    /// Usage: soak [--steps 100000] [--batch 64] [--threads 1]
    /// </summary>
    internal static class SoakBenchmark
    {
        private const int StepsPerEpoch = 100;

        public static int Run(string[] args)
        {
            int steps = Options.Int(args, "--steps", 100_000);
            int batch = Options.Int(args, "--batch", 64);
            int threads = Options.Int(args, "--threads", 1);
            int epochs = Math.Max(1, steps / StepsPerEpoch);

            var ml = new MLContext(seed: 1);
            var rng = new Random(1);
            var rows = Enumerable.Range(0, StepsPerEpoch * batch)
                .Select(_ => new[] { (float)(rng.NextDouble() * 4 - 2), (float)(rng.NextDouble() * 4 - 2) }).ToArray();
            var data = ml.Data.LoadFromEnumerable(rows.Select(r => new Row { Features = r }));
            var samples = new List<Sample>(epochs);
            var clock = Stopwatch.StartNew();
            var options = new GanEstimator.Options
            {
                LatentDimension = 2,
                GeneratorHiddenLayers = new[] { 64, 64 },
                DiscriminatorHiddenLayers = new[] { 64, 64 },
                Epochs = epochs,
                BatchSize = batch,
                Threads = threads,
                Seed = 1,
                Progress = new Synchronous(p =>
                {
                    samples.Add(Sample.Now(p.Epoch, clock.Elapsed.TotalSeconds));
                    if (p.Epoch % Math.Max(1, epochs / 10) == 0)
                        Console.Error.WriteLine($"soak: epoch {p.Epoch} of {epochs}, {samples[^1].ResidentMb:F0} MB resident, {samples[^1].NativeMb:F0} MB native");
                }),
            };
            using (ml.Generative().Gan(options).Fit(data)) { }

            var warm = samples[Math.Max(0, epochs / 10 - 1)];
            var last = samples[^1];
            var peak = samples.Skip(epochs / 10).MaxBy(s => s.NativeMb)!;
            Console.WriteLine();
            Console.WriteLine($"Soak: {epochs * StepsPerEpoch:N0} discriminator and generator steps ({epochs} epochs of {StepsPerEpoch} minibatches of {batch}), " +
                $"MLP G and D 64x64 on 2-D data, {threads} libtorch thread(s), {last.Seconds:F0} s; {Measure.LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine("| Point | Epoch | Resident (MB) | Managed heap committed (MB) | Native = resident − managed (MB) |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, s) in new[] { ("end of warm-up", warm), ("highest native after warm-up", peak), ("end", last) })
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | {2:F1} | {3:F1} | {4:F1} |", name, s.Epoch, s.ResidentMb, s.ManagedMb, s.NativeMb));
            Console.WriteLine();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "Native memory growth from the end of warm-up to the end: {0:+0.00;-0.00}% ({1:+0.0;-0.0} MB); resident: {2:+0.00;-0.00}%.",
                100 * (last.NativeMb / warm.NativeMb - 1), last.NativeMb - warm.NativeMb, 100 * (last.ResidentMb / warm.ResidentMb - 1)));
            return 0;
        }

        private sealed class Row
        {
            [Microsoft.ML.Data.VectorType(2)] public float[] Features = new float[2];
        }

        /// <summary>Runs the callback on the training thread, so every epoch's reading is taken when the epoch ends.</summary>
        private sealed class Synchronous(Action<GanProgress> report) : IProgress<GanProgress>
        {
            public void Report(GanProgress value) => report(value);
        }

        private sealed record Sample(int Epoch, double Seconds, double ResidentMb, double ManagedMb)
        {
            public double NativeMb => ResidentMb - ManagedMb;

            // A full collection first, so the managed figure is this moment's, not the last collection's.
            public static Sample Now(int epoch, double seconds)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                return new(epoch, seconds, ScaleBenchmark.ProcStatus("VmRSS") / 1024.0, GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0);
            }
        }
    }
}
