using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// A tensor in libtorch's own memory with a managed array's values, for code that makes one every training step.
    /// <c>torch.tensor(array)</c> backs its tensor with a pinned managed copy that native code frees through a callback
    /// whenever libtorch drops the storage: a large object every step at a minibatch's size, whose collections during
    /// native calls made long streamed runs crash with a freed implicit Scalar (docs/ARCHITECTURE.md, fact 14;
    /// docs/BENCHMARKS.md, "Tables larger than memory"). Here the tensor is allocated by libtorch and the values copied in.
    /// </summary>
    internal static class NativeTensor
    {
        public static Tensor From<T>(ReadOnlySpan<T> values, ScalarType type, params long[] shape) where T : unmanaged
        {
            var tensor = torch.empty(shape, type);
            using (var accessor = tensor.data<T>())
                accessor.CopyFrom(values);
            return tensor;
        }
    }
}
