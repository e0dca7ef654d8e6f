using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Microsoft.ML.Gan.Persistence
{
    /// <summary>
    /// Reads what <see cref="PayloadWriter"/> wrote, from bytes held in memory. Model files and checkpoints are
    /// untrusted input, so every count is checked against the bytes that remain before anything is allocated for
    /// it, and every failure is an <see cref="InvalidDataException"/> that names the data (<see cref="What"/>).
    /// </summary>
    internal sealed class PayloadReader
    {
        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private readonly byte[] _bytes;
        private readonly long _declared;
        private readonly bool _measuring;
        private int _position;

        /// <param name="bytes">The whole payload, already read into memory (and checksum-verified where it has a checksum).</param>
        /// <param name="what">Names the data in messages, e.g. "The GAN model's 'Generator.bin' entry".</param>
        public PayloadReader(byte[] bytes, string what) : this(bytes, what, bytes.Length, measuring: false)
        {
        }

        private PayloadReader(byte[] bytes, string what, long declared, bool measuring)
        {
            _bytes = bytes;
            What = what;
            _declared = declared;
            _measuring = measuring;
        }

        /// <summary>
        /// A reader that measures a payload declared to hold <paramref name="declared"/> bytes from its first bytes alone
        /// (<paramref name="prefix"/>, not verified yet): counts are checked against the declared size, a read past the prefix
        /// throws <see cref="PrefixTooShortException"/> (read more, then measure again), and <see cref="ReadLastBlock"/> ends
        /// the measurement with <see cref="MeasuredException"/>, so the payload's own parts say how large it can be before
        /// the rest is read.
        /// </summary>
        public static PayloadReader Measuring(byte[] prefix, string what, long declared) => new(prefix, what, declared, measuring: true);

        public string What { get; }

        /// <summary>Bytes read so far.</summary>
        public int Position => _position;

        public int Remaining => (int)Math.Min(int.MaxValue, _declared - _position);

        public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));
        public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));
        public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));
        public byte ReadByte() => Take(1)[0];

        /// <summary>A Boolean as <see cref="BinaryWriter"/> writes it: exactly 0 or 1.</summary>
        public bool ReadBoolean()
        {
            byte b = ReadByte();
            return b <= 1 ? b == 1 : throw Damaged($"a Boolean is stored as {b}");
        }

        /// <summary>A finite double; <paramref name="name"/> says what it is in the message.</summary>
        public double ReadFinite(string name)
        {
            double v = ReadDouble();
            return double.IsFinite(v) ? v : throw Damaged($"{name} is {v}");
        }

        /// <summary>
        /// An unsigned LEB128 number (7 bits a byte, low bits first), as <see cref="BinaryWriter"/> writes string lengths
        /// and TorchSharp writes sizes; at most <paramref name="bytes"/> bytes long. <paramref name="of"/> names it.
        /// </summary>
        public long Read7BitEncoded(int bytes, string of)
        {
            long value = 0;
            for (int shift = 0; ; shift += 7)
            {
                if (shift >= 7 * bytes)
                    throw Damaged($"{of} is malformed");
                byte b = ReadByte();
                value |= (long)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                    return value;
            }
        }

        /// <summary>A string as <see cref="BinaryWriter"/> writes it: a 7-bit encoded byte length, then UTF-8.</summary>
        public string ReadString()
        {
            long length = Read7BitEncoded(5, "a string length");
            if (length > Remaining)
                throw Truncated($"a string declares {length} bytes");
            try
            {
                return StrictUtf8.GetString(Take((int)length));
            }
            catch (DecoderFallbackException)
            {
                throw Damaged("a string is not valid UTF-8");
            }
        }

        /// <summary>
        /// A count of items that take at least <paramref name="bytesEach"/> bytes each further on, so it cannot
        /// exceed what remains; <paramref name="max"/> bounds it further. <paramref name="of"/> names the items.
        /// </summary>
        public int ReadCount(string of, int bytesEach, int max = int.MaxValue)
        {
            int n = ReadInt32();
            if (n < 0 || n > max || (long)n * bytesEach > Remaining)
                throw Damaged($"it declares {n} {of}, {Remaining} bytes remain{(max < int.MaxValue ? $" (at most {max} allowed)" : "")}");
            return n;
        }

        public int[] ReadInts(string of, int max = int.MaxValue) =>
            MemoryMarshal.Cast<byte, int>(Take(4 * ReadCount(of, 4, max))).ToArray();

        public float[] ReadFloats(string of, int max = int.MaxValue) =>
            MemoryMarshal.Cast<byte, float>(Take(4 * ReadCount(of, 4, max))).ToArray();

        /// <summary>A byte block with its Int32 length first.</summary>
        public byte[] ReadBlock(string of) => Take(ReadCount($"bytes of {of}", 1)).ToArray();

        /// <summary>
        /// The payload's last part: a byte block with its Int32 length first, of at most <paramref name="maxBytes"/> (what the
        /// parts read before it say it can need), followed by nothing. A measuring reader stops here.
        /// </summary>
        public byte[] ReadLastBlock(string of, long maxBytes)
        {
            int n = ReadCount($"bytes of {of}", 1);
            if (n > maxBytes)
                throw Damaged($"it declares {n} bytes of {of}, but what it describes needs at most {maxBytes}");
            if (_measuring)
                throw new MeasuredException(_position + (long)n);
            var block = Take(n).ToArray();
            ExpectEnd();
            return block;
        }

        /// <summary>Moves past <paramref name="count"/> bytes (which must be there) without copying them.</summary>
        public void Skip(int count) => Take(count);

        /// <summary>Throws unless every byte has been read: trailing bytes mean a layout this version does not know.</summary>
        public void ExpectEnd()
        {
            if (Remaining != 0)
                throw Damaged($"{Remaining} bytes follow its end");
        }

        public InvalidDataException Damaged(string detail) => new($"{What} is damaged: {detail}.");

        private InvalidDataException Truncated(string detail) => new($"{What} is truncated: {detail}, {Remaining} bytes remain.");

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > Remaining)
                throw Truncated($"{count} more bytes were expected");
            if (_position + (long)count > _bytes.Length)
                throw new PrefixTooShortException();
            var span = _bytes.AsSpan(_position, count);
            _position += count;
            return span;
        }
    }

    /// <summary>A measuring <see cref="PayloadReader"/> needs more of the payload than it was given.</summary>
    internal sealed class PrefixTooShortException : Exception
    {
    }

    /// <summary>A measuring <see cref="PayloadReader"/> reached the payload's last part: the payload's size is <see cref="Total"/>.</summary>
    internal sealed class MeasuredException : Exception
    {
        public MeasuredException(long total) => Total = total;

        public long Total { get; }
    }
}
