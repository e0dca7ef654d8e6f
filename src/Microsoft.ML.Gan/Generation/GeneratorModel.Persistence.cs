using System;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Generation
{
    internal sealed partial class GeneratorModel
    {
        /// <summary>
        /// Everything generation needs: network description, output shape, scaler, classes, weights. Format 1.2 files
        /// hold exactly these bytes as their payload; later formats write them after the transformer's own fields.
        /// </summary>
        public void Write(PayloadWriter w)
        {
            // Everything that can fail (the weights) runs before the first byte is written.
            byte[] weights = ModuleBytes.Save(Network);
            Spec.Write(w);
            w.WriteInts(OutputType.Dimensions.ToArray());
            w.WriteFloats(Scaler.Offset);
            w.WriteFloats(Scaler.Scale);
            w.Write(Classes is not null);
            Classes?.Write(w);
            w.WriteBlock(weights);
        }

        /// <summary>Reads what <see cref="Write"/> wrote; every size is checked before a tensor is made.</summary>
        public static GeneratorModel Read(PayloadReader r)
        {
            var spec = NetworkSpec.Read(r);
            int[] dims = r.ReadInts("output dimensions", 8);
            return Finish(r, spec, dims, hasClasses: null);
        }

        /// <summary>
        /// Reads the format 1.1 payload: 0 (its only architecture, an unconditional MLP), latent size, hidden widths,
        /// output dimensions, scaler, weights.
        /// </summary>
        public static GeneratorModel ReadFormat11(PayloadReader r)
        {
            int architecture = r.ReadInt32();
            if (architecture != 0)
                throw r.Damaged($"a format 1.1 model starts with {architecture}, not 0");
            int latent = r.ReadInt32();
            int[] hidden = NetworkSpec.ReadLayerSizes(r);
            int[] dims = r.ReadInts("output dimensions", 8);
            if (latent < 1 || latent > 1 << 16 || hidden.Length == 0 || dims.Length == 0 || dims.Any(d => d < 1))
                throw new InvalidDataException($"{r.What} has inconsistent shapes: latent {latent}, hidden [{string.Join(", ", hidden)}], output [{string.Join(", ", dims)}].");
            var spec = new MlpSpec(latent, 0, ValueCount(dims, r), hidden, Array.Empty<int>());
            return Finish(r, spec, dims, hasClasses: false);
        }

        private static GeneratorModel Finish(PayloadReader r, NetworkSpec spec, int[] dims, bool? hasClasses)
        {
            float[] offset = r.ReadFloats("scaler offsets");
            float[] scale = r.ReadFloats("scaler scales");
            var classes = (hasClasses ?? r.ReadBoolean()) ? ClassLabels.Read(r) : null;
            if (dims.Length == 0 || dims.Any(d => d < 1) || ValueCount(dims, r) != spec.FeatureSize || offset.Length != spec.FeatureSize
                || scale.Length != spec.FeatureSize || (classes?.Count ?? 0) != spec.ConditionSize)
                throw new InvalidDataException(
                    $"{r.What} has inconsistent shapes: {spec.Describe()} for {spec.FeatureSize} values, output [{string.Join(", ", dims)}], " +
                    $"scaler {offset.Length}/{scale.Length} values, {classes?.Count ?? 0} classes for {spec.ConditionSize} condition values.");
            if (offset.Any(v => !float.IsFinite(v)) || scale.Any(v => !(v >= 0) || !float.IsFinite(v)))
                throw r.Damaged("the scaler has a non-finite offset or a negative or non-finite scale");
            byte[] weights = r.ReadBlock("generator weights");
            r.ExpectEnd();
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
            return new GeneratorModel(network, spec, new FeatureScaler(offset, scale),
                new VectorDataViewType(NumberDataViewType.Single, dims), classes);
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
