using System.Threading;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// The two ways a Fit is cancelled, checked together: ML.NET's <c>MLContext.CancelExecution()</c> (seen through
    /// the host) and the options' <see cref="CancellationToken"/>. Every long step of a Fit (reading rows, fitting
    /// statistics and mixtures, training, recomputing batch-norm statistics) calls <see cref="ThrowIfCancelled"/>.
    /// The default value cancels nothing.
    /// </summary>
    internal readonly struct FitCancellation
    {
        private readonly IHost? _host;
        private readonly CancellationToken _token;

        public FitCancellation(IHost host, CancellationToken token)
        {
            _host = host;
            _token = token;
        }

        public void ThrowIfCancelled()
        {
            _host?.CheckAlive();
            _token.ThrowIfCancellationRequested();
        }
    }
}
