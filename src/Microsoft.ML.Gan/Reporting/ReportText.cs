using SkiaSharp;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>Text for the SkiaSharp reports: DejaVu Sans where installed, Skia's default face otherwise.</summary>
    internal static class ReportText
    {
        public static SKTypeface Typeface() =>
            SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;

        public static SKPaint Paint(SKTypeface typeface, float size, SKColor color) =>
            new() { Typeface = typeface, TextSize = size, Color = color, IsAntialias = true };

        /// <summary>The text cut to <paramref name="length"/> characters with an ellipsis.</summary>
        public static string Shorten(string text, int length) =>
            text.Length <= length ? text : text[..(length - 1)] + "…";
    }
}
