using System;
using System.Globalization;
using System.Linq;
using SkiaSharp;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>
    /// Lays out a <see cref="TableMetrics"/> as one PNG (SkiaSharp): a title with the quality scores, one
    /// panel per column (real against synthetic), then the real and synthetic association matrices side by side.
    /// When the metrics carry privacy checks, the header has a third line with them.
    /// </summary>
    internal static class TableQualityReportImage
    {
        private const int PanelsPerRow = 4;
        private const int PanelWidth = 300;
        private const int PanelHeight = 210;
        private const int HeaderHeight = 70;
        private const int PrivacyLineHeight = 22;
        private const int MatrixSide = 420;
        private const int Margin = 16;

        public static void Save(TableMetrics metrics, string pngPath)
        {
            using var bitmap = Draw(metrics);
            PngFile.Write(bitmap, pngPath);
        }

        public static SKBitmap Draw(TableMetrics report)
        {
            int columns = report.Distributions.Count;
            int panelRows = (columns + PanelsPerRow - 1) / PanelsPerRow;
            int width = Margin * 2 + PanelsPerRow * PanelWidth;
            int header = HeaderHeight + (report.Privacy is null ? 0 : PrivacyLineHeight);
            int matrixTop = header + panelRows * PanelHeight + Margin;
            int height = matrixTop + MatrixSide + 40 + Margin;
            var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
            try
            {
                using var canvas = new SKCanvas(bitmap);
                canvas.Clear(SKColors.White);
                DrawHeader(canvas, report, width);
                for (int i = 0; i < columns; i++)
                {
                    var area = SKRect.Create(Margin + i % PanelsPerRow * PanelWidth, header + i / PanelsPerRow * PanelHeight, PanelWidth, PanelHeight);
                    var similarity = report.Columns.FirstOrDefault(c => c.Column == report.Distributions[i].Column);
                    TableQualityReportPanels.Distribution(canvas, area, report.Distributions[i], similarity);
                }
                float half = (width - 2 * Margin) / 2f;
                TableQualityReportPanels.Matrix(canvas, SKRect.Create(Margin, matrixTop, half - Margin, MatrixSide + 40), report.RealAssociations, "Associations, real");
                TableQualityReportPanels.Matrix(canvas, SKRect.Create(Margin + half, matrixTop, half - Margin, MatrixSide + 40), report.SyntheticAssociations, "Associations, synthetic");
                canvas.Flush();
                return bitmap;
            }
            catch
            {
                bitmap.Dispose();
                throw;
            }
        }

        private static void DrawHeader(SKCanvas canvas, TableMetrics report, int width)
        {
            var q = report.Quality;
            using var title = ReportFont.Paint(20, SKColors.Black);
            canvas.DrawText("Synthetic table quality", Margin, 28, title);
            using var text = ReportFont.Paint(14, SKColors.DimGray);
            canvas.DrawText(string.Format(CultureInfo.InvariantCulture,
                "Overall {0:P1}   Column shapes {1:P1}   Column pair trends {2:P1}   Association difference {3:F3}",
                q.Overall, q.ColumnShapes, q.ColumnPairTrends, report.AssociationDifference), Margin, 52, text);
            if (report.Privacy is TablePrivacy p)
            {
                // Ideal values in the text, so that the line reads without the guide.
                canvas.DrawText(string.Format(CultureInfo.InvariantCulture,
                    "Privacy: closer to training than holdout {0:P1} (ideal 50%)   Membership attack AUC {1:F3} (ideal 0.5)   " +
                    "Median DCR training {2:F3} / holdout {3:F3}   ({4} training, {4} holdout, {5} synthetic rows)",
                    p.DcrShareCloserToTraining, p.MembershipAttackAuc, p.MedianDcrToTraining, p.MedianDcrToHoldout,
                    p.ComparedRows, p.SyntheticRows), Margin, 52 + PrivacyLineHeight, text);
            }
            TableQualityReportPanels.Legend(canvas, width - Margin - 190, 18);
        }
    }
}
