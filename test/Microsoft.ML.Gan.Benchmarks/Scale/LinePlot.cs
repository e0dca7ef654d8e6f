using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Reporting;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// A small line plot PNG drawn with the library's report primitives (Canvas, PlotFrame, PngFile; the files are
    /// compiled into this project because they are internal to Microsoft.ML.Gan). Log axes are drawn as log10 of
    /// the values, and the title says so.
    /// </summary>
    internal static class LinePlot
    {
        public static void Save(string path, string title, IReadOnlyList<double> xs, IReadOnlyList<(string Label, IReadOnlyList<double> Ys, Rgb Colour)> series,
            int width = 720, int height = 440)
        {
            const int s = 1;
            var finite = series.SelectMany(v => v.Ys).Where(double.IsFinite).ToArray();
            var x = AxisScale.Nice(xs.Min(), xs.Max(), 6);
            var y = AxisScale.Nice(Math.Min(0, finite.Min()), finite.Max() * 1.05, 6);
            int pad = 8 * s;
            int left = pad + PlotFrame.YLabelWidth(y, s);
            int top = pad + 2 * PlotFrame.HeaderHeight(s);
            int bottom = pad + PlotFrame.XLabelHeight(s);
            int right = pad + 10;
            var canvas = new Canvas(width, height, Rgb.White);
            var frame = new PlotFrame(canvas, left, top, width - left - right, height - top - bottom, x, y, s);
            frame.DrawGrid();
            foreach (var (_, ys, colour) in series)
                frame.Polyline(xs, ys, colour, 2);
            frame.DrawAxes();
            frame.DrawHeader("", series.Select(v => (v.Label, v.Colour)).ToArray());
            canvas.Text(left, pad, title, ReportPalette.Text, s);
            PngFile.Write(canvas, path);
        }
    }
}
