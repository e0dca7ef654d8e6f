using System;
using System.Threading;
using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Tests.Generation
{
    /// <summary>Counts a generator network's forward passes while an action runs (tests prove generation is batched).</summary>
    internal static class ForwardPasses
    {
        public static long During(Sequential network, Action action)
        {
            long passes = 0;
            var handle = network.register_forward_hook((module, input, output) =>
            {
                Interlocked.Increment(ref passes);
                return output;
            });
            try
            {
                action();
            }
            finally
            {
                handle.remove();
            }
            return passes;
        }
    }
}
