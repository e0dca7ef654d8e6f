using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Reporting;
using SkiaSharp;

namespace Microsoft.ML.Gan
{
    /// <summary>
    /// PNG pictures to look at rather than read: loss and discriminator-output curves per epoch, a scatter of real
    /// against generated 2-D points, a grid of images, and a table evaluation. Drawn with SkiaSharp, anti-aliased; each
    /// file is written to a temporary name and then moved over the target. Every method takes what it draws first,
    /// then the PNG file's path, then optional settings.
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
            using var bitmap = RenderTrainingCurves(history, width, height, out _, out _);
            PngFile.Write(bitmap, pngPath);
        }

        /// <summary>
        /// Writes a scatter plot of <paramref name="real"/> points (grey) and <paramref name="generated"/> points
        /// (red, drawn on top) to <paramref name="pngPath"/>. Every point must have exactly two values (x, y);
        /// points with a non-finite coordinate are skipped.
        /// </summary>
        /// <param name="real">Training points.</param>
        /// <param name="generated">Generated points.</param>
        /// <param name="pngPath">The PNG file to write (replaced if it exists; its folder is created).</param>
        /// <param name="extent">
        /// Both axes span -extent to extent. Null fits the axes to the data: a square range (equal scale on
        /// both axes) around the points' bounding box with a 5% margin, rounded out to tick values.
        /// </param>
        /// <param name="size">Width and height of the square image in pixels, 200 to 8192.</param>
        public static void SaveScatter(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated, string pngPath,
            double? extent = null, int size = 600)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(pngPath);
            using var bitmap = RenderScatter(real, generated, extent, size, out _);
            PngFile.Write(bitmap, pngPath);
        }

        internal static SKBitmap RenderTrainingCurves(IReadOnlyList<GanEpochMetrics> history, int width, int height,
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
            for (int i = 0; i < n; i++)
            {
                var m = history[i] ?? throw new ArgumentException($"history[{i}] is null.", nameof(history));
                (epochs[i], dLoss[i], gLoss[i], real[i], fake[i]) =
                    (m.Epoch, m.DiscriminatorLoss, m.GeneratorLoss, m.MeanRealScore, m.MeanFakeScore);
            }
            var finiteLosses = dLoss.Concat(gLoss).Where(double.IsFinite).ToArray();
            var lossY = finiteLosses.Length > 0
                ? AxisScale.Nice(finiteLosses.Min(), finiteLosses.Max(), 5)
                : AxisScale.Fixed(0, 1, 5); // no finite loss at all: an empty panel with a sensible axis
            var scoreY = AxisScale.Fixed(0, 1, 5);
            double firstEpoch = epochs.Min(), lastEpoch = epochs.Max();
            if (firstEpoch == lastEpoch)
                (firstEpoch, lastEpoch) = (firstEpoch - 1, lastEpoch + 1);

            float text = TextSize(width, height), pad = text / 2;
            int left = (int)pad + Math.Max(PlotFrame.YLabelWidth(lossY, text), PlotFrame.YLabelWidth(scoreY, text));
            int right = (int)(pad + 1.5f * text);
            int plotWidth = width - left - right;
            var epochX = AxisScale.Fixed(firstEpoch, lastEpoch, Math.Clamp(plotWidth / (int)(5 * text), 2, 10), integers: true);
            int header = PlotFrame.HeaderHeight(text), xLabels = PlotFrame.XLabelHeight(text);
            int between = (int)(text / 2), axisTitle = (int)(1.5f * text);
            int plotHeight = (int)(height - 2 * pad - 2 * header - 2 * xLabels - between - axisTitle) / 2;
            int lossTop = (int)pad + header, scoreTop = lossTop + plotHeight + xLabels + between + header;
            PlotFrame? losses = null, scores = null;
            float thickness = Math.Max(2f, text / 6);

            var bitmap = PngFile.Draw(width, height, ReportPalette.Background, canvas =>
            {
                losses = new PlotFrame(canvas, left, lossTop, plotWidth, plotHeight, epochX, lossY, text);
                losses.DrawGrid();
                losses.Polyline(epochs, dLoss, ReportPalette.DiscriminatorLoss, thickness);
                losses.Polyline(epochs, gLoss, ReportPalette.GeneratorLoss, thickness);
                losses.DrawAxes();
                losses.DrawHeader("Loss per epoch", new[]
                {
                    ("D loss", ReportPalette.DiscriminatorLoss),
                    ("G loss", ReportPalette.GeneratorLoss),
                });

                scores = new PlotFrame(canvas, left, scoreTop, plotWidth, plotHeight, epochX, scoreY, text);
                scores.DrawGrid();
                scores.HorizontalLine(0.5, ReportPalette.Reference, dash: text / 3);
                scores.Polyline(epochs, real, ReportPalette.RealScore, thickness);
                scores.Polyline(epochs, fake, ReportPalette.FakeScore, thickness);
                scores.DrawAxes();
                scores.DrawHeader("Mean discriminator output", new[]
                {
                    ("D(x)", ReportPalette.RealScore),
                    ("D(G(z))", ReportPalette.FakeScore),
                });

                using var paint = ReportFont.Paint(text, ReportPalette.Text);
                const string title = "Epoch";
                scores.DrawText(paint, title, left + (plotWidth - paint.MeasureText(title)) / 2, scores.Bottom + xLabels + axisTitle / 2f);
            });
            (lossPanel, scorePanel) = (losses!, scores!);
            return bitmap;
        }

        internal static SKBitmap RenderScatter(IReadOnlyList<float[]> real, IReadOnlyList<float[]> generated, double? extent,
            int size, out PlotFrame frame)
        {
            CheckPoints(real, nameof(real));
            CheckPoints(generated, nameof(generated));
            if (extent is double e && !(double.IsFinite(e) && e > 0))
                throw new ArgumentOutOfRangeException(nameof(extent), extent, "extent must be a positive finite number (the axes span -extent to extent), or null to fit the data.");
            CheckPixels(size, nameof(size));

            var (x, y) = extent is double half
                ? (AxisScale.Fixed(-half, half, 6), AxisScale.Fixed(-half, half, 6))
                : FitAxes(real, generated);
            float text = TextSize(size, size), pad = text / 2;
            int left = (int)pad + PlotFrame.YLabelWidth(y, text);
            int right = (int)(pad + 1.5f * text);
            int top = (int)pad + PlotFrame.HeaderHeight(text);
            int bottom = (int)pad + PlotFrame.XLabelHeight(text);
            int side = Math.Min(size - left - right, size - top - bottom);
            left += (size - left - right - side) / 2;
            float dot = Math.Max(3f, text / 3);
            PlotFrame? plot = null;

            var bitmap = PngFile.Draw(size, size, ReportPalette.Background, canvas =>
            {
                plot = new PlotFrame(canvas, left, top, side, side, x, y, text);
                plot.DrawGrid();
                if (x.Min < 0 && x.Max > 0)
                    plot.VerticalLine(0, ReportPalette.ZeroAxis);
                if (y.Min < 0 && y.Max > 0)
                    plot.HorizontalLine(0, ReportPalette.ZeroAxis);
                plot.Scatter(real, ReportPalette.RealPoint, dot);
                plot.Scatter(generated, ReportPalette.GeneratedPoint, dot);
                plot.DrawAxes();
                plot.DrawHeader("", new[]
                {
                    ($"Real ({real.Count})", ReportPalette.RealPoint),
                    ($"Generated ({generated.Count})", ReportPalette.GeneratedPoint),
                });
            });
            frame = plot!;
            return bitmap;
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

        /// <summary>Text height in pixels: 13 at 600 pixels, growing with the picture, never below 10.</summary>
        private static float TextSize(int width, int height) => Math.Max(10f, Math.Min(width, height) / 45f);
    }
}
