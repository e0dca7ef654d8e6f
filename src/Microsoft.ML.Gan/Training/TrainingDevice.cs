using Microsoft.ML.Runtime;
using TorchSharp;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The Device option. Training runs on the CPU; "cuda" is checked so that a user with a GPU gets a clear answer
    /// before any data is read: refused when CUDA is unavailable (this package references TorchSharp-cpu), and
    /// refused as not yet supported when it is, since the networks and data are not moved to the GPU in this version.
    /// </summary>
    internal static class TrainingDevice
    {
        public static void Check(IExceptionContext ectx, string device)
        {
            if (device == "cpu")
                return;
            if (!torch.cuda.is_available())
                throw ectx.ExceptParam(nameof(GanEstimator.Options.Device),
                    "Device = \"cuda\" was requested, but CUDA is not available to TorchSharp in this process: the application " +
                    "references the CPU build (TorchSharp-cpu) or no CUDA driver was found. Reference TorchSharp-cuda-linux or " +
                    "TorchSharp-cuda-windows instead of TorchSharp-cpu, or use Device = \"cpu\".");
            throw ectx.ExceptNotSupp("Device = \"cuda\": CUDA is available, but this version of Microsoft.ML.Gan trains on the CPU only.");
        }
    }
}
