using System;
using System.Collections.Generic;
using Microsoft.ML.Data;

namespace GaussianMixture
{
    /// <summary>A scatter plot of 2-D point sets drawn into a pixel buffer and written as PNG through ML.NET's MLImage.</summary>
    internal static class ScatterPng
    {
        public static void Write(string path, int size, double extent, IEnumerable<(float[][] Points, (byte R, byte G, byte B) Colour)> layers)
        {
            var pixels = new byte[size * size * 4];
            Array.Fill(pixels, (byte)255);
            DrawAxes(pixels, size);
            foreach (var (points, colour) in layers)
            {
                foreach (var p in points)
                {
                    int x = (int)Math.Round((p[0] + extent) / (2 * extent) * (size - 1));
                    int y = (int)Math.Round((extent - p[1]) / (2 * extent) * (size - 1));
                    for (int dy = -1; dy <= 1; dy++)
                        for (int dx = -1; dx <= 1; dx++)
                            Put(pixels, size, x + dx, y + dy, colour);
                }
            }
            using var image = MLImage.CreateFromPixels(size, size, MLPixelFormat.Bgra32, pixels);
            image.Save(path);
        }

        private static void DrawAxes(byte[] pixels, int size)
        {
            for (int i = 0; i < size; i++)
            {
                Put(pixels, size, i, size / 2, (220, 220, 220));
                Put(pixels, size, size / 2, i, (220, 220, 220));
            }
        }

        private static void Put(byte[] pixels, int size, int x, int y, (byte R, byte G, byte B) c)
        {
            if (x < 0 || y < 0 || x >= size || y >= size)
                return;
            int i = (y * size + x) * 4;
            pixels[i] = c.B;
            pixels[i + 1] = c.G;
            pixels[i + 2] = c.R;
            pixels[i + 3] = 255;
        }
    }
}
