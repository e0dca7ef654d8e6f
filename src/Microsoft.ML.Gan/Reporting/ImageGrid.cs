using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Networks;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>
    /// Draws planar images (ExtractPixels' layout: channel by channel) in rows, optionally with a caption left
    /// of each row. One channel is grey, three are red, green, blue; values map linearly from [min, max] to 0..255.
    /// </summary>
    internal static class ImageGrid
    {
        private const int Gap = 2;

        public static Canvas Render(IReadOnlyList<(string? Caption, IReadOnlyList<float[]> Images)> rows, ImageShape shape,
            float min, float max, int zoom)
        {
            int columns = Math.Max(1, rows.Max(r => r.Images.Count));
            int fontScale = Math.Max(1, zoom);
            int captionWidth = rows.Any(r => r.Caption is not null)
                ? rows.Max(r => BitmapFont.Measure(r.Caption ?? "", fontScale)) + 2 * Gap * fontScale
                : 0;
            int cellW = shape.Width * zoom, cellH = shape.Height * zoom;
            var canvas = new Canvas(
                captionWidth + columns * (cellW + Gap) + Gap,
                rows.Count * (cellH + Gap) + Gap,
                new Rgb(48, 48, 48));
            float range = max > min ? max - min : 1f;
            for (int r = 0; r < rows.Count; r++)
            {
                int top = Gap + r * (cellH + Gap);
                if (rows[r].Caption is { } caption)
                    canvas.Text(Gap * fontScale, top + (cellH - BitmapFont.LineHeight(fontScale)) / 2, caption, Rgb.White, fontScale);
                for (int c = 0; c < rows[r].Images.Count; c++)
                    Draw(canvas, rows[r].Images[c], shape, captionWidth + Gap + c * (cellW + Gap), top, min, range, zoom);
            }
            return canvas;
        }

        private static void Draw(Canvas canvas, float[] image, ImageShape shape, int left, int top, float min, float range, int zoom)
        {
            int plane = shape.Height * shape.Width;
            bool colour = shape.Channels == 3;
            for (int y = 0; y < shape.Height; y++)
            {
                for (int x = 0; x < shape.Width; x++)
                {
                    int i = y * shape.Width + x;
                    byte red = ToByte(image[i], min, range);
                    var pixel = colour
                        ? new Rgb(red, ToByte(image[plane + i], min, range), ToByte(image[2 * plane + i], min, range))
                        : new Rgb(red, red, red);
                    canvas.FillRect(left + x * zoom, top + y * zoom, zoom, zoom, pixel);
                }
            }
        }

        private static byte ToByte(float v, float min, float range) =>
            float.IsFinite(v) ? (byte)Math.Clamp(MathF.Round((v - min) / range * 255f), 0f, 255f) : (byte)0;
    }
}
