using System;
using System.Globalization;
using System.Linq;
using SkiaSharp;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>The pieces of the table quality picture: a column's real and synthetic bars, an association matrix, the legend.</summary>
    internal static class TableQualityReportPanels
    {
        public static readonly SKColor RealColor = new(0x1F, 0x77, 0xB4);
        public static readonly SKColor SyntheticColor = new(0xFF, 0x7F, 0x0E);

        /// <summary>Side-by-side bars of the real and synthetic shares per bin or category.</summary>
        public static void Distribution(SKCanvas canvas, SKRect area, ColumnDistribution column, ColumnSimilarity? similarity)
        {
            using var title = ReportFont.Paint(13, SKColors.Black);
            string score = similarity is null ? "" : string.Format(CultureInfo.InvariantCulture, "  {0} {1:F3}", similarity.Metric, similarity.Distance);
            canvas.DrawText(ReportFont.Shorten(column.Column, 28) + score, area.Left + 6, area.Top + 16, title);

            var plot = new SKRect(area.Left + 6, area.Top + 26, area.Right - 10, area.Bottom - 48);
            using var axis = new SKPaint { Color = SKColors.Gray, StrokeWidth = 1, IsAntialias = false };
            canvas.DrawLine(plot.Left, plot.Bottom, plot.Right, plot.Bottom, axis);
            int bins = column.Bins.Count;
            if (bins == 0)
                return;
            double top = Math.Max(1e-12, column.Real.Concat(column.Synthetic).Max());
            float slot = plot.Width / bins;
            float bar = Math.Max(1, slot * 0.4f);
            using var real = new SKPaint { Color = TableQualityReportPanels.RealColor, IsAntialias = false };
            using var synthetic = new SKPaint { Color = TableQualityReportPanels.SyntheticColor, IsAntialias = false };
            for (int k = 0; k < bins; k++)
            {
                float x = plot.Left + k * slot + slot * 0.1f;
                float hr = (float)(column.Real[k] / top) * plot.Height;
                float hs = (float)(column.Synthetic[k] / top) * plot.Height;
                canvas.DrawRect(x, plot.Bottom - hr, bar, hr, real);
                canvas.DrawRect(x + bar, plot.Bottom - hs, bar, hs, synthetic);
            }
            using var label = ReportFont.Paint(10, SKColors.DimGray);
            if (column.Kind == ColumnKind.Continuous)
            {
                canvas.DrawText(column.Bins[0], plot.Left, plot.Bottom + 13, label);
                label.TextAlign = SKTextAlign.Right;
                canvas.DrawText("… " + column.Bins[^1], plot.Right, plot.Bottom + 13, label);
                return;
            }
            // Category names turned 40 degrees, so that a dozen of them fit under the bars.
            for (int k = 0; k < bins; k++)
            {
                canvas.Save();
                canvas.Translate(plot.Left + k * slot + slot * 0.5f, plot.Bottom + 10);
                canvas.RotateDegrees(40);
                canvas.DrawText(ReportFont.Shorten(column.Bins[k], 10), 0, 0, label);
                canvas.Restore();
            }
        }

        /// <summary>The matrix as a heat map (blue positive, red negative, white 0), with the column names along two sides.</summary>
        public static void Matrix(SKCanvas canvas, SKRect area, AssociationMatrix matrix, string caption)
        {
            using var title = ReportFont.Paint(14, SKColors.Black);
            canvas.DrawText(caption, area.Left, area.Top + 16, title);
            int m = matrix.Columns.Count;
            if (m == 0)
                return;
            const float names = 110;
            float side = Math.Min(area.Width - names, area.Height - 30 - names);
            float cell = side / m;
            float left = area.Left + names, top = area.Top + 30;
            using var fill = new SKPaint { IsAntialias = false };
            using var grid = new SKPaint { Color = SKColors.LightGray, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
            using var label = ReportFont.Paint(Math.Clamp(cell * 0.6f, 7, 11), SKColors.DimGray);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < m; j++)
                {
                    fill.Color = Shade(matrix[i, j]);
                    var rect = SKRect.Create(left + j * cell, top + i * cell, cell, cell);
                    canvas.DrawRect(rect, fill);
                    canvas.DrawRect(rect, grid);
                }
                label.TextAlign = SKTextAlign.Right;
                canvas.DrawText(ReportFont.Shorten(matrix.Columns[i], 16), left - 4, top + (i + 0.7f) * cell, label);
                label.TextAlign = SKTextAlign.Left;
                canvas.Save();
                canvas.Translate(left + (i + 0.7f) * cell, top + side + 4);
                canvas.RotateDegrees(60);
                canvas.DrawText(ReportFont.Shorten(matrix.Columns[i], 16), 0, 0, label);
                canvas.Restore();
            }
        }

        public static void Legend(SKCanvas canvas, float x, float y)
        {
            using var text = ReportFont.Paint(13, SKColors.Black);
            using var real = new SKPaint { Color = RealColor };
            using var synthetic = new SKPaint { Color = SyntheticColor };
            canvas.DrawRect(x, y, 14, 14, real);
            canvas.DrawText("real", x + 20, y + 12, text);
            canvas.DrawRect(x + 80, y, 14, 14, synthetic);
            canvas.DrawText("synthetic", x + 100, y + 12, text);
        }

        // White at 0, towards blue for positive and red for negative associations.
        private static SKColor Shade(double value)
        {
            double v = double.IsNaN(value) ? 0 : Math.Clamp(value, -1, 1);
            var target = v >= 0 ? RealColor : new SKColor(0xD6, 0x27, 0x28);
            double t = Math.Abs(v);
            byte Mix(byte to) => (byte)Math.Round(255 + (to - 255) * t);
            return new SKColor(Mix(target.Red), Mix(target.Green), Mix(target.Blue));
        }
    }
}
