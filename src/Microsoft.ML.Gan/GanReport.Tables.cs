using System;
using System.Collections.Generic;
using Microsoft.ML.Gan.Reporting;

namespace Microsoft.ML.Gan
{
    public static partial class GanReport
    {
        /// <summary>
        /// Writes <paramref name="metrics"/> as one PNG: the quality scores, real against synthetic for every column
        /// (histograms for continuous columns, bar charts for categorical ones) and the real and synthetic association
        /// matrices side by side; and, when <see cref="TableMetrics.Privacy"/> is set, the privacy checks in a line under the scores.
        /// </summary>
        /// <param name="metrics">What <see cref="GenerativeCatalog.EvaluateTable(IDataView, IDataView, IReadOnlyList{string}?, IReadOnlyCollection{string}?)"/> returned.</param>
        /// <param name="pngPath">The PNG file to write (replaced if it exists; its folder is created).</param>
        public static void SaveTableMetrics(TableMetrics metrics, string pngPath)
        {
            ArgumentNullException.ThrowIfNull(metrics);
            ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
            TableQualityReportImage.Save(metrics, pngPath);
        }
    }
}
