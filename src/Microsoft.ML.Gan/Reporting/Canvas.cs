using System;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>
    /// A BGRA32 pixel buffer (the layout <c>MLImage.CreateFromPixels</c> takes) with the few drawing
    /// primitives the reports need. Drawing is clipped to the canvas and to an optional clip rectangle.
    /// </summary>
    internal sealed class Canvas
    {
        private int _clipLeft, _clipTop, _clipRight, _clipBottom; // right/bottom exclusive

        public Canvas(int width, int height, Rgb background)
        {
            Width = width;
            Height = height;
            Pixels = new byte[checked(width * height * 4)];
            for (int i = 0; i < Pixels.Length; i += 4)
            {
                Pixels[i] = background.B;
                Pixels[i + 1] = background.G;
                Pixels[i + 2] = background.R;
                Pixels[i + 3] = 255;
            }
            ResetClip();
        }

        public int Width { get; }

        public int Height { get; }

        /// <summary>Row-major BGRA32 pixels, top row first.</summary>
        public byte[] Pixels { get; }

        /// <summary>Limits drawing to the rectangle (intersected with the canvas) until <see cref="ResetClip"/>.</summary>
        public void SetClip(int x, int y, int width, int height)
        {
            _clipLeft = Math.Max(0, x);
            _clipTop = Math.Max(0, y);
            _clipRight = Math.Min(Width, x + width);
            _clipBottom = Math.Min(Height, y + height);
        }

        public void ResetClip() => SetClip(0, 0, Width, Height);

        public void Set(int x, int y, Rgb c)
        {
            if (x < _clipLeft || y < _clipTop || x >= _clipRight || y >= _clipBottom)
                return;
            int i = (y * Width + x) * 4;
            Pixels[i] = c.B;
            Pixels[i + 1] = c.G;
            Pixels[i + 2] = c.R;
        }

        public void FillRect(int x, int y, int width, int height, Rgb c)
        {
            int x0 = Math.Max(x, _clipLeft), x1 = Math.Min(x + width, _clipRight);
            int y0 = Math.Max(y, _clipTop), y1 = Math.Min(y + height, _clipBottom);
            for (int yy = y0; yy < y1; yy++)
                for (int xx = x0; xx < x1; xx++)
                    Set(xx, yy, c);
        }

        /// <summary>The outline of a rectangle, one pixel wide, inside its bounds.</summary>
        public void StrokeRect(int x, int y, int width, int height, Rgb c)
        {
            FillRect(x, y, width, 1, c);
            FillRect(x, y + height - 1, width, 1, c);
            FillRect(x, y, 1, height, c);
            FillRect(x + width - 1, y, 1, height, c);
        }

        /// <summary>
        /// A Bresenham line, <paramref name="thickness"/> pixels wide (a square brush). With
        /// <paramref name="dash"/> above zero the line alternates <paramref name="dash"/> drawn and skipped steps.
        /// </summary>
        public void Line(int x0, int y0, int x1, int y1, Rgb c, int thickness = 1, int dash = 0)
        {
            int dx = Math.Abs(x1 - x0), dy = -Math.Abs(y1 - y0);
            int sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
            int err = dx + dy, offset = (thickness - 1) / 2;
            for (int step = 0; ; step++)
            {
                if (dash <= 0 || (step / dash) % 2 == 0)
                {
                    if (thickness == 1)
                        Set(x0, y0, c);
                    else
                        FillRect(x0 - offset, y0 - offset, thickness, thickness, c);
                }
                if (x0 == x1 && y0 == y1)
                    break;
                int e2 = 2 * err;
                if (e2 >= dy) { err += dy; x0 += sx; }
                if (e2 <= dx) { err += dx; y0 += sy; }
            }
        }

        /// <summary>Text with its top-left corner at (<paramref name="x"/>, <paramref name="y"/>).</summary>
        public void Text(int x, int y, string text, Rgb c, int scale) => BitmapFont.Draw(this, x, y, text, c, scale);
    }
}
