using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks.Sequence;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// The saved form of a sequence GAN's generator model: the network's shape (length, values per step, noise per step,
    /// GRU widths, the step and attribute blocks), the columns' codings (min-max scaling and missing flag of each number,
    /// categories of each categorical column), then the weights. Every size is checked before anything is allocated: the
    /// codings against the blocks the network generates, the weights' declared size against what the declared network
    /// holds. The first format (1.1) had numeric features only, one scaling for all of them, and no attributes.
    /// </summary>
    internal static class SequenceModelFormat
    {
        public static void Write(PayloadWriter w, GeneratorModel model)
        {
            var decoder = (SequenceDecoder)model.Decoder;
            // Everything that can fail (the weights) runs before the first byte is written.
            byte[] weights = ModuleBytes.Save(model.Network);
            decoder.Spec.WriteSequenceShape(w);
            decoder.Encoding.Write(w);
            // The weights last: the parts before them say how many bytes they can take.
            w.WriteBlock(weights);
        }

        /// <summary>
        /// The trained generator as a saved model would rebuild it: a fresh network holding <paramref name="trained"/>'s
        /// weights (which it disposes). A GRU's float sums depend on where its weights lie in memory (in the trainer's one
        /// flat buffer, at whatever offset, or in tensors of their own), so without this the fitted model and the same
        /// model loaded from its file differed in the last bits; with it they generate the same rows.
        /// </summary>
        public static TorchSharp.Modules.Sequential AsLoaded(SequenceNetworkSpec spec, TorchSharp.Modules.Sequential trained)
        {
            byte[] weights;
            using (trained)
                weights = ModuleBytes.Save(trained);
            var network = spec.CreateGenerator();
            try
            {
                ModuleBytes.Load(network, weights, "The trained sequence generator");
                network.eval();
                return network;
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }

        /// <param name="r">The payload, at the model.</param>
        /// <param name="firstFormat">
        /// The first format's feature columns (names and whether each is Double), which its transformer part held; null
        /// for the current format.
        /// </param>
        public static GeneratorModel Read(PayloadReader r, (string[] Names, bool[] IsDouble)? firstFormat)
        {
            var spec = SequenceNetworkSpec.ReadShape(r, withBlocks: firstFormat is null);
            SequenceEncoding encoding;
            if (firstFormat is var (names, isDouble))
            {
                if (spec.StepFeatures != names.Length)
                    throw r.Damaged($"it names {names.Length} feature columns for a generator of {spec.StepFeatures} values per step");
                encoding = new SequenceEncoding(new BlockCoding(ReadFirstScaling(r, names, isDouble)), BlockCoding.Empty, spec.Length, false);
            }
            else
                encoding = SequenceEncoding.Read(r, spec);
            byte[] weights = r.ReadLastBlock("generator weights", spec.MaximumWeightBlockBytes());
            spec.CheckWeightsCanHold(weights, r.What);
            var network = spec.CreateGenerator();
            try
            {
                ModuleBytes.Load(network, weights, r.What);
                return SequenceDecoder.Model(network, spec, encoding);
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }

        // The first format's scaling: the feature count, then each feature's minimum and range.
        private static ColumnCoding[] ReadFirstScaling(PayloadReader r, string[] names, bool[] isDouble)
        {
            int count = r.ReadCount("scaled features", 16, names.Length);
            if (count != names.Length)
                throw r.Damaged($"the scaling has {count} features for {names.Length} values per step");
            var columns = new ColumnCoding[count];
            for (int f = 0; f < count; f++)
            {
                double min = r.ReadFinite("a feature's minimum"), range = r.ReadFinite("a feature's range");
                if (range < 0)
                    throw r.Damaged($"feature {f} has a negative range, {range}");
                columns[f] = ColumnCoding.Scaled(names[f], isDouble[f], min, range);
            }
            return columns;
        }
    }
}
