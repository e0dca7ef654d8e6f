using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using SkiaSharp;
using TorchSharp;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `scale` area, part 2: time of one epoch of GanEstimator.Fit on the 2-D MLP (latent 2, G and D 256x256,
    /// non-saturating loss, the default weight average) against rows (10^3 to 10^6, batch 256) and against batch size
    /// (32 to 1024, 10^5 rows); a markdown table and two PNGs (scaling-rows.png, scaling-batch.png) in the given folder.
    /// The data is a 2-column <see cref="SyntheticTable"/>. Wall time includes Fit's set-up (schema checks, scaler,
    /// materialising the column); trainer time is the sum of TrainingHistory.Seconds.
    /// </summary>
    internal static class ScalingCurves
    {
        private static readonly long[] RowCounts = { 1_000, 10_000, 100_000, 1_000_000 };
        private static readonly int[] Batches = { 32, 64, 128, 256, 512, 1024 };
        private const int DefaultBatch = 256;
        private const long BatchSweepRows = 100_000;

        public static int Run(string pngDirectory, int reps, int threads)
        {
            torch.set_num_threads(threads);
            var ml = new MLContext(seed: 1);
            Time(ml, 2_000, DefaultBatch); // warm-up
            var byRows = RowCounts.Select(r => (Rows: r, Batch: DefaultBatch, T: Repeat(reps, () => Time(ml, r, DefaultBatch)))).ToArray();
            var byBatch = Batches.Select(b => (Rows: BatchSweepRows, Batch: b, T: Repeat(reps, () => Time(ml, BatchSweepRows, b)))).ToArray();

            Console.WriteLine();
            Console.WriteLine($"Scaling: one epoch of GanEstimator.Fit, 2-D data, latent 2, G and D 256x256, median of {reps}; {threads} libtorch threads; {Measure.LoadAverage()}.");
            Console.WriteLine();
            Console.WriteLine("| Rows | Batch | Iterations | Wall (s) | Trainer (s) | Trainer rows/s | Trainer ms/iteration |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (rows, batch, t) in byRows.Concat(byBatch.Where(b => b.Batch != DefaultBatch || b.Rows != BatchSweepRows)))
            {
                long iterations = rows / batch;
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "| {0:N0} | {1} | {2:N0} | {3:F3} | {4:F3} | {5:N0} | {6:F3} |",
                    rows, batch, iterations, t.Wall, t.Trainer, iterations * batch / t.Trainer, t.Trainer * 1000 / iterations));
            }

            var trainerColour = new SKColor(31, 119, 180);
            var wallColour = new SKColor(255, 127, 14);
            LinePlot.Save(Path.Combine(pngDirectory, "scaling-rows.png"),
                "one epoch of fit, batch 256: thousand rows per second (y) against log10 rows (x)",
                byRows.Select(r => Math.Log10(r.Rows)).ToArray(),
                new (string, IReadOnlyList<double>, SKColor)[]
                {
                    ("trainer", byRows.Select(r => r.Rows / r.T.Trainer / 1000).ToArray(), trainerColour),
                    ("wall, with set-up", byRows.Select(r => r.Rows / r.T.Wall / 1000).ToArray(), wallColour),
                });
            LinePlot.Save(Path.Combine(pngDirectory, "scaling-batch.png"),
                "one epoch of fit, 100000 rows: thousand rows per second (y) against log2 batch (x)",
                byBatch.Select(b => Math.Log2(b.Batch)).ToArray(),
                new (string, IReadOnlyList<double>, SKColor)[]
                {
                    ("trainer", byBatch.Select(b => b.Rows / b.T.Trainer / 1000).ToArray(), trainerColour),
                    ("wall, with set-up", byBatch.Select(b => b.Rows / b.T.Wall / 1000).ToArray(), wallColour),
                });
            Console.Error.WriteLine($"wrote {Path.Combine(pngDirectory, "scaling-rows.png")} and scaling-batch.png");
            return 0;
        }

        private static (double Wall, double Trainer) Repeat(int reps, Func<(double Wall, double Trainer)> run)
        {
            var runs = Enumerable.Range(0, reps).Select(_ => run()).ToArray();
            return (Measure.Median(runs.Select(r => r.Wall).ToArray()), Measure.Median(runs.Select(r => r.Trainer).ToArray()));
        }

        private static (double Wall, double Trainer) Time(MLContext ml, long rows, int batch)
        {
            Console.Error.WriteLine($"curves: {rows:N0} rows, batch {batch} ...");
            var options = new GanEstimator.Options
            {
                FeatureColumnName = SyntheticTable.Column,
                LatentDimension = 2,
                GeneratorHiddenLayers = new[] { 256, 256 },
                DiscriminatorHiddenLayers = new[] { 256, 256 },
                BatchSize = batch,
                Loss = GanLoss.NonSaturating,
                Epochs = 1,
                Seed = 1,
            };
            GC.Collect();
            long start = Stopwatch.GetTimestamp();
            using var model = ml.Generative().Gan(options).Fit(new SyntheticTable(rows, 2));
            return (Stopwatch.GetElapsedTime(start).TotalSeconds, model.TrainingHistory.Sum(m => m.Seconds));
        }
    }
}
