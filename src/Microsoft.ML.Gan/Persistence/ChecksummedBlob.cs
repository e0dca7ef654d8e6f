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

        /// <summary>
        /// Reads and verifies; <paramref name="what"/> names the data in error messages. With <paramref name="measure"/>,
        /// the declared length is first checked against what the payload's own parts need: <paramref name="measure"/> reads
        /// a <see cref="PayloadReader.Measuring"/> reader over a growing prefix and returns the size its parts add up to, so
        /// an entry that declares (and holds) more than its parts can need is refused before the rest is read.
        /// </summary>
        public static byte[] Read(BinaryReader reader, string what, Func<PayloadReader, long>? measure = null)
        {
            try
            {
                long length = reader.ReadInt64();
                if (length < 0 || length > Array.MaxLength)
                    throw new InvalidDataException($"{what} is damaged: it declares {length} bytes.");
                byte[] expected = ReadExactly(reader, HashBytes, what);
                byte[] payload = measure is null ? ReadExactly(reader, (int)length, what) : ReadMeasured(reader, (int)length, what, measure);
                if (!SHA256.HashData(payload).AsSpan().SequenceEqual(expected))
                    throw new InvalidDataException($"{what} is damaged: its SHA-256 checksum does not match its contents.");
                return payload;
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{what} is truncated.");
            }
        }

        // The first bytes, doubling, until the parts they declare say how long the payload is; then the rest, once.
        private static byte[] ReadMeasured(BinaryReader reader, int length, string what, Func<PayloadReader, long> measure)
        {
            byte[] prefix = ReadExactly(reader, Math.Min(length, 1 << 16), what);
            while (true)
            {
                long total;
                try
                {
                    total = measure(PayloadReader.Measuring(prefix, what, length));
                }
                catch (PrefixTooShortException)
                {
                    byte[] more = ReadExactly(reader, Math.Min(prefix.Length, length - prefix.Length), what);
                    prefix = [.. prefix, .. more];
                    continue;
                }
                if (total != length)
                    throw new InvalidDataException($"{what} is damaged: it declares {length} bytes, but its parts take {total}.");
                break;
            }
            if (prefix.Length == length)
                return prefix;
            byte[] payload = new byte[length];
            prefix.CopyTo(payload, 0);
            int read = prefix.Length;
            while (read < length)
            {
                int n = reader.Read(payload, read, Math.Min(1 << 20, length - read));
                if (n == 0)
                    throw new InvalidDataException($"{what} is truncated: expected {length - read} more bytes, found 0.");
                read += n;
            }
            return payload;
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
