using System;
using System.Collections.Generic;
using System.Linq;
using SkiaSharp;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>
    /// A rectangular plot area on a canvas with its two axes: maps data to pixels and draws the grid, frame,
    /// ticks, tick labels, a header line (title and legend) and data clipped to the area. Text is
    /// <see cref="TextSize"/> pixels high; the static members say how much room it needs around the frame.
    /// </summary>
    internal sealed class PlotFrame
    {
        private readonly SKCanvas _canvas;

        public PlotFrame(SKCanvas canvas, int left, int top, int width, int height, AxisScale x, AxisScale y, float textSize)
        {
            _canvas = canvas;
            (Left, Top, Width, Height) = (left, top, width, height);
            (X, Y, TextSize) = (x, y, textSize);
        }

        public int Left { get; }

        public int Top { get; }

        public int Width { get; }

        public int Height { get; }

        public int Right => Left + Width - 1;

        public int Bottom => Top + Height - 1;

        public AxisScale X { get; }

        public AxisScale Y { get; }

        public float TextSize { get; }

        private float CentreX(double value) => Left + 0.5f + (float)(X.Fraction(value) * (Width - 1));

        private float CentreY(double value) => Bottom + 0.5f - (float)(Y.Fraction(value) * (Height - 1));

        private static float TickLength(float textSize) => textSize / 3;

        /// <summary>Room the y tick labels of <paramref name="y"/> need left of the frame.</summary>
        public static int YLabelWidth(AxisScale y, float textSize)
        {
            using var paint = ReportFont.Paint(textSize, ReportPalette.Text);
            return (int)MathF.Ceiling(y.Ticks.Max(v => paint.MeasureText(y.Label(v))) + TickLength(textSize) + textSize / 2);
        }

        /// <summary>Room the x tick labels need below the frame.</summary>
        public static int XLabelHeight(float textSize) => (int)MathF.Ceiling(TickLength(textSize) + 1.6f * textSize);

        /// <summary>Height of the header line drawn by <see cref="DrawHeader"/>, above the frame.</summary>
        public static int HeaderHeight(float textSize) => (int)MathF.Ceiling(1.8f * textSize);

        public void DrawGrid()
        {
            using var pen = Pen(ReportPalette.Grid, 1, antialias: false);
            foreach (double v in X.Ticks)
                _canvas.DrawLine(Snap(CentreX(v)), Top, Snap(CentreX(v)), Bottom + 1, pen);
            foreach (double v in Y.Ticks)
                _canvas.DrawLine(Left, Snap(CentreY(v)), Right + 1, Snap(CentreY(v)), pen);
        }

        /// <summary>The frame, tick marks and labels; drawn last so data does not cover them.</summary>
        public void DrawAxes()
        {
            using var pen = Pen(ReportPalette.Frame, 1, antialias: false);
            using var text = ReportFont.Paint(TextSize, ReportPalette.Text);
            _canvas.DrawRect(Left + 0.5f, Top + 0.5f, Width - 1, Height - 1, pen);
            float tick = TickLength(TextSize), gap = TextSize / 4;
            foreach (double v in Y.Ticks)
            {
                float y = Snap(CentreY(v));
                _canvas.DrawLine(Left - tick, y, Left, y, pen);
                string label = Y.Label(v);
                DrawText(text, label, Left - tick - gap - text.MeasureText(label), y);
            }
            foreach (double v in X.Ticks)
            {
                float x = Snap(CentreX(v));
                _canvas.DrawLine(x, Bottom + 1, x, Bottom + 1 + tick, pen);
                string label = X.Label(v);
                float width = text.MeasureText(label);
                float left = Math.Clamp(x - width / 2, 0, _canvas.DeviceClipBounds.Right - width);
                DrawText(text, label, left, Bottom + 1 + tick + gap + TextSize / 2);
            }
        }

        /// <summary>
        /// The line above the frame: <paramref name="title"/> on the left (when it fits) and a legend of colour
        /// swatches on the right.
        /// </summary>
        public void DrawHeader(string title, IReadOnlyList<(string Label, SKColor Colour)> legend)
        {
            using var text = ReportFont.Paint(TextSize, ReportPalette.Text);
            float middle = Top - HeaderHeight(TextSize) / 2f;
            float swatch = MathF.Round(TextSize * 0.7f), entryGap = TextSize;
            float x = Right + 1;
            for (int i = legend.Count - 1; i >= 0; i--)
            {
                var (label, colour) = legend[i];
                x -= text.MeasureText(label);
                DrawText(text, label, x, middle);
                x = MathF.Round(x - TextSize / 4 - swatch);
                using var fill = new SKPaint { Color = colour, Style = SKPaintStyle.Fill };
                _canvas.DrawRect(x, MathF.Round(middle - swatch / 2), swatch, swatch, fill);
                x -= entryGap;
            }
            if (Left + text.MeasureText(title) <= x)
                DrawText(text, title, Left, middle);
        }

        /// <summary>
        /// Connects the finite points in order (non-finite ones are skipped, the line joins their neighbours) and
        /// marks each point with a dot when they are far enough apart to tell apart.
        /// </summary>
        public void Polyline(IReadOnlyList<double> xs, IReadOnlyList<double> ys, SKColor colour, float thickness)
        {
            var points = Enumerable.Range(0, xs.Count)
                .Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
                .Select(i => new SKPoint(CentreX(xs[i]), CentreY(ys[i])))
                .ToArray();
            using var pen = Pen(colour, thickness);
            using var path = new SKPath();
            path.AddPoly(points, close: false);
            ClipToPlot();
            _canvas.DrawPath(path, pen);
            if (points.Length == 1 || xs.Count <= Width / (4 * thickness + 4))
            {
                using var fill = new SKPaint { Color = colour, IsAntialias = true, Style = SKPaintStyle.Fill };
                foreach (var p in points)
                    _canvas.DrawCircle(p, 1.5f * thickness, fill);
            }
            _canvas.Restore();
        }

        /// <summary>Round dots <paramref name="dotSize"/> pixels across at the finite points.</summary>
        public void Scatter(IReadOnlyList<float[]> points, SKColor colour, float dotSize)
        {
            using var fill = new SKPaint { Color = colour, IsAntialias = true, Style = SKPaintStyle.Fill };
            ClipToPlot();
            foreach (var p in points)
            {
                if (float.IsFinite(p[0]) && float.IsFinite(p[1]))
                    _canvas.DrawCircle(CentreX(p[0]), CentreY(p[1]), dotSize / 2, fill);
            }
            _canvas.Restore();
        }

        /// <summary>A horizontal line across the plot at data value <paramref name="y"/>, dashed when <paramref name="dash"/> is above 0.</summary>
        public void HorizontalLine(double y, SKColor colour, float dash = 0)
        {
            using var pen = Pen(colour, 1, antialias: false);
            if (dash > 0)
                pen.PathEffect = SKPathEffect.CreateDash(new[] { dash, dash }, 0);
            ClipToPlot();
            _canvas.DrawLine(Left, Snap(CentreY(y)), Right + 1, Snap(CentreY(y)), pen);
            _canvas.Restore();
        }

        /// <summary>A vertical line across the plot at data value <paramref name="x"/>.</summary>
        public void VerticalLine(double x, SKColor colour)
        {
            using var pen = Pen(colour, 1, antialias: false);
            ClipToPlot();
            _canvas.DrawLine(Snap(CentreX(x)), Top, Snap(CentreX(x)), Bottom + 1, pen);
            _canvas.Restore();
        }

        /// <summary>Text whose capital letters are centred on <paramref name="middle"/>.</summary>
        public void DrawText(SKPaint paint, string text, float left, float middle) =>
            _canvas.DrawText(text, left, middle + paint.FontMetrics.CapHeight / 2, paint);

        private void ClipToPlot()
        {
            _canvas.Save();
            _canvas.ClipRect(new SKRect(Left + 1, Top + 1, Right, Bottom));
        }

        // One-pixel lines are drawn through pixel centres so that they cover whole pixels.
        private static float Snap(float centre) => MathF.Floor(centre) + 0.5f;

        private static SKPaint Pen(SKColor colour, float width, bool antialias = true) =>
            new() { Color = colour, StrokeWidth = width, IsAntialias = antialias, Style = SKPaintStyle.Stroke };
    }
}
