using System;
using System.Collections.Generic;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>
    /// A rectangular plot area on a canvas with its two axes: maps data to pixels and draws the grid,
    /// frame, ticks, tick labels, a header line (title and legend) and data clipped to the area.
    /// </summary>
    internal sealed class PlotFrame
    {
        private readonly Canvas _canvas;

        public PlotFrame(Canvas canvas, int left, int top, int width, int height, AxisScale x, AxisScale y, int textScale)
        {
            _canvas = canvas;
            Left = left;
            Top = top;
            Width = width;
            Height = height;
            X = x;
            Y = y;
            TextScale = textScale;
        }

        public int Left { get; }

        public int Top { get; }

        public int Width { get; }

        public int Height { get; }

        public int Right => Left + Width - 1;

        public int Bottom => Top + Height - 1;

        public AxisScale X { get; }

        public AxisScale Y { get; }

        public int TextScale { get; }

        public int TickLength => 3 * TextScale;

        public int LabelGap => 2 * TextScale;

        public int PixelX(double value) => Left + (int)Math.Round(X.Fraction(value) * (Width - 1));

        public int PixelY(double value) => Bottom - (int)Math.Round(Y.Fraction(value) * (Height - 1));

        /// <summary>Room the y tick labels of <paramref name="y"/> need left of the frame at <paramref name="textScale"/>.</summary>
        public static int YLabelWidth(AxisScale y, int textScale)
        {
            int widest = 0;
            foreach (double v in y.Ticks)
                widest = Math.Max(widest, BitmapFont.Measure(y.Label(v), textScale));
            return widest + 5 * textScale;
        }

        /// <summary>Room the x tick labels need below the frame.</summary>
        public static int XLabelHeight(int textScale) => 5 * textScale + BitmapFont.LineHeight(textScale);

        public void DrawGrid()
        {
            foreach (double v in X.Ticks)
                _canvas.FillRect(PixelX(v), Top, 1, Height, ReportPalette.Grid);
            foreach (double v in Y.Ticks)
                _canvas.FillRect(Left, PixelY(v), Width, 1, ReportPalette.Grid);
        }

        /// <summary>The frame, tick marks and labels; drawn last so data does not cover them.</summary>
        public void DrawAxes(bool xLabels = true)
        {
            _canvas.StrokeRect(Left, Top, Width, Height, ReportPalette.Frame);
            int textHeight = BitmapFont.LineHeight(TextScale);
            foreach (double v in Y.Ticks)
            {
                int py = PixelY(v);
                _canvas.FillRect(Left - TickLength, py, TickLength, 1, ReportPalette.Frame);
                string label = Y.Label(v);
                int tx = Left - TickLength - LabelGap - BitmapFont.Measure(label, TextScale);
                int ty = Math.Clamp(py - textHeight / 2, 0, _canvas.Height - textHeight);
                _canvas.Text(tx, ty, label, ReportPalette.Text, TextScale);
            }
            foreach (double v in X.Ticks)
            {
                int px = PixelX(v);
                _canvas.FillRect(px, Bottom + 1, 1, TickLength, ReportPalette.Frame);
                if (!xLabels)
                    continue;
                string label = X.Label(v);
                int width = BitmapFont.Measure(label, TextScale);
                int tx = Math.Clamp(px - width / 2, 0, _canvas.Width - width);
                _canvas.Text(tx, Bottom + 1 + TickLength + LabelGap, label, ReportPalette.Text, TextScale);
            }
        }

        /// <summary>
        /// The line above the frame: <paramref name="title"/> on the left (when it fits) and a legend of
        /// colour swatches on the right.
        /// </summary>
        public void DrawHeader(string title, IReadOnlyList<(string Label, Rgb Colour)> legend)
        {
            int s = TextScale, textHeight = BitmapFont.LineHeight(s);
            int y = Top - 3 * s - textHeight;
            int swatch = 5 * s, entryGap = 7 * s;
            int x = Right + 1;
            int legendLeft = x;
            for (int i = legend.Count - 1; i >= 0; i--)
            {
                var (label, colour) = legend[i];
                x -= BitmapFont.Measure(label, s);
                _canvas.Text(x, y, label, ReportPalette.Text, s);
                x -= 3 * s + swatch;
                _canvas.FillRect(x, y + (textHeight - swatch) / 2, swatch, swatch, colour);
                legendLeft = x;
                x -= entryGap;
            }
            if (Left + BitmapFont.Measure(title, s) + entryGap <= legendLeft)
                _canvas.Text(Left, y, title, ReportPalette.Text, s);
        }

        /// <summary>Height of the header line drawn by <see cref="DrawHeader"/>, above the frame.</summary>
        public static int HeaderHeight(int textScale) => BitmapFont.LineHeight(textScale) + 5 * textScale;

        /// <summary>
        /// Connects the finite points in order (non-finite ones are skipped, the line joins their neighbours)
        /// and marks each point with a dot when they are far enough apart to tell apart.
        /// </summary>
        public void Polyline(IReadOnlyList<double> xs, IReadOnlyList<double> ys, Rgb colour, int thickness)
        {
            _canvas.SetClip(Left + 1, Top + 1, Width - 2, Height - 2);
            bool dots = xs.Count <= Width / (4 * thickness + 4);
            int? px = null, py = null;
            for (int i = 0; i < xs.Count; i++)
            {
                if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i]))
                    continue;
                int x = PixelX(xs[i]), y = PixelY(ys[i]);
                if (px is int x0 && py is int y0)
                    _canvas.Line(x0, y0, x, y, colour, thickness);
                if (dots || xs.Count == 1)
                    _canvas.FillRect(x - thickness, y - thickness, 2 * thickness + 1, 2 * thickness + 1, colour);
                (px, py) = (x, y);
            }
            _canvas.ResetClip();
        }

        /// <summary>Square dots <paramref name="dotSize"/> pixels wide at the finite points.</summary>
        public void Scatter(IReadOnlyList<float[]> points, Rgb colour, int dotSize)
        {
            _canvas.SetClip(Left + 1, Top + 1, Width - 2, Height - 2);
            int half = dotSize / 2;
            foreach (var p in points)
            {
                if (float.IsFinite(p[0]) && float.IsFinite(p[1]))
                    _canvas.FillRect(PixelX(p[0]) - half, PixelY(p[1]) - half, dotSize, dotSize, colour);
            }
            _canvas.ResetClip();
        }

        /// <summary>A horizontal line across the plot at data value <paramref name="y"/>.</summary>
        public void HorizontalLine(double y, Rgb colour, int thickness = 1, int dash = 0)
        {
            _canvas.SetClip(Left + 1, Top + 1, Width - 2, Height - 2);
            _canvas.Line(Left, PixelY(y), Right, PixelY(y), colour, thickness, dash);
            _canvas.ResetClip();
        }

        /// <summary>A vertical line across the plot at data value <paramref name="x"/>.</summary>
        public void VerticalLine(double x, Rgb colour)
        {
            _canvas.SetClip(Left + 1, Top + 1, Width - 2, Height - 2);
            _canvas.Line(PixelX(x), Top, PixelX(x), Bottom, colour);
            _canvas.ResetClip();
        }
    }
}
