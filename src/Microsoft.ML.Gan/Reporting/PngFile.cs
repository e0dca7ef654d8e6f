using System;
using System.IO;
using SkiaSharp;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>The bitmaps the reports draw on, and their PNG files.</summary>
    internal static class PngFile
    {
        /// <summary>
        /// Encodes <paramref name="bitmap"/> to a temporary file next to <paramref name="path"/> and moves that over
        /// the target: the target is the old file or the complete new one, never half a PNG.
        /// </summary>
        public static void Write(SKBitmap bitmap, string path)
        {
            string full = Path.GetFullPath(path);
            string? directory = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            string temp = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp";
            try
            {
                using (var data = bitmap.Encode(SKEncodedImageFormat.Png, 100))
                using (var file = File.Create(temp))
                    data.SaveTo(file);
                File.Move(temp, full, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                    File.Delete(temp);
            }
        }

        /// <summary>A <paramref name="width"/> by <paramref name="height"/> bitmap filled with <paramref name="background"/>, then drawn on by <paramref name="draw"/>.</summary>
        public static SKBitmap Draw(int width, int height, SKColor background, Action<SKCanvas> draw)
        {
            var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(background);
                draw(canvas);
            }
            return bitmap;
        }
    }
}
