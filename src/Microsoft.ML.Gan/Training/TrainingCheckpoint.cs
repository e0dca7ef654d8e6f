using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Everything needed to continue training exactly where it stopped: both networks, both optimizers' state,
    /// the random generators' states (the trainer's and any the networks draw from), the step counter and the
    /// history. Written under a temporary name of its own and moved into place (<see cref="CheckpointTemporaries"/>),
    /// and checksummed, so a crash never leaves a damaged checkpoint that looks valid. Read as untrusted input: every
    /// size it declares is checked against the bytes stored before anything of that size is allocated.
    /// </summary>
    internal sealed class TrainingCheckpoint
    {
        private const string Magic = "MLGANCKP";
        // The only format so far; a reader refuses any other version rather than guess at its layout.
        private const int FormatVersion = 1;
        // Magic, version, then the checksummed payload: its Int64 length and its SHA-256 (ChecksummedBlob).
        private const int HeaderBytes = 8 + 4;
        private const int BlobHeaderBytes = 8 + 32;
        private const string Prefix = "gan-epoch-";
        private const string Extension = ".ckpt";

        public int Epoch { get; private init; }
        public long DiscriminatorSteps { get; private init; }

        /// <summary>The file it was read from (null when captured in this process).</summary>
        public string? Path { get; private init; }

        /// <summary>The options and shapes the run was started with; a resumed run must match them.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> CompatibilityKeys { get; private init; } = Array.Empty<KeyValuePair<string, string>>();
        public List<GanEpochMetrics> History { get; private init; } = new();

        /// <summary>The run's seed, as recorded in <see cref="CompatibilityKeys"/>.</summary>
        public int? Seed => CompatibilityKeys.Where(p => p.Key == TrainerSettings.SeedKey)
            .Select(p => int.TryParse(p.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : (int?)null)
            .FirstOrDefault();

        private byte[] _generator = Array.Empty<byte>();
        private byte[] _critic = Array.Empty<byte>();
        private byte[] _generatorOptimizer = Array.Empty<byte>();
        private byte[] _criticOptimizer = Array.Empty<byte>();
        private byte[] _average = Array.Empty<byte>();
        private long _averageUpdates;
        private byte[] _rngState = Array.Empty<byte>();
        private byte[][] _networkRngStates = Array.Empty<byte[]>();

        public static string FileName(int epoch) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{epoch:D6}{Extension}");

        public static TrainingCheckpoint Capture(int epoch, long discriminatorSteps, IReadOnlyList<KeyValuePair<string, string>> settings,
            IEnumerable<GanEpochMetrics> history, TrainingState state) => new()
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
                _rngState = RngBytes(state.Rng),
                _networkRngStates = state.NetworkRngs.Select(RngBytes).ToArray(),
            };

        /// <summary>Puts the saved state into a freshly built state of the same shapes.</summary>
        public void Restore(TrainingState state)
        {
            string what = $"Checkpoint '{Path}'";
            ModuleBytes.Load(state.Generator, _generator, $"{what}'s generator");
            LoadOptimizer(state.GeneratorOptimizer, _generatorOptimizer, $"{what}'s generator optimizer state");
            if (state.Discriminator is { } critic)
            {
                ModuleBytes.Load(critic, _critic, $"{what}'s discriminator");
                LoadOptimizer(state.DiscriminatorOptimizer!, _criticOptimizer, $"{what}'s discriminator optimizer state");
            }
            if (state.Average is { } average)
            {
                ModuleBytes.Load(average.Average, _average, $"{what}'s generator average");
                average.Updates = _averageUpdates;
            }
            SetRng(state.Rng, _rngState, what);
            if (_networkRngStates.Length != state.NetworkRngs.Count)
                throw new InvalidDataException($"{what} holds {_networkRngStates.Length} network random states; this run has {state.NetworkRngs.Count}.");
            for (int i = 0; i < _networkRngStates.Length; i++)
                SetRng(state.NetworkRngs[i], _networkRngStates[i], what);
        }

        /// <summary>Throws naming every setting that differs between the checkpoint and this run.</summary>
        public void CheckMatches(IReadOnlyList<KeyValuePair<string, string>> current)
        {
            var saved = CompatibilityKeys.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value);
            var differences = current
                .Where(p => !saved.TryGetValue(p.Key, out var v) || v != p.Value)
                .Select(p => $"{p.Key} is {p.Value} now but {(saved.TryGetValue(p.Key, out var v) ? v : "absent")} in the checkpoint")
                .ToList();
            if (differences.Count > 0)
                throw new InvalidOperationException(
                    $"Cannot resume from '{Path}': it was written by a run with other settings ({string.Join("; ", differences)}).");
        }

        /// <summary>
        /// Writes <c>gan-epoch-NNNNNN.ckpt</c> through a temporary file of its own (removed if anything fails), then
        /// keeps only the newest <paramref name="keep"/> checkpoints of the directory (0 keeps all). Returns the path.
        /// First removes the temporaries that writers killed before their rename left behind.
        /// </summary>
        public string WriteAtomically(string directory, int keep)
        {
            Directory.CreateDirectory(directory);
            CheckpointTemporaries.RemoveAbandoned(directory);
            string path = System.IO.Path.Combine(directory, FileName(Epoch));
            string temp = CheckpointTemporaries.NewPath(directory, FileName(Epoch));
            try
            {
                // Held from creation until after the rename, so that another run's clean-up never takes it for abandoned.
                using var stream = CheckpointTemporaries.Create(temp);
                using (var file = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true))
                {
                    file.Write(Encoding.ASCII.GetBytes(Magic));
                    file.Write(FormatVersion);
                    ChecksummedBlob.Write(file, Payload());
                }
                CheckpointTemporaries.MoveIntoPlace(stream, temp, path);
            }
            catch
            {
                File.Delete(temp);
                throw;
            }
            if (keep > 0)
            {
                foreach (var (old, _) in InDirectory(directory).Skip(keep))
                    File.Delete(old);
            }
            return path;
        }

        /// <summary>
        /// Reads a checkpoint file, or the newest intact checkpoint of a directory (by epoch number): a damaged newer
        /// one is skipped with a warning on <paramref name="host"/>'s channel.
        /// </summary>
        public static TrainingCheckpoint Read(IHost host, string fileOrDirectory)
        {
            if (!Directory.Exists(fileOrDirectory))
                return ReadFile(fileOrDirectory);
            var candidates = InDirectory(fileOrDirectory).ToList();
            if (candidates.Count == 0)
                throw new FileNotFoundException($"No checkpoint ({Prefix}*{Extension}) in '{fileOrDirectory}'.");
            var damaged = new List<string>();
            using var ch = host.Start("Reading checkpoints");
            foreach (var (path, _) in candidates)
            {
                try
                {
                    var checkpoint = ReadFile(path);
                    if (damaged.Count > 0)
                        ch.Warning($"Resuming from '{path}', the newest intact checkpoint; skipped {damaged.Count} damaged newer one(s).");
                    return checkpoint;
                }
                catch (InvalidDataException ex)
                {
                    damaged.Add(ex.Message);
                    ch.Warning($"{ex.Message} Trying the previous checkpoint.");
                }
            }
            throw new InvalidDataException($"Every checkpoint in '{fileOrDirectory}' is damaged: {string.Join(" ", damaged)}");
        }

        // Checkpoint files of a directory, newest epoch first; names are compared as numbers, so epoch 1,000,000
        // comes after 999,999 although its name sorts before.
        private static IEnumerable<(string Path, long Epoch)> InDirectory(string directory) =>
            Directory.GetFiles(directory, Prefix + "*" + Extension)
                .Select(f => (Path: f, Name: System.IO.Path.GetFileNameWithoutExtension(f)[Prefix.Length..]))
                .Where(f => f.Name.Length > 0 && f.Name.All(char.IsAsciiDigit))
                .Select(f => (f.Path, Epoch: long.TryParse(f.Name, NumberStyles.None, CultureInfo.InvariantCulture, out long e) ? e : long.MaxValue))
                .OrderByDescending(f => f.Epoch)
                .ThenByDescending(f => f.Path, StringComparer.Ordinal);

        private static TrainingCheckpoint ReadFile(string path)
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"No checkpoint at '{path}'.", path);
            string what = $"Checkpoint '{path}'";
            byte[] payload;
            using (var stream = File.OpenRead(path))
            using (var file = new BinaryReader(stream))
            {
                long declared;
                try
                {
                    byte[] magic = file.ReadBytes(Magic.Length);
                    if (Encoding.ASCII.GetString(magic) != Magic)
                        throw new InvalidDataException($"{what} is not a Microsoft.ML.Gan checkpoint.");
                    int version = file.ReadInt32();
                    if (version != FormatVersion)
                        throw new InvalidDataException($"{what} has format version {version}; this version reads version {FormatVersion}.");
                    declared = file.ReadInt64();
                }
                catch (EndOfStreamException)
                {
                    throw new InvalidDataException($"{what} is truncated.");
                }
                // The payload's declared length must be exactly what the file stores after it: a file cannot make the
                // reader allocate more than its own size, and trailing bytes mean a layout this version does not know.
                long stored = stream.Length - HeaderBytes - BlobHeaderBytes;
                if (declared != stored)
                    throw declared > stored
                        ? new InvalidDataException($"{what} is truncated: it declares {declared} bytes of payload and stores {Math.Max(stored, 0)}.")
                        : new InvalidDataException($"{what} is damaged: it declares {declared} bytes of payload but stores {stored}.");
                stream.Position = HeaderBytes;
                payload = ChecksummedBlob.Read(file, what);
            }
            return FromPayload(new PayloadReader(payload, what), path);
        }

        private byte[] Payload()
        {
            using var w = new PayloadWriter();
            w.Write(Epoch);
            w.Write(DiscriminatorSteps);
            w.Write(CompatibilityKeys.Count);
            foreach (var (key, value) in CompatibilityKeys)
            {
                w.Write(key);
                w.Write(value);
            }
            SavedModelParts.WriteHistory(w, History);
            w.Write(_averageUpdates);
            foreach (var part in new[] { _generator, _critic, _generatorOptimizer, _criticOptimizer, _average, _rngState })
                w.WriteBlock(part);
            w.Write(_networkRngStates.Length);
            foreach (var state in _networkRngStates)
                w.WriteBlock(state);
            return w.ToArray();
        }

        private static TrainingCheckpoint FromPayload(PayloadReader r, string path)
        {
            int epoch = r.ReadInt32();
            long steps = r.ReadInt64();
            var settings = new List<KeyValuePair<string, string>>();
            for (int n = r.ReadCount("settings", 2); n > 0; n--)
                settings.Add(new(r.ReadString(), r.ReadString()));
            var history = SavedModelParts.ReadHistory(r);
            if (epoch < 1 || history.Count != epoch || steps < 0)
                throw r.Damaged($"it is at epoch {epoch} with {history.Count} epochs of history and {steps} discriminator steps");
            var checkpoint = new TrainingCheckpoint
            {
                Epoch = epoch,
                DiscriminatorSteps = steps,
                Path = path,
                CompatibilityKeys = settings,
                History = history,
                _averageUpdates = r.ReadInt64(),
                _generator = r.ReadBlock("generator weights"),
                _critic = r.ReadBlock("discriminator weights"),
                _generatorOptimizer = r.ReadBlock("generator optimizer state"),
                _criticOptimizer = r.ReadBlock("discriminator optimizer state"),
                _average = r.ReadBlock("generator average weights"),
                _rngState = r.ReadBlock("random state"),
                _networkRngStates = Enumerable.Range(0, r.ReadCount("network random states", 4, 64)).Select(_ => r.ReadBlock("a network random state")).ToArray(),
            };
            r.ExpectEnd();
            return checkpoint;
        }

        private static byte[] RngBytes(torch.Generator rng)
        {
            using var state = rng.get_state();
            return state.data<byte>().ToArray();
        }

        // libtorch accepts only a state of its own generator's size; anything else is refused here with a clear message.
        private static void SetRng(torch.Generator rng, byte[] saved, string what)
        {
            int expected = RngBytes(rng).Length;
            if (saved.Length != expected)
                throw new InvalidDataException($"{what} holds a random state of {saved.Length} bytes; this run's generator has {expected}.");
            using var state = torch.tensor(saved);
            rng.set_state(state);
        }

        private static byte[] OptimizerBytes(OptimizerHelper optimizer)
        {
            var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream))
                optimizer.save_state_dict(writer);
            return stream.ToArray();
        }

        // TorchSharp's reader allocates from the shapes it reads before comparing them (AMSGrad's state, a rank's
        // array), so the bytes are walked and bounded first.
        private static void LoadOptimizer(OptimizerHelper optimizer, byte[] bytes, string what)
        {
            AdamStateBytes.Check(bytes, what);
            try
            {
                using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
                optimizer.load_state_dict(reader);
            }
            catch (Exception ex) when (ex is ArgumentException or EndOfStreamException or InvalidOperationException or IOException)
            {
                throw new InvalidDataException($"{what} does not match this run: {ex.Message}", ex);
            }
        }
    }
}
