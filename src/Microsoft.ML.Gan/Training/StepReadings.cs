using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// A training step's scalar figures (losses, scores, gradient norms) read to the host together: one stack and
    /// one copy per step instead of a synchronising read per figure.
    /// </summary>
    internal static class StepReadings
    {
        /// <summary>The values of scalar tensors of one type, in order.</summary>
        public static float[] Read(params Tensor[] scalars)
        {
            using var noGrad = torch.no_grad();
            using var stacked = torch.stack(scalars).to_type(ScalarType.Float32);
            return stacked.data<float>().ToArray();
        }
    }
}
