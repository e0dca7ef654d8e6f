using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Reporting;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// PNG pictures of GAN training, to look at rather than read: loss and discriminator-output curves
    /// per epoch, and a scatter of real against generated 2-D points. Drawn in memory and written through
    /// ML.NET's <c>MLImage</c>; each file is written to a temporary name and then moved over the target.
    /// </summary>
    public static partial class GanReport
    {
        private const int MinPixels = 200;
        private const int MaxPixels = 8192;

        /// <summary>
        /// Writes two stacked panels to <paramref name="pngPath"/>: the discriminator and generator losses per
        /// epoch (top), and the mean D(x) on real rows and mean D(G(z)) on generated rows on a 0 to 1 axis with
        /// a dashed line at 0.5, where an ideal discriminator at equilibrium sits (bottom). Values that are not
        /// finite, such as the generator loss of an epoch in which no generator step ran, are skipped.
        /// </summary>
        /// <param name="history">Per-epoch metrics, usually <see cref="GanTransformer.TrainingHistory"/>.</param>
        /// <param name="pngPath">The PNG file to write (replaced if it exists; its folder is created).</param>
        /// <param name="width">Image width in pixels, 200 to 8192.</param>
        /// <param name="height">Image height in pixels, 200 to 8192.</param>
        public static void SaveTrainingCurves(IReadOnlyList<GanEpochMetrics> history, string pngPath, int width = 900, int height = 600)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
            var canvas = RenderTrainingCurves(history, width, height, out _, out _);
            PngFile.Write(canvas, pngPath);
        }

        /// <summary>
        /// Writes a scatter plot of <paramref name="real"/> points (grey) and <paramref name="generated"/> points
        /// (red, drawn on top) to <paramref name="pngPath"/>. Every point must have exactly two values (x, y);
        /// points with a non-finite coordinate are skipped.
        /// </summary>
        /// <param name="pngPath">The PNG file to write (replaced if it exists; its folder is created).</param>
        /// <param name="real">Training points.</param>
        /// <param name="generated">Generated points.</param>
        /// <param name="extent">
        /// Both axes span -extent to extent. Null fits the axes to the data: a square range (equal scale on
        /// both axes) around the points' bounding box with a 5% margin, rounded out to tick values.
        /// </param>
        /// <param name="size">Width and height of the square image in pixels, 200 to 8192.</param>
        public static void SaveScatter(string pngPath, IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated,
            double? extent = null, int size = 600)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
            var canvas = RenderScatter(real, generated, extent, size, out _);
            PngFile.Write(canvas, pngPath);
        }

        internal static Canvas RenderTrainingCurves(IReadOnlyList<GanEpochMetrics> history, int width, int height,
            out PlotFrame lossPanel, out PlotFrame scorePanel)
        {
            ArgumentNullException.ThrowIfNull(history);
            if (history.Count == 0)
                throw new ArgumentException("The training history is empty: there are no epochs to plot.", nameof(history));
            CheckPixels(width, nameof(width));
            CheckPixels(height, nameof(height));

            int n = history.Count;
            var epochs = new double[n];
            var dLoss = new double[n];
            var gLoss = new double[n];
            var real = new double[n];
            var fake = new double[n];
            double lossMin = double.PositiveInfinity, lossMax = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                var m = history[i] ?? throw new ArgumentException($"history[{i}] is null.", nameof(history));
                (epochs[i], dLoss[i], gLoss[i], real[i], fake[i]) =
                    (m.Epoch, m.DiscriminatorLoss, m.GeneratorLoss, m.MeanRealScore, m.MeanFakeScore);
                foreach (double v in new[] { m.DiscriminatorLoss, m.GeneratorLoss })
                {
                    if (double.IsFinite(v))
                        (lossMin, lossMax) = (Math.Min(lossMin, v), Math.Max(lossMax, v));
                }
            }
            if (lossMin > lossMax)
                (lossMin, lossMax) = (0, 1); // no finite loss at all: an empty panel with a sensible axis

            double firstEpoch = epochs.Min(), lastEpoch = epochs.Max();
            if (firstEpoch == lastEpoch)
                (firstEpoch, lastEpoch) = (firstEpoch - 1, lastEpoch + 1);

            int s = TextScale(width, height);
            int pad = 6 * s, textHeight = BitmapFont.LineHeight(s);
            int headerHeight = PlotFrame.HeaderHeight(s), xLabelHeight = PlotFrame.XLabelHeight(s);
            int between = 5 * s, axisTitleHeight = 3 * s + textHeight;

            var lossY = AxisScale.Nice(lossMin, lossMax, 5);
            var scoreY = AxisScale.Fixed(0, 1, 5);
            int left = pad + Math.Max(PlotFrame.YLabelWidth(lossY, s), PlotFrame.YLabelWidth(scoreY, s));
            var probeX = AxisScale.Fixed(firstEpoch, lastEpoch, 8, integers: true);
            int right = pad + BitmapFont.Measure(probeX.Label(probeX.Max), s) / 2;
            int plotWidth = width - left - right;
            var epochX = AxisScale.Fixed(firstEpoch, lastEpoch,
                Math.Clamp(plotWidth / (BitmapFont.Measure(probeX.Label(probeX.Max), s) + 12 * s), 2, 10), integers: true);
            int plotHeight = (height - 2 * pad - 2 * headerHeight - 2 * xLabelHeight - between - axisTitleHeight) / 2;

            var canvas = new Canvas(width, height, Rgb.White);
            int thickness = s;

            int top = pad + headerHeight;
            lossPanel = new PlotFrame(canvas, left, top, plotWidth, plotHeight, epochX, lossY, s);
            lossPanel.DrawGrid();
            lossPanel.Polyline(epochs, dLoss, ReportPalette.DiscriminatorLoss, thickness);
            lossPanel.Polyline(epochs, gLoss, ReportPalette.GeneratorLoss, thickness);
            lossPanel.DrawAxes();
            lossPanel.DrawHeader("loss per epoch", new[]
            {
                ("D loss", ReportPalette.DiscriminatorLoss),
                ("G loss", ReportPalette.GeneratorLoss),
            });

            top += plotHeight + xLabelHeight + between + headerHeight;
            scorePanel = new PlotFrame(canvas, left, top, plotWidth, plotHeight, epochX, scoreY, s);
            scorePanel.DrawGrid();
            scorePanel.HorizontalLine(0.5, ReportPalette.Reference, Math.Max(1, s / 2), dash: 4 * s);
            scorePanel.Polyline(epochs, real, ReportPalette.RealScore, thickness);
            scorePanel.Polyline(epochs, fake, ReportPalette.FakeScore, thickness);
            scorePanel.DrawAxes();
            scorePanel.DrawHeader("mean discriminator output", new[]
            {
                ("D(x)", ReportPalette.RealScore),
                ("D(G(z))", ReportPalette.FakeScore),
            });

            const string axisTitle = "epoch";
            canvas.Text(left + (plotWidth - BitmapFont.Measure(axisTitle, s)) / 2,
                scorePanel.Bottom + 1 + xLabelHeight + 3 * s, axisTitle, ReportPalette.Text, s);
            return canvas;
        }

        internal static Canvas RenderScatter(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated, double? extent,
            int size, out PlotFrame frame)
        {
            CheckPoints(real, nameof(real));
            CheckPoints(generated, nameof(generated));
            if (extent is double e && !(double.IsFinite(e) && e > 0))
                throw new ArgumentOutOfRangeException(nameof(extent), extent, "extent must be a positive finite number (the axes span -extent to extent), or null to fit the data.");
            CheckPixels(size, nameof(size));

            int s = TextScale(size, size);
            var (x, y) = extent is double half
                ? (AxisScale.Fixed(-half, half, 6), AxisScale.Fixed(-half, half, 6))
                : FitAxes(real, generated);

            int pad = 6 * s;
            int left = pad + PlotFrame.YLabelWidth(y, s);
            int right = pad + BitmapFont.Measure(x.Label(x.Max), s) / 2;
            int top = pad + PlotFrame.HeaderHeight(s);
            int bottom = pad + PlotFrame.XLabelHeight(s);
            int side = Math.Min(size - left - right, size - top - bottom);
            left += (size - left - right - side) / 2;

            var canvas = new Canvas(size, size, Rgb.White);
            frame = new PlotFrame(canvas, left, top, side, side, x, y, s);
            frame.DrawGrid();
            if (x.Min < 0 && x.Max > 0)
                frame.VerticalLine(0, ReportPalette.ZeroAxis);
            if (y.Min < 0 && y.Max > 0)
                frame.HorizontalLine(0, ReportPalette.ZeroAxis);
            int dot = s <= 2 ? 3 : 2 * s - 1;
            frame.Scatter(real, ReportPalette.RealPoint, dot);
            frame.Scatter(generated, ReportPalette.GeneratedPoint, dot);
            frame.DrawAxes();
            frame.DrawHeader("", new[]
            {
                ($"real ({real.Count})", ReportPalette.RealPoint),
                ($"generated ({generated.Count})", ReportPalette.GeneratedPoint),
            });
            return canvas;
        }

        private static (AxisScale X, AxisScale Y) FitAxes(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated)
        {
            double xMin = double.PositiveInfinity, xMax = double.NegativeInfinity;
            double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
            foreach (var set in new[] { real, generated })
            {
                foreach (var p in set)
                {
                    if (!float.IsFinite(p[0]) || !float.IsFinite(p[1]))
                        continue;
                    (xMin, xMax) = (Math.Min(xMin, p[0]), Math.Max(xMax, p[0]));
                    (yMin, yMax) = (Math.Min(yMin, p[1]), Math.Max(yMax, p[1]));
                }
            }
            if (xMin > xMax)
                return (AxisScale.Fixed(-1, 1, 6), AxisScale.Fixed(-1, 1, 6)); // nothing finite to fit

            double cx = (xMin + xMax) / 2, cy = (yMin + yMax) / 2;
            double halfSpan = Math.Max(xMax - xMin, yMax - yMin) / 2 * 1.05;
            if (halfSpan == 0)
                halfSpan = Math.Max(Math.Max(Math.Abs(cx), Math.Abs(cy)) * 0.1, 1);
            return AxisScale.Square(cx - halfSpan, cx + halfSpan, cy - halfSpan, cy + halfSpan, 6);
        }

        private static void CheckPoints(IReadOnlyList<float[]> points, string name)
        {
            ArgumentNullException.ThrowIfNull(points, name);
            for (int i = 0; i < points.Count; i++)
            {
                var p = points[i] ?? throw new ArgumentException($"{name}[{i}] is null; every point needs 2 values (x, y).", name);
                if (p.Length != 2)
                    throw new ArgumentException(
                        $"The scatter plot takes 2-D points: expected size 2 (x, y), but {name}[{i}] has {p.Length} values.", name);
            }
        }

        private static void CheckPixels(int value, string name)
        {
            if (value < MinPixels || value > MaxPixels)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {MinPixels} and {MaxPixels} pixels; it was {value}.");
        }

        /// <summary>Font pixels per glyph pixel: 1 up to 599 pixels, 2 up to 899, and so on.</summary>
        private static int TextScale(int width, int height) => Math.Clamp(Math.Min(width, height) / 300, 1, 4);
    }
}
