using System.Globalization;
using Microsoft.ML.Runtime;
using TorchSharp;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// Whether rows held in memory move to the training device for the whole run (one copy, then every minibatch is
    /// gathered there without a host copy or synchronisation). They move when they take at most <see cref="FreeShare"/>
    /// of the device's free memory after the networks are there (the rest is left to activations, gradients and
    /// libtorch's caching allocator); when the free memory cannot be read (<see cref="DeviceMemory"/>), when they take
    /// at most <see cref="UnknownFreeLimitBytes"/>. Otherwise they stay on the CPU and each minibatch is copied, as
    /// the channel says. On the CPU (the device path's tests) rows are always resident: nothing is copied.
    /// </summary>
    internal static class DeviceResidence
    {
        /// <summary>The share of the device's free memory that resident rows may take.</summary>
        public const double FreeShare = 0.25;

        /// <summary>What resident rows may take when the device's free memory is unknown: 1 GiB.</summary>
        public const long UnknownFreeLimitBytes = 1L << 30;

        /// <summary>The rule: whether <paramref name="bytes"/> may live on a device with <paramref name="freeBytes"/> free (null: unknown).</summary>
        public static bool Fits(long bytes, long? freeBytes) =>
            bytes <= (freeBytes is long free ? (long)(free * FreeShare) : UnknownFreeLimitBytes);

        /// <summary>Decides for <paramref name="what"/> (the training rows, ...) taking <paramref name="bytes"/>, and says so on the channel.</summary>
        public static bool Decide(IChannel ch, torch.Device device, long bytes, string what)
        {
            if (device.type == DeviceType.CPU)
                return true;
            long? free = DeviceMemory.FreeBytes();
            string freeText = free is long f ? $"{Mib(f)} MiB free on the device" : "the device's free memory unknown";
            string limit = free is null ? $"{Mib(UnknownFreeLimitBytes)} MiB" : $"{FreeShare:P0} of the free memory";
            if (Fits(bytes, free))
            {
                ch.Info(MessageSensitivity.None, $"{what} ({Mib(bytes)} MiB) live on the {device.type} device for the run ({freeText}; the limit is {limit}).");
                return true;
            }
            ch.Warning($"{what} ({Mib(bytes)} MiB) stay on the CPU: more than {limit} ({freeText}). Each minibatch is copied to the " +
                "device, which waits for the device every step; a smaller table, or a device with more free memory, keeps them there.");
            return false;
        }

        private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture);
    }
}
