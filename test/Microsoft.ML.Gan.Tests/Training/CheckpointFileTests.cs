using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Tests.Persistence;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Training
{
    /// <summary>
    /// Checkpoint files as untrusted input (valid checksum, hostile sizes: refused within 100 MB of extra memory) and
    /// the temporaries writers leave when killed before their rename.
    /// </summary>
    [TestClass]
    public sealed class CheckpointFileTests
    {
        private const long MemoryLimit = 100L << 20;
        // Magic and format version, then the checksummed payload (Int64 length, SHA-256, bytes).
        private const int HeaderBytes = 12;

        private static string _dir = "";
        private static string _checkpoint = "";

        [ClassInitialize]
        public static void WriteOne(TestContext _)
        {
            _dir = Directory.CreateTempSubdirectory("gan-ckpt-file-").FullName;
            var ml = new MLContext();
            using (ml.Generative().Gan(Options(epochs: 2, checkpoints: Path.Combine(_dir, "run"))).Fit(Data(ml))) { }
            _checkpoint = Path.Combine(_dir, "run", "gan-epoch-000002.ckpt");
        }

        [ClassCleanup]
        public static void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        private static GanEstimator.Options Options(int epochs, string? checkpoints = null, string? resume = null)
        {
            var o = TestData.Tiny(epochs, seed: 3);
            o.CheckpointDirectory = checkpoints;
            o.CheckpointInterval = 2;
            o.ResumeFromCheckpoint = resume;
            return o;
        }

        private static IDataView Data(MLContext ml) => TestData.Vectors(ml, TestData.Gaussian(200, 2, 1, 2, 5));

        [TestMethod]
        public void TheOnlyFormatVersionIsOne()
        {
            byte[] bytes = File.ReadAllBytes(_checkpoint);
            Assert.AreEqual(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 2);
            StringAssert.Contains(Refusal(bytes).Message, "has format version 2; this version reads version 1");
        }

        [TestMethod]
        [DataRow(2147483647L, "truncated: it declares 2147483647 bytes of payload")]
        [DataRow(9223372036854775807L, "truncated: it declares 9223372036854775807 bytes of payload")]
        [DataRow(-1L, "damaged: it declares -1 bytes of payload")]
        public void APayloadLengthOtherThanTheFileHoldsIsRefused(long declared, string expected)
        {
            byte[] bytes = File.ReadAllBytes(_checkpoint);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(HeaderBytes), declared);
            StringAssert.Contains(Refusal(bytes).Message, expected);
        }

        [TestMethod]
        public void TrailingBytesAreRefused()
        {
            byte[] bytes = File.ReadAllBytes(_checkpoint).Concat(new byte[7]).ToArray();
            StringAssert.Contains(Refusal(bytes).Message, "but stores");
        }

        /// <summary>
        /// TorchSharp's optimizer reader allocates an array of the declared rank (here 2^27 longs, 1 GiB) and AMSGrad's
        /// tensor of the declared shape (here 2^40 floats) before comparing anything; the walk refuses both first.
        /// </summary>
        [TestMethod]
        [DataRow("rank", "declares rank 134217728")]
        [DataRow("AMSGrad tensor", "declares 1048576 elements along dimension 0")]
        [DataRow("state count", "parameter states in")]
        public void HostileOptimizerStateIsRefusedBeforeTorchSharpReadsIt(string field, string expected)
        {
            var (payload, at) = GeneratorOptimizerBlock();
            byte[] state = payload.AsSpan(at + 4, BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(at))).ToArray();
            var r = new PayloadReader(state, "state");
            r.ReadString();
            int counts = state.Length - r.Remaining;
            r.Read7BitEncoded(9, "groups");
            r.Read7BitEncoded(9, "states");
            r.Skip(50);   // one parameter group
            r.ReadInt64();
            int firstTensor = state.Length - r.Remaining;
            ModuleBytes.SkipTensor(r);
            ModuleBytes.SkipTensor(r);
            int flag = state.Length - r.Remaining;
            byte[] hostile = field switch
            {
                // The first moment tensor's dtype, then rank 2^27 in LEB128.
                "rank" => [.. state[..(firstTensor + 1)], 0x80, 0x80, 0x80, 0x40, .. state[(firstTensor + 2)..]],
                // AMSGrad's flag set, followed by a [2^20, 2^20] Float32 tensor with no elements stored.
                "AMSGrad tensor" => [.. state[..flag], 1, 6, 2, 0x80, 0x80, 0x40, 0x80, 0x80, 0x40, .. state[(flag + 1)..]],
                // One parameter group and 2^62 states.
                "state count" => [.. state[..counts], 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, .. state[(counts + 2)..]],
                _ => throw new ArgumentOutOfRangeException(nameof(field)),
            };
            StringAssert.Contains(Refusal(Checkpoint(ReplaceBlock(payload, at, hostile))).Message, expected);
        }

        [TestMethod]
        public void HostileGeneratorWeightsAreRefused()
        {
            var (payload, at) = GeneratorOptimizerBlock();
            // The generator's weights are two blocks earlier: find them from the start of the blocks.
            int generator = BlocksStart(payload);
            Assert.IsTrue(generator < at);
            // One tensor "w", Float32, rank 1, 2^40 elements, none stored.
            byte[] hostile = [1, 1, (byte)'w', 6, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20];
            StringAssert.Contains(Refusal(Checkpoint(ReplaceBlock(payload, generator, hostile))).Message, "more than the");
        }

        [TestMethod]
        public void AbandonedTemporariesAreRemovedAndLiveOnesKept()
        {
            string dir = Path.Combine(_dir, "temporaries-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            using var live = Cat();
            int dead;
            using (var ended = Cat())
            {
                ended.StandardInput.Close();
                ended.WaitForExit();
                dead = ended.Id;
            }
            string Temp(int pid) => Path.Combine(dir, $".gan-epoch-000001.ckpt.{pid}.{Guid.NewGuid():N}.tmp");
            string abandoned = Temp(dead), ofLiveProcess = Temp(live.Id), ofThisProcess = Temp(Environment.ProcessId), held = Temp(dead);
            string unknown = Path.Combine(dir, $".gan-epoch-000001.ckpt.{Guid.NewGuid():N}.tmp"), other = Path.Combine(dir, "notes.tmp");
            foreach (string path in new[] { abandoned, ofLiveProcess, ofThisProcess, held, unknown, other })
                File.WriteAllText(path, "partial");
            var ml = new MLContext();
            // Held open as its writer holds it: a writer on another machine, whose process id means nothing here.
            using (var holder = new FileStream(held, FileMode.Open, FileAccess.Write, OperatingSystem.IsWindows() ? FileShare.Delete : FileShare.None))
            {
                using (ml.Generative().Gan(Options(epochs: 2, checkpoints: dir)).Fit(Data(ml))) { }
            }

            string[] Left() => Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal).ToArray()!;
            CollectionAssert.AreEqual(new[] { ofLiveProcess, ofThisProcess, held, unknown }.Select(Path.GetFileName).Append("gan-epoch-000002.ckpt").Append("notes.tmp")
                .OrderBy(f => f, StringComparer.Ordinal).ToArray(), Left());

            // Once its process has ended (and with the holder gone), the next checkpoint write removes it.
            live.StandardInput.Close();
            live.WaitForExit();
            using (ml.Generative().Gan(Options(epochs: 2, checkpoints: dir)).Fit(Data(ml))) { }
            CollectionAssert.AreEqual(new[] { ofThisProcess, unknown }.Select(Path.GetFileName).Append("gan-epoch-000002.ckpt").Append("notes.tmp")
                .OrderBy(f => f, StringComparer.Ordinal).ToArray(), Left());
        }

        // A child process that runs until its standard input is closed.
        private static Process Cat() =>
            Process.Start(new ProcessStartInfo("cat") { RedirectStandardInput = true, RedirectStandardOutput = true })!;

        /// <summary>Resumes from <paramref name="file"/>'s bytes, expecting an InvalidDataException within the memory limit.</summary>
        private static InvalidDataException Refusal(byte[] file)
        {
            string path = Path.Combine(_dir, $"hostile-{Guid.NewGuid():N}.ckpt");
            File.WriteAllBytes(path, file);
            var ml = new MLContext();
            var data = Data(ml);
            var probe = MemoryProbe.Start();
            var ex = Assert.Throws<InvalidDataException>(() => ml.Generative().Gan(Options(epochs: 4, resume: path)).Fit(data).Dispose());
            probe.AssertBelow(MemoryLimit, "refusing the checkpoint");
            return ex;
        }

        private static (byte[] Payload, int At) GeneratorOptimizerBlock()
        {
            byte[] payload = ModelFiles.Unwrap(File.ReadAllBytes(_checkpoint)[HeaderBytes..]);
            var r = new PayloadReader(payload, "payload");
            r.Skip(BlocksStart(payload));
            r.ReadBlock("generator");
            r.ReadBlock("critic");
            return (payload, payload.Length - r.Remaining);
        }

        // Epoch, steps, settings, history and the average's update count come before the blocks.
        private static int BlocksStart(byte[] payload)
        {
            var r = new PayloadReader(payload, "payload");
            r.ReadInt32();
            r.ReadInt64();
            for (int n = r.ReadInt32(); n > 0; n--)
            {
                r.ReadString();
                r.ReadString();
            }
            SavedModelParts.ReadHistory(r);
            r.ReadInt64();
            return payload.Length - r.Remaining;
        }

        private static byte[] ReplaceBlock(byte[] payload, int at, byte[] block)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(at));
            var prefix = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(prefix, block.Length);
            return [.. payload[..at], .. prefix, .. block, .. payload[(at + 4 + length)..]];
        }

        private static byte[] Checkpoint(byte[] payload) => [.. File.ReadAllBytes(_checkpoint)[..HeaderBytes], .. ModelFiles.Wrap(payload)];
    }
}
