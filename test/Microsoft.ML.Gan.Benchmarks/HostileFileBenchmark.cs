using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// The `hostile-files` table: saved GAN and tabular GAN files whose checksum is valid but whose declared sizes ask
    /// for huge networks or arrays (latent 65,536, a hidden layer of 2^20 units, both, 2^31 - 1 scaler values or columns, a
    /// weight tensor of rank 2^32). Each is loaded once in this process; the table gives the exception, the time and the
    /// peak resident memory during the refusal above the resident memory before it (VmHWM reset through
    /// /proc/self/clear_refs), next to the same figures for loading the intact file. Usage: hostile-files
    /// </summary>
    internal static class HostileFileBenchmark
    {
        private sealed class Row
        {
            public float Amount;
            public string Colour = "";
        }

        public static int Run(string[] args)
        {
            var ml = new MLContext(1);
            var vectors = BenchmarkData.Gaussian(ml, 512, 8, 1);
            byte[] gan, tabular;
            using (var model = ml.Generative().Gan(new GanEstimator.Options
            {
                LatentDimension = 8, GeneratorHiddenLayers = new[] { 64 }, DiscriminatorHiddenLayers = new[] { 64 }, Epochs = 1, BatchSize = 64, Seed = 1,
            }).Fit(vectors))
                gan = Save(ml, model, vectors.Schema);
            var rng = new Random(2);
            var table = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 500).Select(_ => new Row
            {
                Amount = (float)(rng.NextDouble() * 100), Colour = new[] { "red", "green", "blue" }[rng.Next(3)],
            }).ToArray());
            using (var model = ml.Generative().TabularGan(new TabularGanEstimator.Options
            {
                LatentDimension = 8, GeneratorHiddenLayers = new[] { 64 }, DiscriminatorHiddenLayers = new[] { 64 }, Epochs = 1, BatchSize = 50, Packing = 10, Seed = 1,
            }).Fit(table))
                tabular = Save(ml, model, table.Schema);

            var cases = new List<(string Name, byte[] File)>
            {
                ("GAN, intact file", gan),
                ("GAN, latent 65,536", Gan(gan, (4, 65536))),
                ("GAN, hidden layer of 2^20 units", Gan(gan, (20, 1 << 20))),
                ("GAN, both (2^36 weights, 256 GiB)", Gan(gan, (4, 65536), (20, 1 << 20))),
                ("GAN, 2^31 - 1 scaler offsets", Gan(gan, (32, int.MaxValue))),
                ("GAN, weight tensor of rank 2^32 - 1", GanWeights(gan, new byte[] { 1, 1, (byte)'w', 6, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })),
                ("Tabular GAN, intact file", tabular),
                ("GAN, weights block inflated to 256 MiB of zeros", GanInflated(gan, trailing: false)),
                ("GAN, 256 MiB of zeros after the weights", GanInflated(gan, trailing: true)),
                ("Tabular GAN, latent 65,536", Table(tabular, 0, 65536)),
                ("Tabular GAN, hidden layer of 2^20 units", Table(tabular, 16, 1 << 20)),
                ("Tabular GAN, 2^31 - 1 columns", Table(tabular, 20, int.MaxValue)),
            };

            var c = CultureInfo.InvariantCulture;
            Console.WriteLine();
            Console.WriteLine($"Hostile-size model files, re-checksummed; {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
            Console.WriteLine();
            Console.WriteLine("| File | File bytes | Outcome | Load (ms) | Peak RSS above before (MiB) |");
            Console.WriteLine("|---|---:|---|---:|---:|");
            bool allRefused = true;
            foreach (var (name, file) in cases)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                long before = ScaleBenchmark.ProcStatus("VmRSS");
                bool reset = ResetPeak();
                var clock = Stopwatch.StartNew();
                string outcome;
                try
                {
                    var loaded = new MLContext(1).Model.Load(new MemoryStream(file, writable: false), out _);
                    (loaded as IDisposable)?.Dispose();
                    outcome = "loaded";
                    allRefused &= name.Contains("intact");
                }
                catch (TargetInvocationException ex) when (ex.InnerException is InvalidDataException inner)
                {
                    outcome = $"refused: {inner.Message.Replace('|', '/')}";
                    allRefused &= !name.Contains("intact");
                }
                double ms = clock.Elapsed.TotalMilliseconds;
                long peak = ScaleBenchmark.ProcStatus("VmHWM");
                string growth = reset ? ((peak - before) / 1024.0).ToString("F1", c) : "n/a";
                Console.WriteLine(string.Format(c, "| {0} | {1:N0} | {2} | {3:F1} | {4} |", name, file.Length, outcome, ms, growth));
            }
            return allRefused ? 0 : 1;
        }

        // Writing 5 to clear_refs resets the peak resident size (VmHWM) to the current one (Linux 4.0 and later).
        private static bool ResetPeak()
        {
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static byte[] Save(MLContext ml, ITransformer model, DataViewSchema schema)
        {
            using var stream = new MemoryStream();
            ml.Model.Save(model, schema, stream);
            return stream.ToArray();
        }

        // GAN payload: feature, output and latent column names, label flag, seed, history, then the generator.
        private static byte[] Gan(byte[] file, params (int OffsetInGenerator, int Value)[] changes) => ChangePayload(file, GanTransformer.WeightsEntry, payload =>
        {
            var r = new PayloadReader(payload, "payload");
            r.ReadString();
            r.ReadString();
            r.ReadString();
            if (r.ReadBoolean()) // the label column, when there is one
                r.ReadString();
            r.ReadInt32();
            SavedModelParts.ReadPrivacy(r, SavedModelParts.ReadHistory(r));
            int generator = payload.Length - r.Remaining;
            foreach (var (offset, value) in changes)
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(generator + offset), value);
            return payload;
        });

        // The generator's weights are the payload's last block: its Int32 length, then TorchSharp's bytes.
        private static byte[] GanWeights(byte[] file, byte[] weights) => ChangePayload(file, GanTransformer.WeightsEntry, payload =>
        {
            for (int start = payload.Length - 4; start >= 0; start--)
            {
                if (BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(start)) == payload.Length - start - 4)
                {
                    var changed = new MemoryStream();
                    changed.Write(payload, 0, start);
                    changed.Write(BitConverter.GetBytes(weights.Length));
                    changed.Write(weights);
                    return changed.ToArray();
                }
            }
            throw new InvalidOperationException("No weights block found.");
        });

        // A valid checksum over 256 MiB of zeros (well under a megabyte zipped): in the weights block, which then declares far
        // more than the network needs, or after the weights, past the payload's last part.
        private static byte[] GanInflated(byte[] file, bool trailing) => ChangePayload(file, GanTransformer.WeightsEntry, payload =>
        {
            const int Inflated = 256 << 20;
            if (trailing)
                return [.. payload, .. new byte[Inflated]];
            for (int start = payload.Length - 4; start >= 0; start--)
            {
                if (BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(start)) == payload.Length - start - 4)
                {
                    var changed = payload.AsSpan(0, start + 4).ToArray();
                    BinaryPrimitives.WriteInt32LittleEndian(changed.AsSpan(start), Inflated);
                    return [.. changed, .. new byte[Inflated]];
                }
            }
            throw new InvalidOperationException("No weights block found.");
        });

        // Tabular payload: seed, label column (flag, name), history, then the table model (latent, temperature, hidden widths, columns...).
        private static byte[] Table(byte[] file, int offsetInTable, int value) => ChangePayload(file, TabularGanTransformer.PayloadEntry, payload =>
        {
            var r = new PayloadReader(payload, "payload");
            r.ReadInt32();
            if (r.ReadBoolean())
                r.ReadString();
            SavedModelParts.ReadPrivacy(r, SavedModelParts.ReadHistory(r));
            BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(payload.Length - r.Remaining + offsetInTable), value);
            return payload;
        });

        private static byte[] ChangePayload(byte[] file, string entryName, Func<byte[], byte[]> change)
        {
            var stream = new MemoryStream();
            stream.Write(file);
            using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
            {
                var entry = archive.Entries.Single(e => e.Name == entryName);
                byte[] blob;
                using (var content = entry.Open())
                {
                    blob = new byte[content.Length];
                    content.ReadExactly(blob);
                }
                byte[] payload = change(ChecksummedBlob.Read(new BinaryReader(new MemoryStream(blob)), entryName));
                using var rewritten = entry.Open();
                rewritten.SetLength(0);
                using var writer = new BinaryWriter(rewritten);
                ChecksummedBlob.Write(writer, payload);
            }
            return stream.ToArray();
        }
    }
}
