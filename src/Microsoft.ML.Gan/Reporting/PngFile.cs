using System;
using System.IO;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>Writes a canvas as PNG through ML.NET's <see cref="MLImage"/>, atomically.</summary>
    internal static class PngFile
    {
        /// <summary>
        /// Encodes to a temporary file next to <paramref name="path"/> and moves it over the target, so the
        /// target is either the old file or the complete new one, never a half-written PNG.
        /// </summary>
        public static void Write(Canvas canvas, string path)
        {
            string full = Path.GetFullPath(path);
            string? directory = Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory))
                Directory.CreateDirectory(directory);
            // MLImage picks the encoder from the extension, so the temporary name ends in .png.
            string temp = full + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp.png";
            try
            {
                using (var image = MLImage.CreateFromPixels(canvas.Width, canvas.Height, MLPixelFormat.Bgra32, canvas.Pixels))
                    image.Save(temp);
                File.Move(temp, full, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                    File.Delete(temp);
            }
        }
    }
}
