using System;
using Microsoft.ML.Gan.Reporting;

namespace Microsoft.ML.Gan
{
    public static partial class GanReport
    {
        /// <summary>
        /// Writes <paramref name="metrics"/> as one PNG: the discriminative and predictive scores and the mean distances in
        /// the title, then one row per feature with a few real and synthetic windows overlaid (values over steps, the
        /// feature's Wasserstein-1 and Kolmogorov–Smirnov distances above) and the real and synthetic mean
        /// autocorrelation curves over lags 1 … length − 1.
        /// </summary>
        /// <param name="metrics">The sequence evaluation to draw.</param>
        /// <param name="pngPath">The PNG file to write (replaced if it exists; its folder is created).</param>
        public static void SaveSequenceMetrics(SequenceMetrics metrics, string pngPath)
        {
            ArgumentNullException.ThrowIfNull(metrics);
            ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
            SequenceReportImage.Save(metrics, pngPath);
        }
    }
}
