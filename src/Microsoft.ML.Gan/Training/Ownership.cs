using System;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>Hands a native resource to the object made from it, freeing it when the making fails.</summary>
    internal static class Ownership
    {
        /// <summary>
        /// <paramref name="make"/>'s result, which from then on owns <paramref name="owned"/>; if it throws (or is
        /// cancelled), nothing else owns the resource yet, so it is disposed here.
        /// </summary>
        public static T Transfer<T>(IDisposable owned, Func<T> make)
        {
            try
            {
                return make();
            }
            catch
            {
                owned.Dispose();
                throw;
            }
        }
    }
}
