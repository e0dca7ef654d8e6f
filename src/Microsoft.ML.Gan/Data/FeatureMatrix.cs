using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// Reads a known-size float vector column into one contiguous [rows, size] tensor, for data that is small
    /// enough to hold twice (evaluation sets); training keeps the single copy <see cref="FeatureRows"/> holds.
    /// </summary>
    internal static class FeatureMatrix
    {
        // dataName: how messages name the data ("the synthetic data");
        // purpose: what needs finite values, for the non-finite message ("Evaluation").
        public static Tensor Load(IHost host, IDataView data, string columnName, int size, string dataName, string purpose) =>
            FeatureRows.Read(host, data, columnName, size, long.MaxValue, dataName, purpose, new FitCancellation(host, default))!.ToTensor();
    }
}
