using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Reporting;
using SkiaSharp;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// A small line plot PNG drawn with the library's report primitives (PlotFrame, PngFile). Log axes are drawn
    /// as log10 of the values, and the title says so.
    /// </summary>
    internal static class LinePlot
    {
        public static void Save(string path, string title, IReadOnlyList<double> xs, IReadOnlyList<(string Label, IReadOnlyList<double> Ys, SKColor Colour)> series,
            int width = 720, int height = 440)
        {
            const float text = 12;
            var finite = series.SelectMany(v => v.Ys).Where(double.IsFinite).ToArray();
            var x = AxisScale.Nice(xs.Min(), xs.Max(), 6);
            var y = AxisScale.Nice(Math.Min(0, finite.Min()), finite.Max() * 1.05, 6);
            int pad = 8;
            int left = pad + PlotFrame.YLabelWidth(y, text);
            int top = pad + 2 * PlotFrame.HeaderHeight(text);
            int bottom = pad + PlotFrame.XLabelHeight(text);
            int right = pad + 10;
            using var bitmap = PngFile.Draw(width, height, ReportPalette.Background, canvas =>
            {
                var frame = new PlotFrame(canvas, left, top, width - left - right, height - top - bottom, x, y, text);
                frame.DrawGrid();
                foreach (var (_, ys, colour) in series)
                    frame.Polyline(xs, ys, colour, 2);
                frame.DrawAxes();
                frame.DrawHeader("", series.Select(v => (v.Label, v.Colour)).ToArray());
                using var paint = ReportFont.Paint(text, ReportPalette.Text);
                frame.DrawText(paint, title, left, pad + text / 2);
            });
            PngFile.Write(bitmap, path);
        }
    }
}
