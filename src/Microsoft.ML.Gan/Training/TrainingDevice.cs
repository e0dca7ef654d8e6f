using Microsoft.ML.Runtime;
using TorchSharp;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The Device option. "cuda" is checked before any data is read and refused with a clear message when CUDA is
    /// unavailable (this package references TorchSharp-cpu; an application that references a CUDA build of TorchSharp,
    /// or loads a CUDA libtorch, gets CUDA). Weights are drawn on the CPU first, so a seed gives the same starting
    /// networks on either device, and the returned generator is moved back to the CPU.
    /// <para>
    /// On CUDA training takes the device path, so that nothing in a step waits for the GPU: the trainer's and the
    /// networks' random draws are made on the device, from CUDA's default generator of the device, which the trainer
    /// seeds from the seed and the epoch at the start of every epoch (TorchSharp 0.107 cannot make a CUDA generator of
    /// its own: <see cref="Randomness.DeviceDraws.Source"/>; a seed therefore gives the same draws on every CUDA run
    /// while nothing else in the process draws from that generator, and other draws than on the CPU), categorical draws
    /// use an inverse-CDF form that needs no host check (<see cref="Randomness.DeviceDraws"/>), rows held in memory move to the
    /// device once when they fit (<see cref="DeviceResidence"/>), and the step figures are read back every
    /// <see cref="EpochReadings.DeviceReadInterval"/> steps (<see cref="EpochReadings"/>). The CPU path is unchanged:
    /// seeded CPU generators, the figures read every step.
    /// </para>
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

        /// <summary>Whether training takes the device path: on CUDA, or on the CPU when the settings ask for it (tests).</summary>
        public static bool UsesDevicePath(TrainerSettings settings) => settings.Device != "cpu" || settings.DevicePathOnCpu;
    }
}
