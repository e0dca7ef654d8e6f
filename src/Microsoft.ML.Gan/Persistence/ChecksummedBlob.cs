using System;
using System.IO;
using System.Security.Cryptography;

namespace Microsoft.ML.Gan.Persistence
{
    /// <summary>
    /// Length-prefixed bytes followed by their SHA-256. Zip readers do not verify entry CRCs on this
    /// platform (docs/ARCHITECTURE.md, fact 6), so a damaged weights entry is caught here, before any tensor is made.
    /// </summary>
    internal static class ChecksummedBlob
    {
        private const int HashBytes = 32;

        public static void Write(BinaryWriter writer, byte[] payload)
        {
            writer.Write((long)payload.Length);
            writer.Write(SHA256.HashData(payload));
            writer.Write(payload);
        }

        /// <summary>Reads and verifies; <paramref name="what"/> names the data in error messages.</summary>
        public static byte[] Read(BinaryReader reader, string what)
        {
            try
            {
                long length = reader.ReadInt64();
                if (length < 0 || length > Array.MaxLength)
                    throw new InvalidDataException($"{what} is damaged: it declares {length} bytes.");
                byte[] expected = ReadExactly(reader, HashBytes, what);
                byte[] payload = ReadExactly(reader, (int)length, what);
                if (!SHA256.HashData(payload).AsSpan().SequenceEqual(expected))
                    throw new InvalidDataException($"{what} is damaged: its SHA-256 checksum does not match its contents.");
                return payload;
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{what} is truncated.");
            }
        }

        // Reads in bounded chunks, so a damaged length field cannot make us allocate gigabytes up front.
        private static byte[] ReadExactly(BinaryReader reader, int count, string what)
        {
            const int Chunk = 1 << 20;
            if (count <= Chunk)
                return Check(reader.ReadBytes(count), count, what);
            using var buffer = new MemoryStream();
            while (buffer.Length < count)
            {
                byte[] part = reader.ReadBytes((int)Math.Min(Chunk, count - buffer.Length));
                buffer.Write(part);
                if (part.Length == 0)
                    break;
            }
            return Check(buffer.ToArray(), count, what);
        }

        private static byte[] Check(byte[] bytes, int count, string what) =>
            bytes.Length == count ? bytes
            : throw new InvalidDataException($"{what} is truncated: expected {count} more bytes, found {bytes.Length}.");
    }
}
