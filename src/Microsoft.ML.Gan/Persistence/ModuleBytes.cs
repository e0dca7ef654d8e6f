using System;
using System.IO;
using TorchSharp;

namespace Microsoft.ML.Gan.Persistence
{
    /// <summary>TorchSharp module weights to and from bytes, with load failures turned into clear messages.</summary>
    internal static class ModuleBytes
    {
        public static byte[] Save(torch.nn.Module module)
        {
            // Module.save closes the stream it writes to; ToArray still works on a closed MemoryStream.
            var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream))
                module.save(writer);
            return stream.ToArray();
        }

        /// <summary>Loads weights into <paramref name="module"/>, whose architecture must match the saved one.</summary>
        public static void Load(torch.nn.Module module, byte[] bytes, string what)
        {
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
    }
}
