using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// Tensors onto the device the networks run on. A draw is made where its seeded generator lives (the CPU, or the
    /// training device on its device path: Training/TrainingDevice) and moved only when that is elsewhere.
    /// </summary>
    internal static class TensorDevice
    {
        /// <summary>The tensor on <paramref name="device"/>; the same tensor when it is already there (always, on the CPU path).</summary>
        public static Tensor On(this Tensor tensor, torch.Device device) =>
            tensor.device_type == device.type ? tensor : tensor.to(device);
    }
}
