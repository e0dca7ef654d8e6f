using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Gan.Persistence
{
    /// <summary>
    /// Writes the project's binary layouts (model payloads, checkpoints): little-endian values, strings as
    /// <see cref="BinaryWriter"/> writes them, arrays and byte blocks with an Int32 count first.
    /// <see cref="PayloadReader"/> reads them back with every count checked against the bytes stored.
    /// </summary>
    internal sealed class PayloadWriter : BinaryWriter
    {
        private readonly MemoryStream _stream;

        public PayloadWriter() : this(new MemoryStream())
        {
        }

        private PayloadWriter(MemoryStream stream) : base(stream) => _stream = stream;

        public void WriteInts(int[] values)
        {
            Write(values.Length);
            Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        public void WriteFloats(float[] values)
        {
            Write(values.Length);
            Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        /// <summary>A byte block with its Int32 length first.</summary>
        public void WriteBlock(byte[] bytes)
        {
            Write(bytes.Length);
            Write(bytes);
        }

        public void WriteStringOrNull(string? value)
        {
            Write(value is not null);
            if (value is not null)
                Write(value);
        }

        /// <summary>Everything written so far.</summary>
        public byte[] ToArray()
        {
            Flush();
            return _stream.ToArray();
        }
    }
}
