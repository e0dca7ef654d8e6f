using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// The saved form of a vector GAN's generator model: network description, output shape, scaler, classes, weights.
    /// Every size is checked before a tensor is made, and the weights are checked against the network they declare
    /// before it is built.
    /// </summary>
    internal static class VectorModelFormat
    {
        public static void Write(PayloadWriter w, GeneratorModel model)
        {
            var decoder = (VectorDecoder)model.Decoder;
            // Everything that can fail (the weights) runs before the first byte is written.
            byte[] weights = ModuleBytes.Save(model.Network);
            model.Spec.Write(w);
            w.WriteInts(decoder.OutputType.Dimensions.ToArray());
            w.WriteFloats(decoder.Scaler.Offset);
            w.WriteFloats(decoder.Scaler.Scale);
            w.Write(decoder.Classes is not null);
            decoder.Classes?.Write(w);
            // The weights last: the parts before them say how many bytes they can take.
            w.WriteBlock(weights);
        }

        /// <summary>Reads what <see cref="Write"/> wrote; <paramref name="outputColumnName"/> and <paramref name="labelColumnName"/> name the generated columns.</summary>
        public static GeneratorModel Read(PayloadReader r, string outputColumnName, string? labelColumnName)
        {
            var spec = NetworkSpec.Read(r);
            int[] dims = r.ReadInts("output dimensions", 8);
            float[] offset = r.ReadFloats("scaler offsets");
            float[] scale = r.ReadFloats("scaler scales");
            var classes = r.ReadBoolean() ? ClassLabels.Read(r) : null;
            if (dims.Length == 0 || dims.Any(d => d < 1) || ValueCount(dims, r) != spec.FeatureSize || offset.Length != spec.FeatureSize
                || scale.Length != spec.FeatureSize || (classes?.Count ?? 0) != spec.ConditionSize)
                throw new InvalidDataException(
                    $"{r.What} has inconsistent shapes: {spec.Describe()} for {spec.FeatureSize} values, output [{string.Join(", ", dims)}], " +
                    $"scaler {offset.Length}/{scale.Length} values, {classes?.Count ?? 0} classes for {spec.ConditionSize} condition values.");
            if (offset.Any(v => !float.IsFinite(v)) || scale.Any(v => !(v >= 0) || !float.IsFinite(v)))
                throw r.Damaged("the scaler has a non-finite offset or a negative or non-finite scale");
            byte[] weights = r.ReadLastBlock("generator weights", spec.MaximumWeightBlockBytes());
            spec.CheckWeightsCanHold(weights, r.What);

            var network = spec.CreateGenerator();
            try
            {
                ModuleBytes.Load(network, weights, r.What);
            }
            catch
            {
                network.Dispose();
                throw;
            }
            return VectorDecoder.Model(network, spec, new FeatureScaler(offset, scale), new VectorDataViewType(NumberDataViewType.Single, dims), classes,
                outputColumnName, labelColumnName);
        }

        private static int ValueCount(int[] dims, PayloadReader r)
        {
            long size = 1;
            foreach (int d in dims)
            {
                size *= Math.Max(d, 1);
                if (size > int.MaxValue)
                    throw r.Damaged($"output dimensions [{string.Join(", ", dims)}] hold more than {int.MaxValue} values");
            }
            return (int)size;
        }
    }
}
