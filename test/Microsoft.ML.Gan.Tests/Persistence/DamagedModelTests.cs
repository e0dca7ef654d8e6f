using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Gan.Persistence;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Persistence
{
    /// <summary>Each test damages a freshly saved model; loading it must throw a managed exception saying what is wrong.</summary>
    [TestClass]
    public sealed class DamagedModelTests
    {
        private const string Weights = GanTransformer.WeightsEntry;
        private const int HashEnd = 8 + 32; // the blob's length prefix and SHA-256 precede the payload
        private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(60);
        private string _dir = "";

        [TestInitialize]
        public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("gan-damaged-").FullName;

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        [TestMethod]
        [DataRow(0.5, 0, DisplayName = "cut at half its length")]
        [DataRow(0.0, 100, DisplayName = "cut to 100 bytes")]
        public void TruncatedZipCannotBeOpened(double fraction, int bytes)
        {
            var ex = LoadFails(path =>
            {
                byte[] all = File.ReadAllBytes(path);
                File.WriteAllBytes(path, all[..((int)(all.Length * fraction) + bytes)]);
            });

            // ML.NET's RepositoryReader reports it; the zip reader's own exception is the inner one.
            Assert.IsInstanceOfType<FormatException>(ex, ex.ToString());
            StringAssert.Contains(ex.Message, "Failed to open a zip archive");
            Assert.IsInstanceOfType<InvalidDataException>(ex.InnerException, ex.ToString());
            StringAssert.Contains(ex.InnerException!.Message, "End of Central Directory");
        }

        [TestMethod]
        [DataRow(4, DisplayName = "inside the length prefix")]
        [DataRow(8 + 16, DisplayName = "inside the hash")]
        [DataRow(HashEnd + 20, DisplayName = "inside the payload")]
        public void TruncatedWeightsEntry(int keep) =>
            ExpectGanError(LoadFails(path => ReplaceEntry(path, Weights, blob => blob[..keep])), $"'{Weights}'", "truncated");

        [TestMethod]
        public void FlippedByteInWeights() => ExpectGanError(LoadFails(path => ReplaceEntry(path, Weights, blob =>
        {
            blob[HashEnd + (blob.Length - HashEnd) / 2] ^= 0x5A;
            return blob;
        })), $"'{Weights}'", "damaged", "checksum");

        /// <summary>The payload is re-wrapped with a valid checksum, so only the reader's own checks stand in the way.</summary>
        [TestMethod]
        [DataRow("architecture", 7, "names generator architecture 7, which this version does not know")]
        [DataRow("first hidden width", 8, "bytes of weights, but stores")]
        [DataRow("hidden count", int.MaxValue, "declares 2147483647 layer sizes")]
        [DataRow("weights length", int.MaxValue, "declares 2147483647 bytes of generator weights")]
        [DataRow("weights length", -1, "declares -1 bytes of generator weights")]
        public void PayloadHeaderWithValidChecksum(string field, int value, string expected) =>
            ExpectGanError(LoadFails(path => ReplacePayload(path, payload =>
            {
                BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(FieldOffset(payload, field)), value);
                return payload;
            })), expected);

        [TestMethod]
        public void NewerFormatVersion() => ExpectGanError(LoadFails(path => ReplaceEntry(path, "Model.key", key =>
        {
            // ML.NET's ModelHeader: the 8-byte model signature, then ModelVerWritten and ModelVerReadable.
            int at = key.AsSpan().IndexOf("GANGENRT"u8);
            Assert.AreNotEqual(-1, at, "the GAN model's header");
            BinaryPrimitives.WriteUInt32LittleEndian(key.AsSpan(at + 8), 0x00020001);
            BinaryPrimitives.WriteUInt32LittleEndian(key.AsSpan(at + 12), 0x00020001);
            return key;
        })), "format version 2.1", "reads format 1.2", "Load it with a newer Microsoft.ML.Gan");

        /// <summary>Saves a tiny model, lets <paramref name="damage"/> change the file, loads it and returns what loading threw.</summary>
        private Exception LoadFails(Action<string> damage)
        {
            var ml = new MLContext(seed: 1);
            var data = TestData.Vectors(ml, TestData.Gaussian(64, 3, 0, 1, 1));
            string path = Path.Combine(_dir, "gan.zip");
            using (var model = ml.Generative().Gan(TestData.Tiny(epochs: 1)).Fit(data))
                ml.Model.Save(model, data.Schema, path);
            damage(path);

            var load = Task.Run(() => (new MLContext().Model.Load(path, out _) as IDisposable)?.Dispose());
            bool finished;
            try
            {
                finished = load.Wait(LoadTimeout);
            }
            catch (AggregateException ex)
            {
                return ex.InnerException!;
            }
            throw new AssertFailedException(finished ? "The damaged model loaded." : $"Loading the damaged model took over {LoadTimeout}.");
        }

        /// <summary>
        /// ML.NET calls GanTransformer.Create by reflection, so what it throws arrives as the InnerException of a
        /// TargetInvocationException ("Exception has been thrown by the target of an invocation.").
        /// </summary>
        private static void ExpectGanError(Exception ex, params string[] expected)
        {
            Assert.IsInstanceOfType<TargetInvocationException>(ex, ex.ToString());
            Assert.IsInstanceOfType<InvalidDataException>(ex.InnerException, ex.ToString());
            foreach (string part in expected)
                StringAssert.Contains(ex.InnerException!.Message, part);
        }

        /// <summary>Where an int of the generator's layout (GeneratorModel.Write) sits in <paramref name="payload"/>.</summary>
        internal static int FieldOffset(byte[] payload, string field)
        {
            int model = ModelStart(payload);
            switch (field)
            {
                // Network description: architecture, latent, condition and feature sizes, then the MLP's hidden widths.
                case "architecture": return model;
                case "hidden count": return model + 16;
                case "first hidden width": return model + 20;
                case "weights length":
                    int at = model + 16; // hidden widths, output dims, scaler offset, scaler scale, then the has-classes flag
                    for (int i = 0; i < 4; i++)
                        at += 4 + 4 * BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(at));
                    Assert.AreEqual(0, payload[at], "an unconditional model has no classes");
                    return at + 1;
                default: throw new ArgumentOutOfRangeException(nameof(field), field, null);
            }
        }

        /// <summary>The transformer's fields come first (column names, seed, history), then the generator.</summary>
        internal static int ModelStart(byte[] payload)
        {
            var r = new PayloadReader(payload, "payload");
            for (int i = 0; i < 3; i++)
                r.ReadString();
            if (r.ReadBoolean()) // the label column, when there is one
                r.ReadString();
            r.ReadInt32();
            SavedModelParts.ReadPrivacy(r, SavedModelParts.ReadHistory(r));
            return payload.Length - r.Remaining;
        }

        /// <summary>Rewrites the one zip entry named <paramref name="name"/>, in whatever directory it is.</summary>
        private static void ReplaceEntry(string zip, string name, Func<byte[], byte[]> change)
        {
            using var archive = ZipFile.Open(zip, ZipArchiveMode.Update);
            using var stream = archive.Entries.Single(e => e.Name == name).Open();
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            byte[] changed = change(bytes);
            stream.SetLength(0);
            stream.Write(changed);
        }

        /// <summary>Changes the payload inside the weights entry and re-wraps it, so that its checksum stays valid.</summary>
        private static void ReplacePayload(string zip, Func<byte[], byte[]> change) => ReplaceEntry(zip, Weights, blob =>
        {
            var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream))
                ChecksummedBlob.Write(writer, change(ChecksummedBlob.Read(new BinaryReader(new MemoryStream(blob)), Weights)));
            return stream.ToArray();
        });
    }
}
