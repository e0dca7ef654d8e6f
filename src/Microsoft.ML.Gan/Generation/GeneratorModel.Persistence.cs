using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Generation
{
    internal sealed partial class GeneratorModel
    {
        private const int MlpArchitecture = 0;

        /// <summary>Everything generation needs, as one payload: shapes, scaler, weights.</summary>
        public byte[] ToBytes()
        {
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream))
            {
                w.Write(MlpArchitecture);
                w.Write(LatentDimension);
                WriteInts(w, HiddenLayers);
                WriteInts(w, OutputType.Dimensions.ToArray());
                WriteFloats(w, Scaler.Offset);
                WriteFloats(w, Scaler.Scale);
                byte[] weights = ModuleBytes.Save(Network);
                w.Write(weights.Length);
                w.Write(weights);
            }
            return stream.ToArray();
        }

        /// <summary>Rebuilds a model from <see cref="ToBytes"/>; every size is checked before a tensor is made.</summary>
        public static GeneratorModel FromBytes(byte[] payload, string what)
        {
            try
            {
                using var r = new BinaryReader(new MemoryStream(payload, writable: false));
                int architecture = r.ReadInt32();
                if (architecture != MlpArchitecture)
                    throw new InvalidDataException($"{what} names generator architecture {architecture}, which this version does not know.");
                int latent = r.ReadInt32();
                int[] hidden = ReadInts(r, what);
                int[] dims = ReadInts(r, what);
                float[] offset = ReadFloats(r, what);
                float[] scale = ReadFloats(r, what);
                int size = dims.Aggregate(1, (a, b) => checked(a * b));
                if (latent < 1 || hidden.Length == 0 || hidden.Any(h => h < 1) || dims.Any(d => d < 1)
                    || offset.Length != size || scale.Length != size)
                    throw new InvalidDataException(
                        $"{what} has inconsistent shapes: latent {latent}, hidden [{string.Join(", ", hidden)}], " +
                        $"output [{string.Join(", ", dims)}], scaler {offset.Length}/{scale.Length} values.");
                int weightBytes = r.ReadInt32();
                if (weightBytes < 0 || weightBytes > Remaining(r))
                    throw new InvalidDataException($"{what} is damaged: it declares {weightBytes} bytes of generator weights, {Remaining(r)} remain.");
                byte[] weights = r.ReadBytes(weightBytes);

                var network = MlpNetworks.Generator(latent, hidden, size);
                try
                {
                    ModuleBytes.Load(network, weights, what);
                }
                catch
                {
                    network.Dispose();
                    throw;
                }
                return new GeneratorModel(network, new FeatureScaler(offset, scale), latent, hidden,
                    new VectorDataViewType(NumberDataViewType.Single, dims));
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{what} is truncated.");
            }
        }

        private static void WriteInts(BinaryWriter w, int[] values)
        {
            w.Write(values.Length);
            w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        private static void WriteFloats(BinaryWriter w, float[] values)
        {
            w.Write(values.Length);
            w.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        }

        private static int[] ReadInts(BinaryReader r, string what) => MemoryMarshal.Cast<byte, int>(ReadArrayBytes(r, what)).ToArray();

        private static float[] ReadFloats(BinaryReader r, string what) => MemoryMarshal.Cast<byte, float>(ReadArrayBytes(r, what)).ToArray();

        // Arrays are a count and little-endian 4-byte values; the count is checked against what remains before allocating.
        private static byte[] ReadArrayBytes(BinaryReader r, string what)
        {
            int n = r.ReadInt32();
            if (n < 0 || 4L * n > Remaining(r))
                throw new InvalidDataException($"{what} is damaged: it declares an array of {n} values, {Remaining(r)} bytes remain.");
            return r.ReadBytes(n * 4);
        }

        // The payload is an in-memory stream that has passed its checksum, so its length is known.
        private static long Remaining(BinaryReader r) => r.BaseStream.Length - r.BaseStream.Position;
    }
}
