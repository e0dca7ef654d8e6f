using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks.Sequence;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// The saved form of a sequence GAN's generator model: the network's shape (window length, values per step, noise
    /// per step, GRU widths), the min-max scaling of each feature, then the weights. Every size is checked before
    /// anything is allocated: the scaling's count against the values per step, the weights' declared size against what
    /// the declared network holds.
    /// </summary>
    internal static class SequenceModelFormat
    {
        public static void Write(PayloadWriter w, GeneratorModel model)
        {
            var decoder = (SequenceDecoder)model.Decoder;
            // Everything that can fail (the weights) runs before the first byte is written.
            byte[] weights = ModuleBytes.Save(model.Network);
            decoder.Spec.WriteSequenceShape(w);
            decoder.Scaling.Write(w);
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

        public static GeneratorModel Read(PayloadReader r)
        {
            var spec = SequenceNetworkSpec.ReadShape(r);
            var scaling = MinMaxScaling.Read(r, spec.StepFeatures);
            byte[] weights = r.ReadLastBlock("generator weights", spec.MaximumWeightBlockBytes());
            spec.CheckWeightsCanHold(weights, r.What);
            var network = spec.CreateGenerator();
            try
            {
                ModuleBytes.Load(network, weights, r.What);
                return SequenceDecoder.Model(network, spec, scaling);
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }
    }
}
