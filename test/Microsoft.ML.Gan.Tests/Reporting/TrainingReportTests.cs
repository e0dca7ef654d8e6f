using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Reporting;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SkiaSharp;

namespace Microsoft.ML.Gan.Tests.Reporting
{
    [TestClass]
    public sealed class TrainingReportTests
    {
        private string _dir = "";

        [TestInitialize]
        public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("gan-report-").FullName;

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        // D loss falls from 1.4 to 0.9 and stays above G loss (0.5 to 0.8); D(x) rises from 0.6 and D(G(z))
        // falls from 0.4, so no curve crosses another or the 0.5 line. Epoch 7 has no generator step.
        private static List<GanEpochMetrics> History(int epochs = 30, Func<int, double>? generatorLoss = null) =>
            Enumerable.Range(1, epochs).Select(e =>
            {
                double t = (e - 1) / (double)Math.Max(1, epochs - 1);
                double g = generatorLoss?.Invoke(e) ?? (e == 7 ? double.NaN : 0.5 + 0.3 * t);
                return new GanEpochMetrics
                {
                    Epoch = e, DiscriminatorLoss = 1.4 - 0.5 * t, GeneratorLoss = g, MeanRealScore = 0.6 + 0.25 * t,
                    MeanFakeScore = 0.4 - 0.25 * t, Seconds = 0.1, DiscriminatorUpdates = 10, GeneratorUpdates = e == 7 ? 0 : 10,
                };
            }).ToList();

        private static float[][] Cluster(float x, float y, int count, float spread, int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, count)
                .Select(i => i == 0 ? new[] { x, y } : new[] { x + spread * (float)(rng.NextDouble() - 0.5), y + spread * (float)(rng.NextDouble() - 0.5) })
                .ToArray();
        }

        [TestMethod]
        public void TrainingCurvesShowLossesOnTopAndScoresBelow()
        {
            var history = History();
            string path = Path.Combine(_dir, "curves.png");
            GanReport.SaveTrainingCurves(history, path);

            var png = new Png(path);
            Assert.AreEqual(900, png.Width);
            Assert.AreEqual(600, png.Height);
            GanReport.RenderTrainingCurves(history, 900, 600, out var losses, out var scores);
            Assert.IsTrue(losses.Bottom < scores.Top, "the loss panel is above the score panel");

            Assert.IsTrue(png.Count(losses, ReportPalette.DiscriminatorLoss) > 200, "D loss curve in the top panel");
            Assert.IsTrue(png.Count(losses, ReportPalette.GeneratorLoss) > 200, "G loss curve in the top panel");
            Assert.AreEqual(0, png.Count(losses, ReportPalette.RealScore));
            Assert.AreEqual(0, png.Count(losses, ReportPalette.FakeScore));
            Assert.IsTrue(png.Count(scores, ReportPalette.RealScore) > 200, "D(x) curve in the bottom panel");
            Assert.IsTrue(png.Count(scores, ReportPalette.FakeScore) > 200, "D(G(z)) curve in the bottom panel");
            Assert.AreEqual(0, png.Count(scores, ReportPalette.DiscriminatorLoss));
            Assert.AreEqual(0, png.Count(scores, ReportPalette.GeneratorLoss));

            // Points sit where the data puts them.
            var e15 = history[14];
            png.AssertNear(ReportPalette.DiscriminatorLoss, losses.PixelX(15), losses.PixelY(e15.DiscriminatorLoss));
            png.AssertNear(ReportPalette.GeneratorLoss, losses.PixelX(15), losses.PixelY(e15.GeneratorLoss));
            png.AssertNear(ReportPalette.RealScore, scores.PixelX(15), scores.PixelY(e15.MeanRealScore));
            png.AssertNear(ReportPalette.FakeScore, scores.PixelX(15), scores.PixelY(e15.MeanFakeScore));

            // The score axis is 0..1 and the 0.5 line is dashed: drawn along much of its row, with gaps.
            Assert.AreEqual(0.0, scores.Y.Min);
            Assert.AreEqual(1.0, scores.Y.Max);
            int y = scores.PixelY(0.5);
            int dashes = Enumerable.Range(scores.Left, scores.Width).Count(x => png.At(x, y) == ReportPalette.Reference);
            Assert.IsTrue(dashes > scores.Width / 4 && dashes < scores.Width * 3 / 4, $"dashed 0.5 line: {dashes} of {scores.Width} pixels");

            // Legend swatches above each panel.
            int header = PlotFrame.HeaderHeight(losses.TextSize);
            Assert.IsTrue(png.Count(losses.Left, losses.Top - header, losses.Width, header, ReportPalette.GeneratorLoss) > 0, "G loss swatch");
            Assert.IsTrue(png.Count(scores.Left, scores.Top - header, scores.Width, header, ReportPalette.FakeScore) > 0, "D(G(z)) swatch");

            CollectionAssert.AreEqual(new[] { "curves.png" }, FileNames(), "no temporary file remains");
        }

        [TestMethod]
        public void TrainingCurvesSkipNaN()
        {
            var history = History(epochs: 5, generatorLoss: _ => double.NaN);
            string path = Path.Combine(_dir, "no-generator-steps.png");
            GanReport.SaveTrainingCurves(history, path, width: 400, height: 300);

            var png = new Png(path);
            Assert.AreEqual(400, png.Width);
            Assert.AreEqual(300, png.Height);
            GanReport.RenderTrainingCurves(history, 400, 300, out var losses, out _);
            Assert.AreEqual(0, png.Count(losses, ReportPalette.GeneratorLoss), "no G loss is drawn when every value is NaN");
            Assert.IsTrue(png.Count(losses, ReportPalette.DiscriminatorLoss) > 0);
            Assert.IsTrue(losses.Y.Min <= 0.9 && losses.Y.Max >= 1.4, $"the loss axis fits the finite values: {losses.Y.Min}..{losses.Y.Max}");
        }

        [TestMethod]
        public void ScatterShowsRealInGreyAndGeneratedInRed()
        {
            var real = Cluster(-1.5f, -1.5f, 300, 0.4f, seed: 1);
            var generated = Cluster(1.5f, 1f, 300, 0.4f, seed: 2);
            string path = Path.Combine(_dir, "scatter.png");
            GanReport.SaveScatter(real, generated, path, extent: 3);

            var png = new Png(path);
            Assert.AreEqual(600, png.Width);
            Assert.AreEqual(600, png.Height);
            GanReport.RenderScatter(real, generated, 3, 600, out var frame);
            Assert.AreEqual(-3.0, frame.X.Min);
            Assert.AreEqual(3.0, frame.X.Max);
            Assert.AreEqual(frame.Width, frame.Height, "equal scale on both axes");

            png.AssertNear(ReportPalette.GeneratedPoint, frame.PixelX(1.5), frame.PixelY(1));
            png.AssertNear(ReportPalette.RealPoint, frame.PixelX(-1.5), frame.PixelY(-1.5));
            int cx = frame.PixelX(0), cy = frame.PixelY(0);
            Assert.IsTrue(png.Count(cx, frame.Top, frame.Right - cx, cy - frame.Top, ReportPalette.GeneratedPoint) > 300, "red in the upper right");
            Assert.AreEqual(0, png.Count(cx, frame.Top, frame.Right - cx, cy - frame.Top, ReportPalette.RealPoint), "no grey in the upper right");
            Assert.IsTrue(png.Count(frame.Left, cy, cx - frame.Left, frame.Bottom - cy, ReportPalette.RealPoint) > 300, "grey in the lower left");
            Assert.AreEqual(0, png.Count(frame.Left, cy, cx - frame.Left, frame.Bottom - cy, ReportPalette.GeneratedPoint), "no red in the lower left");

            CollectionAssert.AreEqual(new[] { "scatter.png" }, FileNames(), "no temporary file remains");
        }

        [TestMethod]
        public void ScatterFitsTheAxesToTheDataWithoutAnExtent()
        {
            var real = Enumerable.Range(0, 50).Select(i => new[] { 10f + i / 5f, (i % 2 == 0 ? -1f : 1f) }).ToArray();
            var generated = new[] { new[] { 15f, 0.5f }, new[] { float.NaN, 0f } };
            string path = Path.Combine(_dir, "fitted.png");
            GanReport.SaveScatter(real, generated, path, size: 300);

            GanReport.RenderScatter(real, generated, null, 300, out var frame);
            Assert.IsTrue(frame.X.Min <= 10 && frame.X.Max >= 19.8, $"x axis {frame.X.Min}..{frame.X.Max}");
            Assert.IsTrue(frame.Y.Min <= -1 && frame.Y.Max >= 1, $"y axis {frame.Y.Min}..{frame.Y.Max}");
            Assert.AreEqual(frame.X.Max - frame.X.Min, frame.Y.Max - frame.Y.Min, 1e-9, "equal spans, so equal scale");
            Assert.IsTrue(frame.X.Max - frame.X.Min < 20, "the range is fitted, not padded out to zero");

            var png = new Png(path);
            Assert.AreEqual(300, png.Width);
            png.AssertNear(ReportPalette.GeneratedPoint, frame.PixelX(15), frame.PixelY(0.5));
            png.AssertNear(ReportPalette.RealPoint, frame.PixelX(10), frame.PixelY(-1));
        }

        [TestMethod]
        public void SavingReplacesTheFileAndAFailedSaveLeavesNoTemporaryFile()
        {
            string path = Path.Combine(_dir, "report.png");
            GanReport.SaveScatter(Cluster(0, 0, 10, 1, 1), Cluster(1, 1, 10, 1, 2), path, size: 400);
            GanReport.SaveScatter(Cluster(0, 0, 10, 1, 1), Cluster(1, 1, 10, 1, 2), path, size: 500);
            Assert.AreEqual(500, new Png(path).Width, "the second save replaced the first");
            CollectionAssert.AreEqual(new[] { "report.png" }, FileNames());

            // The target is a folder: encoding succeeds, the final move fails, and the temporary file is removed.
            string folder = Directory.CreateDirectory(Path.Combine(_dir, "taken.png")).FullName;
            Assert.Throws<IOException>(() => GanReport.SaveTrainingCurves(History(), folder));
            CollectionAssert.AreEqual(new[] { "report.png" }, FileNames());
        }

        [TestMethod]
        public void BadInputIsRejectedWithAMessageNamingTheProblem()
        {
            string path = Path.Combine(_dir, "bad.png");
            var ok = Cluster(0, 0, 5, 1, 1);

            var notTwoD = Assert.Throws<ArgumentException>(() => GanReport.SaveScatter(ok, new[] { new[] { 1f, 2f, 3f } }, path));
            StringAssert.Contains(notTwoD.Message, "expected size 2");
            StringAssert.Contains(notTwoD.Message, "generated[0] has 3 values");
            Assert.AreEqual("generated", notTwoD.ParamName);

            var empty = Assert.Throws<ArgumentException>(() => GanReport.SaveTrainingCurves(new List<GanEpochMetrics>(), path));
            StringAssert.Contains(empty.Message, "history is empty");
            Assert.AreEqual("history", empty.ParamName);

            Assert.AreEqual("history", Assert.Throws<ArgumentNullException>(() => GanReport.SaveTrainingCurves(null!, path)).ParamName);
            Assert.AreEqual("real", Assert.Throws<ArgumentNullException>(() => GanReport.SaveScatter(null!, ok, path)).ParamName);
            StringAssert.Contains(Assert.Throws<ArgumentOutOfRangeException>(() => GanReport.SaveTrainingCurves(History(), path, width: 50)).Message, "width must be between 200 and 8192");
            StringAssert.Contains(Assert.Throws<ArgumentOutOfRangeException>(() => GanReport.SaveScatter(ok, ok, path, size: 100_000)).Message, "size must be between 200 and 8192");
            StringAssert.Contains(Assert.Throws<ArgumentOutOfRangeException>(() => GanReport.SaveScatter(ok, ok, path, extent: 0)).Message, "extent must be a positive");
            Assert.Throws<ArgumentException>(() => GanReport.SaveScatter(ok, ok, " "));

            Assert.AreEqual(0, FileNames().Length, "nothing is written for bad input");
        }

        [TestMethod]
        public void CaptionsRenderAnyTextAntiAliased()
        {
            if (ReportFont.Typeface.GlyphCount == 0)
                Assert.Inconclusive("No font under /usr/share/fonts: reports are drawn without text here.");
            Assert.IsTrue(ReportFont.Typeface.ContainsGlyphs("Income >50K Cat"), ReportFont.Typeface.FamilyName);
            var shape = new ImageShape(1, 8, 8);
            var image = new float[64];
            string Save(string caption)
            {
                string path = Path.Combine(_dir, $"caption{caption.Length}.png");
                GanReport.SaveImageGrid(new[] { ((string?)caption, (IReadOnlyList<float[]>)new[] { image }) }, shape, path, 0, 1, zoom: 4);
                return path;
            }

            var shortCaption = new Png(Save("Cat"));
            var longCaption = new Png(Save("Income >50K"));
            Assert.IsTrue(longCaption.Width > shortCaption.Width + 30, $"the caption column fits the text: {shortCaption.Width} and {longCaption.Width} pixels wide");
            // The caption is white on the grid's dark grey: fully white stems, and grey edge pixels that only anti-aliasing makes.
            var captionArea = Enumerable.Range(0, longCaption.Height)
                .SelectMany(y => Enumerable.Range(0, longCaption.Width - 8 * 4 - 4).Select(x => longCaption.At(x, y)))
                .ToArray();
            Assert.IsTrue(captionArea.Count(c => c == ReportPalette.Caption) > 20, "solid text pixels");
            int edges = captionArea.Count(c => c != ReportPalette.Caption && c != ReportPalette.GridBackground);
            Assert.IsTrue(edges > 40, $"anti-aliased edges: {edges} pixels between text and background");
        }

        private string[] FileNames() =>
            Directory.GetFileSystemEntries(_dir).Where(File.Exists).Select(Path.GetFileName).OrderBy(n => n).ToArray()!;

        /// <summary>A PNG read back through MLImage, as RGB per pixel.</summary>
        private sealed class Png
        {
            private readonly byte[] _pixels;
            private readonly bool _bgra;

            public Png(string path)
            {
                using var image = MLImage.CreateFromFile(path);
                Width = image.Width;
                Height = image.Height;
                Assert.AreEqual(32, image.BitsPerPixel);
                _bgra = image.PixelFormat == MLPixelFormat.Bgra32;
                Assert.IsTrue(_bgra || image.PixelFormat == MLPixelFormat.Rgba32, image.PixelFormat.ToString());
                _pixels = image.Pixels.ToArray();
            }

            public int Width { get; }

            public int Height { get; }

            public SKColor At(int x, int y)
            {
                int i = (y * Width + x) * 4;
                return _bgra ? new SKColor(_pixels[i + 2], _pixels[i + 1], _pixels[i]) : new SKColor(_pixels[i], _pixels[i + 1], _pixels[i + 2]);
            }

            /// <summary>Pixels of <paramref name="colour"/> in the rectangle, give or take the rounding where anti-aliased shapes overlap.</summary>
            public int Count(int left, int top, int width, int height, SKColor colour)
            {
                int n = 0;
                for (int y = Math.Max(0, top); y < Math.Min(Height, top + height); y++)
                    for (int x = Math.Max(0, left); x < Math.Min(Width, left + width); x++)
                        n += Near(At(x, y), colour) ? 1 : 0;
                return n;
            }

            public void AssertNear(SKColor expected, int x, int y) =>
                Assert.IsTrue(Near(At(x, y), expected), $"({x}, {y}) is {At(x, y)}, expected {expected}");

            private static bool Near(SKColor a, SKColor b) =>
                Math.Abs(a.Red - b.Red) <= 2 && Math.Abs(a.Green - b.Green) <= 2 && Math.Abs(a.Blue - b.Blue) <= 2;

            public int Count(PlotFrame frame, SKColor colour) => Count(frame.Left, frame.Top, frame.Width, frame.Height, colour);
        }
    }
}
