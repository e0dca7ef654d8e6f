using Microsoft.ML.Runtime;
using TorchSharp;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The Device option. "cuda" is checked before any data is read and refused with a clear message when CUDA is
    /// unavailable (this package references TorchSharp-cpu; an application that references a CUDA build of TorchSharp
    /// instead gets CUDA). With CUDA, the networks and each minibatch live on the GPU; data, random draws (from the
    /// seeded CPU generator, so a seed means the same noise on either device) and the returned generator stay on the CPU.
    /// </summary>
    internal static class TrainingDevice
    {
        public static torch.Device Resolve(IExceptionContext ectx, string device)
        {
            if (device == "cpu")
                return torch.CPU;
            if (!torch.cuda.is_available())
                throw ectx.ExceptParam("Device",
                    "Device = \"cuda\" was requested, but CUDA is not available to TorchSharp in this process: the application " +
                    "references the CPU build (TorchSharp-cpu) or no CUDA driver was found. Reference TorchSharp-cuda-linux or " +
                    "TorchSharp-cuda-windows instead of TorchSharp-cpu, or use Device = \"cpu\".");
            return torch.CUDA;
        }
    }
}
