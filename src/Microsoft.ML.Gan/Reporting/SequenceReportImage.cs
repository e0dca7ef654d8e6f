using System;
using System.Globalization;
using System.Linq;
using SkiaSharp;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>
    /// Lays out a <see cref="SequenceMetrics"/> as one PNG: a title with the two scores and the means, then one row per
    /// feature: a few real and synthetic windows overlaid (values over steps) and the real and synthetic mean
    /// autocorrelation curves (over lags), in the table report's colours (real blue, synthetic orange).
    /// </summary>
    internal static class SequenceReportImage
    {
        private const int PanelWidth = 470;
        private const int PanelHeight = 230;
        private const int HeaderHeight = 76;
        private const int Margin = 16;
        private const float TextSize = 13;

        public static void Save(SequenceMetrics metrics, string pngPath)
        {
            using var bitmap = Draw(metrics);
            PngFile.Write(bitmap, pngPath);
        }

        public static SKBitmap Draw(SequenceMetrics metrics)
        {
            int rows = Math.Max(1, metrics.Features.Count);
            int width = 2 * Margin + 2 * PanelWidth;
            int height = HeaderHeight + rows * PanelHeight + Margin;
            return PngFile.Draw(width, height, ReportPalette.Background, canvas =>
            {
                DrawHeader(canvas, metrics, width);
                for (int f = 0; f < metrics.Features.Count; f++)
                {
                    int top = HeaderHeight + f * PanelHeight;
                    Series(canvas, Margin, top, metrics.Features[f], metrics.WindowLength);
                    Autocorrelation(canvas, Margin + PanelWidth, top, metrics.Features[f]);
                }
            });
        }

        private static void DrawHeader(SKCanvas canvas, SequenceMetrics m, int width)
        {
            using var title = ReportFont.Paint(20, SKColors.Black);
            canvas.DrawText("Synthetic sequences", Margin, 28, title);
            using var text = ReportFont.Paint(14, SKColors.DimGray);
            string reference = double.IsNaN(m.RealPredictiveScore) ? "" : string.Format(CultureInfo.InvariantCulture, " (real {0:F3})", m.RealPredictiveScore);
            canvas.DrawText(string.Format(CultureInfo.InvariantCulture,
                "Discriminative {0:F3} (ideal 0)   Predictive MAE {1:F3}{2}   Mean W1 {3:F3}   Mean KS {4:F3}   Autocorrelation difference {5:F3}",
                m.DiscriminativeScore, m.PredictiveScore, reference, m.MeanWasserstein, m.MeanKolmogorovSmirnov, m.AutocorrelationDifference),
                Margin, 52, text);
            canvas.DrawText(string.Format(CultureInfo.InvariantCulture, "{0} real, {1} synthetic windows of {2} steps",
                m.RealWindows, m.SyntheticWindows, m.WindowLength), Margin, 70, text);
            TableQualityReportPanels.Legend(canvas, width - Margin - 190, 18);
        }

        // A few windows of each set, values over steps; real drawn first so that synthetic lines lie on top.
        private static void Series(SKCanvas canvas, int left, int top, SequenceFeatureMetrics feature, int length)
        {
            var values = feature.RealExamples.Concat(feature.SyntheticExamples).SelectMany(s => s).Where(double.IsFinite).ToArray();
            var y = values.Length == 0 ? AxisScale.Fixed(0, 1, 4) : AxisScale.Nice(Math.Min(0, values.Min()), Math.Max(1, values.Max()), 4);
            var x = AxisScale.Fixed(0, Math.Max(1, length - 1), 6, integers: true);
            var plot = Frame(canvas, left, top, x, y);
            plot.DrawGrid();
            var steps = Enumerable.Range(0, length).Select(t => (double)t).ToArray();
            foreach (var window in feature.RealExamples)
                plot.Polyline(steps, window, TableQualityReportPanels.RealColor, 1.5f);
            foreach (var window in feature.SyntheticExamples)
                plot.Polyline(steps, window, TableQualityReportPanels.SyntheticColor, 1.5f);
            plot.DrawAxes();
            plot.DrawHeader(ReportFont.Shorten(feature.Feature, 24) + string.Format(CultureInfo.InvariantCulture,
                "  W1 {0:F3}  KS {1:F3}", feature.Wasserstein, feature.KolmogorovSmirnov), Array.Empty<(string, SKColor)>());
        }

        // The mean autocorrelation over lags 1 … length − 1, real against synthetic, with the zero line.
        private static void Autocorrelation(SKCanvas canvas, int left, int top, SequenceFeatureMetrics feature)
        {
            int lags = feature.RealAutocorrelation.Count;
            var x = AxisScale.Fixed(1, Math.Max(2, lags), 6, integers: true);
            var y = AxisScale.Fixed(-1, 1, 4);
            var plot = Frame(canvas, left, top, x, y);
            plot.DrawGrid();
            plot.HorizontalLine(0, ReportPalette.ZeroAxis);
            var lag = Enumerable.Range(1, lags).Select(k => (double)k).ToArray();
            plot.Polyline(lag, feature.RealAutocorrelation, TableQualityReportPanels.RealColor, 2);
            plot.Polyline(lag, feature.SyntheticAutocorrelation, TableQualityReportPanels.SyntheticColor, 2);
            plot.DrawAxes();
            plot.DrawHeader(string.Format(CultureInfo.InvariantCulture, "Autocorrelation by lag  difference {0:F3}",
                feature.AutocorrelationDifference), Array.Empty<(string, SKColor)>());
        }

        private static PlotFrame Frame(SKCanvas canvas, int left, int top, AxisScale x, AxisScale y)
        {
            int labels = PlotFrame.YLabelWidth(y, TextSize) + 6;
            int header = PlotFrame.HeaderHeight(TextSize);
            int height = PanelHeight - header - PlotFrame.XLabelHeight(TextSize) - 8;
            return new PlotFrame(canvas, left + labels, top + header, PanelWidth - labels - 14, height, x, y, TextSize);
        }
    }
}
