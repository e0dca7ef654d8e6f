using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Randomness
{
    /// <summary>
    /// Categorical draws for the device path. libtorch's multinomial reads its probabilities back to the host to check
    /// them (a synchronisation on CUDA; docs/ARCHITECTURE.md, fact 15); these draws are the inverse CDF instead: one uniform per row against the
    /// cumulative weights, all on the device. The CPU path keeps multinomial, so its runs are unchanged.
    /// </summary>
    internal static class DeviceDraws
    {
        /// <summary>
        /// The generator argument of a draw that <paramref name="rng"/> stands for: <paramref name="rng"/> itself on the
        /// CPU; null for a CUDA device, where the draw then comes from the device's default generator, which the trainer
        /// seeds at the start of every epoch. TorchSharp 0.107 makes every torch.Generator on the CPU whatever device it
        /// is given, and libtorch refuses a CPU generator for a CUDA draw (docs/ARCHITECTURE.md, fact 15): such a
        /// generator only names the device its draws are made on.
        /// </summary>
        public static torch.Generator? Source(torch.Generator rng) => rng.device.type == DeviceType.CPU ? rng : null;

        /// <summary>
        /// Cumulative weights ([..., categories] float64) of <paramref name="weights"/> along its last dimension, for
        /// <see cref="Categories"/>; a new tensor on the weights' device.
        /// </summary>
        public static Tensor Cumulative(Tensor weights) => weights.to_type(ScalarType.Float64).cumsum(-1);

        /// <summary>
        /// One category per row ([rows] long): row i draws from <paramref name="cumulative"/>[i] ([rows, categories]),
        /// each category with probability ∝ its weight; a zero weight is never drawn. <paramref name="last"/> ([rows]
        /// long) is each row's last category of non-zero weight, the answer when a uniform rounds up to the total.
        /// </summary>
        public static Tensor Categories(Tensor cumulative, Tensor last, torch.Generator rng)
        {
            long rows = cumulative.shape[0];
            var u = torch.rand(rows, 1, dtype: ScalarType.Float64, device: rng.device, generator: Source(rng));
            if (u.device_type != cumulative.device_type)
                u = u.to(cumulative.device);
            var total = cumulative.narrow(1, cumulative.shape[1] - 1, 1);
            // The number of cumulative weights at or below u·total is the category whose interval holds it.
            var category = cumulative.le(u * total).sum(1, type: ScalarType.Int64);
            return torch.minimum(category, last);
        }
    }
}
