using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// Tensors onto the device the networks run on. Random draws come from seeded CPU generators, so that a seed
    /// means the same noise on either device; what a network reads is moved after drawing.
    /// </summary>
    internal static class TensorDevice
    {
        /// <summary>The tensor on <paramref name="device"/>; the same tensor when it is already there (always, on the CPU path).</summary>
        public static Tensor On(this Tensor tensor, torch.Device device) =>
            tensor.device_type == device.type ? tensor : tensor.to(device);
    }
}
