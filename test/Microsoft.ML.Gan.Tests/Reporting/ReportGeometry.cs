using System;
using Microsoft.ML.Gan.Reporting;

namespace Microsoft.ML.Gan.Tests.Reporting
{
    /// <summary>Where a value lands in a drawn plot, worked out from the frame's axes, so tests can look at that pixel.</summary>
    internal static class ReportGeometry
    {
        /// <summary>The pixel column of <paramref name="value"/> on the frame's x axis.</summary>
        public static int PixelX(this PlotFrame frame, double value) =>
            frame.Left + (int)Math.Round(frame.X.Fraction(value) * (frame.Width - 1));

        /// <summary>The pixel row of <paramref name="value"/> on the frame's y axis.</summary>
        public static int PixelY(this PlotFrame frame, double value) =>
            frame.Bottom - (int)Math.Round(frame.Y.Fraction(value) * (frame.Height - 1));
    }
}
