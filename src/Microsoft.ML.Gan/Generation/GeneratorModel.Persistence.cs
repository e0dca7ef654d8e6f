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
        // Format 1.1 payloads start with 0 (their only architecture, an unconditional MLP); 1.2 payloads start
        // with the network description, whose first value is a GanArchitecture (1 or more).
        private const int LegacyMlpPayload = 0;

        /// <summary>Everything generation needs, as one payload: network shape, output shape, scaler, classes, weights.</summary>
        public byte[] ToBytes()
        {
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream))
            {
                Spec.Write(w);
                WriteInts(w, OutputType.Dimensions.ToArray());
                WriteFloats(w, Scaler.Offset);
                WriteFloats(w, Scaler.Scale);
                w.Write(Classes is not null);
                Classes?.Write(w);
                byte[] weights = ModuleBytes.Save(Network);
                w.Write(weights.Length);
                w.Write(weights);
            }
            return stream.ToArray();
        }

        /// <summary>Rebuilds a model from <see cref="ToBytes"/> (or a format 1.1 payload); every size is checked before a tensor is made.</summary>
        public static GeneratorModel FromBytes(byte[] payload, string what)
        {
            try
            {
                using var r = new BinaryReader(new MemoryStream(payload, writable: false));
                NetworkSpec spec;
                if (BitConverter.ToInt32(payload, 0) == LegacyMlpPayload)
                {
                    r.ReadInt32();
                    int latent = r.ReadInt32();
                    int[] hidden = ReadInts(r, what);
                    int[] legacyDims = ReadInts(r, what);
                    if (latent < 1 || hidden.Length == 0 || hidden.Any(h => h < 1) || legacyDims.Any(d => d < 1))
                        throw new InvalidDataException($"{what} has inconsistent shapes: latent {latent}, hidden [{string.Join(", ", hidden)}].");
                    spec = new MlpSpec(latent, 0, legacyDims.Aggregate(1, (a, b) => checked(a * b)), hidden, Array.Empty<int>());
                    return Finish(r, what, spec, legacyDims, hasClasses: false);
                }
                spec = NetworkSpec.Read(r, what);
                int[] dims = ReadInts(r, what);
                return Finish(r, what, spec, dims, hasClasses: null);
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{what} is truncated.");
            }
        }

        private static GeneratorModel Finish(BinaryReader r, string what, NetworkSpec spec, int[] dims, bool? hasClasses)
        {
            float[] offset = ReadFloats(r, what);
            float[] scale = ReadFloats(r, what);
            int size = dims.Aggregate(1, (a, b) => checked(a * b));
            var classes = (hasClasses ?? r.ReadBoolean()) ? ClassLabels.Read(r, what) : null;
            if (dims.Length == 0 || dims.Any(d => d < 1) || size != spec.FeatureSize || offset.Length != size || scale.Length != size
                || (classes?.Count ?? 0) != spec.ConditionSize)
                throw new InvalidDataException(
                    $"{what} has inconsistent shapes: {spec.Describe()} for {spec.FeatureSize} values, output [{string.Join(", ", dims)}], " +
                    $"scaler {offset.Length}/{scale.Length} values, {classes?.Count ?? 0} classes for {spec.ConditionSize} condition values.");
            int weightBytes = r.ReadInt32();
            if (weightBytes < 0 || weightBytes > Remaining(r))
                throw new InvalidDataException($"{what} is damaged: it declares {weightBytes} bytes of generator weights, {Remaining(r)} remain.");
            byte[] weights = r.ReadBytes(weightBytes);

            var network = spec.CreateGenerator();
            try
            {
                ModuleBytes.Load(network, weights, what);
            }
            catch
            {
                network.Dispose();
                throw;
            }
            return new GeneratorModel(network, spec, new FeatureScaler(offset, scale),
                new VectorDataViewType(NumberDataViewType.Single, dims), classes);
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
