using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Data;
using SkiaSharp;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>
    /// Draws planar images (ExtractPixels' layout: channel by channel) in rows, optionally with a caption left
    /// of each row. One channel is grey, three are red, green, blue; values map linearly from [min, max] to 0..255.
    /// Each image pixel becomes a <c>zoom</c> by <c>zoom</c> square, without smoothing.
    /// </summary>
    internal static class ImageGrid
    {
        private const int Gap = 2;

        public static SKBitmap Render(IReadOnlyList<(string? Caption, IReadOnlyList<float[]> Images)> rows, ImageShape shape,
            float min, float max, int zoom)
        {
            int columns = Math.Max(1, rows.Max(r => r.Images.Count));
            int cellW = shape.Width * zoom, cellH = shape.Height * zoom;
            using var text = ReportFont.Paint(Math.Clamp(cellH * 0.6f, 10f, 20f), ReportPalette.Caption);
            float textPad = text.TextSize / 2;
            int captionWidth = rows.Any(r => r.Caption is not null)
                ? (int)MathF.Ceiling(rows.Max(r => text.MeasureText(r.Caption ?? "")) + 2 * textPad)
                : 0;
            int width = captionWidth + columns * (cellW + Gap) + Gap, height = rows.Count * (cellH + Gap) + Gap;
            float range = max > min ? max - min : 1f;
            return PngFile.Draw(width, height, ReportPalette.GridBackground, canvas =>
            {
                using var image = new SKBitmap(shape.Width, shape.Height, SKColorType.Bgra8888, SKAlphaType.Opaque);
                using var nearest = new SKPaint { FilterQuality = SKFilterQuality.None, IsAntialias = false };
                for (int r = 0; r < rows.Count; r++)
                {
                    int top = Gap + r * (cellH + Gap);
                    if (rows[r].Caption is { } caption)
                        canvas.DrawText(caption, textPad, top + (cellH + text.FontMetrics.CapHeight) / 2, text);
                    for (int c = 0; c < rows[r].Images.Count; c++)
                    {
                        image.Pixels = Colours(rows[r].Images[c], shape, min, range);
                        int left = captionWidth + Gap + c * (cellW + Gap);
                        canvas.DrawBitmap(image, SKRect.Create(left, top, cellW, cellH), nearest);
                    }
                }
            });
        }

        private static SKColor[] Colours(float[] image, ImageShape shape, float min, float range)
        {
            int plane = shape.Height * shape.Width;
            var colours = new SKColor[plane];
            bool colour = shape.Channels == 3;
            for (int i = 0; i < plane; i++)
            {
                byte red = ToByte(image[i], min, range);
                colours[i] = colour
                    ? new SKColor(red, ToByte(image[plane + i], min, range), ToByte(image[2 * plane + i], min, range))
                    : new SKColor(red, red, red);
            }
            return colours;
        }

        private static byte ToByte(float v, float min, float range) =>
            float.IsFinite(v) ? (byte)Math.Clamp(MathF.Round((v - min) / range * 255f), 0f, 255f) : (byte)0;
    }
}
