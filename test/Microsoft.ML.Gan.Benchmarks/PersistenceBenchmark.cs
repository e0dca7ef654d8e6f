using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `persistence` table: for a 2-D model and a ~1M-parameter model, the size of the file
    /// <c>Model.Save(model, schema, path)</c> writes, save time, load time with a fresh MLContext in this
    /// process, time of the loaded model's first Generate(1000) (fully read), steady-state Generate(1000)
    /// of the original for comparison, and whether the loaded model generates bit-identical rows.
    /// Times are medians of N repetitions after one warm-up. Usage: persistence [--reps N]
    /// </summary>
    internal static class PersistenceBenchmark
    {
        private const int GenerateCount = 1000;
        private const int GenerateSeed = 7;

        public static int Run(string[] args)
        {
            int reps = 7;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--reps" && i + 1 < args.Length && int.TryParse(args[i + 1], out reps) && reps > 0)
                    i++;
                else
                {
                    Console.Error.WriteLine("usage: persistence [--reps N]");
                    return 2;
                }
            }

            string dir = Path.Combine(Path.GetTempPath(), "gan-bench-persistence-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            var rows = new List<Result>();
            try
            {
                foreach (var spec in new[] { ModelSpec.Small, ModelSpec.OneMillion })
                    rows.Add(Measure(spec, Path.Combine(dir, "model.zip"), reps));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }

            var c = CultureInfo.InvariantCulture;
            Console.WriteLine();
            Console.WriteLine($"Persistence: median of {reps} after 1 warm-up; {Environment.ProcessorCount} cores, " +
                              $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}{LoadAverage()}");
            Console.WriteLine();
            Console.WriteLine("| Model | Generator parameters | File size (bytes) | Bytes / parameter | Save (ms) | Load (ms) | First Generate(1000) after load (ms) | Generate(1000), original, warm (ms) | Round-trip Generate(1000, 7) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var r in rows)
            {
                Console.WriteLine(string.Format(c,
                    "| {0} | {1:N0} | {2:N0} | {3:F3} | {4:F1} | {5:F1} | {6:F1} | {7:F1} | {8} |",
                    r.Spec.Name, r.Spec.GeneratorParameters, r.FileBytes, (double)r.FileBytes / r.Spec.GeneratorParameters,
                    r.SaveMs, r.LoadMs, r.FirstGenerateMs, r.WarmGenerateMs, r.Identical ? "OK" : "MISMATCH"));
            }
            Console.WriteLine();
            foreach (var r in rows)
            {
                Console.WriteLine(string.Format(c,
                    "{0}: training {1:F1} s; warm-up (first in process for this model) save {2:F1} ms, load {3:F1} ms, first Generate {4:F1} ms.",
                    r.Spec.Name, r.TrainSeconds, r.ColdSaveMs, r.ColdLoadMs, r.ColdFirstGenerateMs));
            }
            bool allOk = rows.TrueForAll(r => r.Identical);
            return allOk ? 0 : 1;
        }

        // Other work on the machine skews these timings; the load average at the end of the run says how busy it was.
        private static string LoadAverage()
        {
            const string path = "/proc/loadavg";
            if (!File.Exists(path))
                return "";
            string[] parts = File.ReadAllText(path).Split(' ');
            return parts.Length >= 3 ? $"; load average {parts[0]} {parts[1]} {parts[2]}" : "";
        }

        private sealed record Result(ModelSpec Spec, double TrainSeconds, long FileBytes, double SaveMs, double LoadMs,
            double FirstGenerateMs, double WarmGenerateMs, bool Identical, double ColdSaveMs, double ColdLoadMs, double ColdFirstGenerateMs);

        private static Result Measure(ModelSpec spec, string path, int reps)
        {
            Console.Error.WriteLine($"[{spec.Name}] {spec.GeneratorParameters:N0} generator parameters: training 1 epoch ...");
            var ml = new MLContext(seed: 1);
            long trainStart = System.Diagnostics.Stopwatch.GetTimestamp();
            var (model, schema) = spec.Train(ml);
            double trainSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(trainStart).TotalSeconds;
            using (model)
            {
                float[] expected = BenchmarkData.ReadFlat(model.Generate(GenerateCount, GenerateSeed), model.OutputColumnName);

                // Save: the same path overwritten each time.
                var save = new double[reps + 1];
                for (int i = 0; i <= reps; i++)
                    save[i] = Benchmarks.Measure.Milliseconds(() => ml.Model.Save(model, schema, path));
                long fileBytes = new FileInfo(path).Length;

                // Load with a fresh MLContext, then the loaded model's first Generate(1000), read to the end.
                var load = new double[reps + 1];
                var first = new double[reps + 1];
                bool identical = true;
                for (int i = 0; i <= reps; i++)
                {
                    ITransformer? loaded = null;
                    load[i] = Benchmarks.Measure.Milliseconds(() => loaded = new MLContext().Model.Load(path, out _));
                    using var gan = BenchmarkData.Gan(loaded!);
                    float[]? actual = null;
                    first[i] = Benchmarks.Measure.Milliseconds(() =>
                        actual = BenchmarkData.ReadFlat(gan.Generate(GenerateCount, GenerateSeed), gan.OutputColumnName));
                    identical &= BenchmarkData.BitIdentical(expected, actual!);
                }

                // The original model's Generate(1000), warm, as the baseline for "first after load".
                var warm = new double[reps];
                for (int i = 0; i < reps; i++)
                    warm[i] = Benchmarks.Measure.Milliseconds(() => BenchmarkData.ReadFlat(model.Generate(GenerateCount, GenerateSeed), model.OutputColumnName));

                return new Result(spec, trainSeconds, fileBytes,
                    Benchmarks.Measure.Median(save[1..]), Benchmarks.Measure.Median(load[1..]), Benchmarks.Measure.Median(first[1..]),
                    Benchmarks.Measure.Median(warm), identical, save[0], load[0], first[0]);
            }
        }
    }
}
