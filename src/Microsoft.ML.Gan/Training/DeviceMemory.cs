using System;
using System.Runtime.InteropServices;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The free memory of the current CUDA device. TorchSharp 0.107 exposes no memory query (docs/ARCHITECTURE.md, fact 15), so this asks the CUDA
    /// driver (cuMemGetInfo_v2 in libcuda.so.1 or nvcuda.dll, the library every CUDA libtorch runs on) for the device
    /// whose context the calling thread has current: libtorch makes it current on the thread that moved the networks
    /// there. Null when the driver or a current context is missing (the caller then applies its fixed rule).
    /// </summary>
    internal static class DeviceMemory
    {
        private static readonly string[] DriverLibraries = OperatingSystem.IsWindows()
            ? new[] { "nvcuda.dll" }
            : new[] { "libcuda.so.1", "libcuda.so" };

        // CUresult cuMemGetInfo_v2(size_t* free, size_t* total); 0 is CUDA_SUCCESS.
        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        private delegate int MemGetInfo(out nuint free, out nuint total);

        public static long? FreeBytes()
        {
            foreach (string name in DriverLibraries)
            {
                // The driver stays loaded (libtorch holds it too): the handle is not freed.
                if (!NativeLibrary.TryLoad(name, out var library) || !NativeLibrary.TryGetExport(library, "cuMemGetInfo_v2", out var export))
                    continue;
                var query = Marshal.GetDelegateForFunctionPointer<MemGetInfo>(export);
                return query(out nuint free, out _) == 0 ? (long)free : null;
            }
            return null;
        }
    }
}
