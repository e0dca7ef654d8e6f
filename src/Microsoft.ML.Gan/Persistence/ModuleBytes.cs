using System;
using System.IO;
using TorchSharp;

namespace Microsoft.ML.Gan.Persistence
{
    /// <summary>
    /// TorchSharp module weights to and from bytes. TorchSharp's format (Module.save) is an LEB128 entry count, then
    /// per entry its name (a BinaryWriter string), LEB128 dtype, LEB128 rank, LEB128 sizes and the raw elements.
    /// Its reader allocates from the declared rank before comparing shapes, so loaded bytes are walked and checked
    /// here first (<see cref="CountElements"/>), and load failures become clear messages.
    /// </summary>
    internal static class ModuleBytes
    {
        private const int MaxRank = 8;

        public static byte[] Save(torch.nn.Module module)
        {
            // Module.save closes the stream it writes to; ToArray still works on a closed MemoryStream.
            var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream))
                module.save(writer);
            return stream.ToArray();
        }

        /// <summary>
        /// Checks that <paramref name="bytes"/> is a well-formed TorchSharp state whose every declared size is
        /// backed by stored bytes, and returns how many tensor elements it holds. Allocates nothing per entry.
        /// </summary>
        public static long CountElements(byte[] bytes, string what) => Walk(bytes, what).Elements;

        /// <summary>As <see cref="CountElements"/>, but returns how many bytes the tensors' elements take.</summary>
        public static long TensorBytes(byte[] bytes, string what) => Walk(bytes, what).Bytes;

        private static (long Elements, long Bytes) Walk(byte[] bytes, string what)
        {
            var r = new PayloadReader(bytes, $"{what} (network weights)");
            long entries = Leb128(r);
            if (entries > r.Remaining)
                throw r.Damaged($"it declares {entries} tensors");
            long elements = 0, total = 0;
            for (long i = 0; i < entries; i++)
            {
                r.ReadString();
                var (count, size) = SkipTensor(r);
                elements += count;
                total += size;
            }
            r.ExpectEnd();
            return (elements, total);
        }

        /// <summary>
        /// Moves past one tensor as TorchSharp writes it (LEB128 dtype, rank and sizes, then the elements), checking
        /// each declared size against the bytes that remain; returns its element count and their bytes. Module states
        /// and optimizer states (checkpoints) store tensors this way.
        /// </summary>
        public static (long Elements, long Bytes) SkipTensor(PayloadReader r)
        {
            int size = ElementSize(Leb128(r), r);
            long rank = Leb128(r);
            if (rank > MaxRank)
                throw r.Damaged($"a tensor declares rank {rank}");
            long count = 1;
            for (long d = 0; d < rank; d++)
            {
                long dim = Leb128(r);
                count = dim > r.Remaining ? long.MaxValue : count * dim;
                if (count > r.Remaining)
                    throw r.Damaged($"a tensor declares {dim} elements along dimension {d}, more than the {r.Remaining} bytes stored");
            }
            if (count * size > r.Remaining)
                throw r.Damaged($"a tensor declares {count} elements of {size} bytes, {r.Remaining} bytes remain");
            r.Skip((int)(count * size));
            return (count, count * size);
        }

        /// <summary>Loads weights into <paramref name="module"/>, whose architecture must match the saved one.</summary>
        public static void Load(torch.nn.Module module, byte[] bytes, string what)
        {
            CountElements(bytes, what);
            try
            {
                using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
                module.load(reader, strict: true);
            }
            catch (Exception ex) when (ex is ArgumentException or EndOfStreamException or InvalidOperationException or FormatException or IOException)
            {
                throw new InvalidDataException($"{what} does not match the stored network shapes: {ex.Message}", ex);
            }
        }

        // TorchSharp writes counts, dtypes, ranks and sizes as LEB128 numbers of up to nine bytes (63 bits).
        private static long Leb128(PayloadReader r) => r.Read7BitEncoded(9, "a size");

        // torch's ScalarType codes of the element types a module can hold here.
        private static int ElementSize(long dtype, PayloadReader r) => dtype switch
        {
            0 or 1 or 11 => 1,   // Byte, Int8, Bool
            2 or 5 or 15 => 2,   // Int16, Float16, BFloat16
            3 or 6 => 4,         // Int32, Float32
            4 or 7 => 8,         // Int64, Float64
            _ => throw r.Damaged($"a tensor has element type code {dtype}"),
        };
    }
}
