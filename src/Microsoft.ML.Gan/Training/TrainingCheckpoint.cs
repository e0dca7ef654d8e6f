using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Gan.Persistence;
using TorchSharp;
using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Everything needed to continue training exactly where it stopped: both networks, both optimizers'
    /// state, the random generator's state, the step counter and the history. Written to a temporary
    /// name and moved into place, and checksummed, so a crash never leaves a damaged checkpoint that
    /// looks valid.
    /// </summary>
    internal sealed class TrainingCheckpoint
    {
        private const string Magic = "MLGANCKP";
        private const int FormatVersion = 1;
        private const string Extension = ".ckpt";

        public int Epoch { get; private init; }
        public long DiscriminatorSteps { get; private init; }

        /// <summary>The options and shapes the run was started with; a resumed run must match them.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> CompatibilityKeys { get; private init; } = Array.Empty<KeyValuePair<string, string>>();
        public List<GanEpochMetrics> History { get; private init; } = new();

        /// <summary>The run's seed, as recorded in <see cref="CompatibilityKeys"/>.</summary>
        public int? Seed => CompatibilityKeys.Where(p => p.Key == nameof(GanEstimator.Options.Seed))
            .Select(p => int.TryParse(p.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int s) ? s : (int?)null)
            .FirstOrDefault();

        private byte[] _generator = Array.Empty<byte>();
        private byte[] _critic = Array.Empty<byte>();
        private byte[] _generatorOptimizer = Array.Empty<byte>();
        private byte[] _criticOptimizer = Array.Empty<byte>();
        private byte[] _average = Array.Empty<byte>();
        private long _averageUpdates;
        private byte[] _rngState = Array.Empty<byte>();

        public static string FileName(int epoch) => $"gan-epoch-{epoch:D6}{Extension}";

        public static TrainingCheckpoint Capture(int epoch, long discriminatorSteps, IReadOnlyList<KeyValuePair<string, string>> settings,
            IEnumerable<GanEpochMetrics> history, TrainingState state)
        {
            using var rng = state.Rng.get_state();
            return new TrainingCheckpoint
            {
                Epoch = epoch,
                DiscriminatorSteps = discriminatorSteps,
                CompatibilityKeys = settings,
                History = history.ToList(),
                _generator = ModuleBytes.Save(state.Generator),
                _critic = state.Discriminator is { } critic ? ModuleBytes.Save(critic) : Array.Empty<byte>(),
                _generatorOptimizer = OptimizerBytes(state.GeneratorOptimizer),
                _criticOptimizer = state.DiscriminatorOptimizer is { } o ? OptimizerBytes(o) : Array.Empty<byte>(),
                _average = state.Average is { } average ? ModuleBytes.Save(average.Average) : Array.Empty<byte>(),
                _averageUpdates = state.Average?.Updates ?? 0,
                _rngState = rng.data<byte>().ToArray(),
            };
        }

        /// <summary>Puts the saved state into a freshly built state of the same shapes.</summary>
        public void Restore(TrainingState state)
        {
            ModuleBytes.Load(state.Generator, _generator, "The checkpoint's generator");
            LoadOptimizer(state.GeneratorOptimizer, _generatorOptimizer, "generator");
            if (state.Discriminator is { } critic)
            {
                ModuleBytes.Load(critic, _critic, "The checkpoint's discriminator");
                LoadOptimizer(state.DiscriminatorOptimizer!, _criticOptimizer, "discriminator");
            }
            if (state.Average is { } average)
            {
                ModuleBytes.Load(average.Average, _average, "The checkpoint's generator average");
                average.Updates = _averageUpdates;
            }
            using var rng = torch.tensor(_rngState);
            state.Rng.set_state(rng);
        }

        /// <summary>Throws naming every setting that differs between the checkpoint and this run.</summary>
        public void CheckMatches(IReadOnlyList<KeyValuePair<string, string>> current, string path)
        {
            var saved = CompatibilityKeys.ToDictionary(p => p.Key, p => p.Value);
            var differences = current
                .Where(p => !saved.TryGetValue(p.Key, out var v) || v != p.Value)
                .Select(p => $"{p.Key} is {p.Value} now but {(saved.TryGetValue(p.Key, out var v) ? v : "absent")} in the checkpoint")
                .ToList();
            if (differences.Count > 0)
                throw new InvalidOperationException(
                    $"Cannot resume from '{path}': it was written by a run with other settings ({string.Join("; ", differences)}).");
        }

        public void WriteAtomically(string directory)
        {
            Directory.CreateDirectory(directory);
            string path = Path.Combine(directory, FileName(Epoch));
            string temp = path + ".tmp";
            using (var file = new BinaryWriter(File.Create(temp)))
            {
                file.Write(Encoding.ASCII.GetBytes(Magic));
                file.Write(FormatVersion);
                ChecksummedBlob.Write(file, Payload());
            }
            File.Move(temp, path, overwrite: true);
        }

        /// <summary>Reads a checkpoint file, or the latest checkpoint in a directory.</summary>
        public static (TrainingCheckpoint Checkpoint, string Path) Read(string fileOrDirectory)
        {
            string path = Directory.Exists(fileOrDirectory) ? Latest(fileOrDirectory) : fileOrDirectory;
            if (!File.Exists(path))
                throw new FileNotFoundException($"No checkpoint at '{path}'.", path);
            using var file = new BinaryReader(File.OpenRead(path));
            string what = $"Checkpoint '{path}'";
            try
            {
                byte[] magic = file.ReadBytes(Magic.Length);
                if (Encoding.ASCII.GetString(magic) != Magic)
                    throw new InvalidDataException($"{what} is not a Microsoft.ML.Gan checkpoint.");
                int version = file.ReadInt32();
                if (version != FormatVersion)
                    throw new InvalidDataException($"{what} has format version {version}; this version reads {FormatVersion}.");
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{what} is truncated.");
            }
            return (FromPayload(ChecksummedBlob.Read(file, what), what), path);
        }

        private static string Latest(string directory) =>
            Directory.GetFiles(directory, "gan-epoch-*" + Extension).OrderBy(f => f, StringComparer.Ordinal).LastOrDefault()
            ?? throw new FileNotFoundException($"No checkpoint (gan-epoch-*{Extension}) in '{directory}'.");

        private byte[] Payload()
        {
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream))
            {
                w.Write(Epoch);
                w.Write(DiscriminatorSteps);
                w.Write(CompatibilityKeys.Count);
                foreach (var (key, value) in CompatibilityKeys)
                {
                    w.Write(key);
                    w.Write(value);
                }
                w.Write(History.Count);
                foreach (var m in History)
                    m.Write(w);
                w.Write(_averageUpdates);
                foreach (var part in new[] { _generator, _critic, _generatorOptimizer, _criticOptimizer, _average, _rngState })
                {
                    w.Write(part.Length);
                    w.Write(part);
                }
            }
            return stream.ToArray();
        }

        private static TrainingCheckpoint FromPayload(byte[] payload, string what)
        {
            try
            {
                using var r = new BinaryReader(new MemoryStream(payload, writable: false));
                int epoch = r.ReadInt32();
                long steps = r.ReadInt64();
                var settings = new List<KeyValuePair<string, string>>();
                for (int n = Count(r, what); n > 0; n--)
                    settings.Add(new(r.ReadString(), r.ReadString()));
                var history = new List<GanEpochMetrics>();
                for (int n = Count(r, what); n > 0; n--)
                    history.Add(GanEpochMetrics.Read(r));
                return new TrainingCheckpoint
                {
                    Epoch = epoch,
                    DiscriminatorSteps = steps,
                    CompatibilityKeys = settings,
                    History = history,
                    _averageUpdates = r.ReadInt64(),
                    _generator = Part(r, what),
                    _critic = Part(r, what),
                    _generatorOptimizer = Part(r, what),
                    _criticOptimizer = Part(r, what),
                    _average = Part(r, what),
                    _rngState = Part(r, what),
                };
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{what} is truncated.");
            }
        }

        private static int Count(BinaryReader r, string what)
        {
            int n = r.ReadInt32();
            return n is >= 0 and <= 10_000_000 ? n : throw new InvalidDataException($"{what} is damaged: it declares {n} entries.");
        }

        private static byte[] Part(BinaryReader r, string what)
        {
            int n = r.ReadInt32();
            byte[] bytes = n >= 0 ? r.ReadBytes(n) : Array.Empty<byte>();
            return n >= 0 && bytes.Length == n ? bytes : throw new InvalidDataException($"{what} is truncated.");
        }

        private static byte[] OptimizerBytes(OptimizerHelper optimizer)
        {
            var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream))
                optimizer.save_state_dict(writer);
            return stream.ToArray();
        }

        private static void LoadOptimizer(OptimizerHelper optimizer, byte[] bytes, string network)
        {
            try
            {
                using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
                optimizer.load_state_dict(reader);
            }
            catch (Exception ex) when (ex is ArgumentException or EndOfStreamException or InvalidOperationException or IOException)
            {
                throw new InvalidDataException($"The checkpoint's {network} optimizer state does not match this run: {ex.Message}", ex);
            }
        }
    }
}
