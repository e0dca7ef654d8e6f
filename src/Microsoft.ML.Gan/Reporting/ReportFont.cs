using System;
using SkiaSharp;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>
    /// The typeface every report writes text in. The native SkiaSharp build ImageAnalytics brings
    /// (NativeAssets.Linux.NoDependencies) has no fontconfig: it scans /usr/share/fonts itself, and its default
    /// typeface is whichever family it found first (DejaVu Math on Debian). So a plain sans family is asked for by
    /// name, then any typeface that has Latin letters. With no font installed at all the reports are still drawn,
    /// without text (docs/ARCHITECTURE.md, fact 12).
    /// </summary>
    internal static class ReportFont
    {
        private static readonly string[] Families =
            { "DejaVu Sans", "Liberation Sans", "Noto Sans", "FreeSans", "Arial", "Helvetica" };

        private static readonly Lazy<SKTypeface> Chosen = new(Choose);

        public static SKTypeface Typeface => Chosen.Value;

        /// <summary>An anti-aliased text paint of <paramref name="size"/> pixels; the caller disposes it.</summary>
        public static SKPaint Paint(float size, SKColor colour) =>
            new() { Typeface = Typeface, TextSize = size, Color = colour, IsAntialias = true, SubpixelText = true };

        /// <summary>The text cut to <paramref name="length"/> characters with an ellipsis.</summary>
        public static string Shorten(string text, int length) =>
            text.Length <= length ? text : text[..(length - 1)] + "…";

        private static SKTypeface Choose()
        {
            foreach (string family in Families)
            {
                var typeface = SKTypeface.FromFamilyName(family);
                if (typeface is not null && typeface.FamilyName == family && HasLatin(typeface))
                    return typeface;
                typeface?.Dispose();
            }
            return SKFontManager.Default.MatchCharacter('A') is { } any && HasLatin(any) ? any : SKTypeface.Default;
        }

        private static bool HasLatin(SKTypeface typeface) => typeface.GlyphCount > 0 && typeface.ContainsGlyphs("AaZz09");
    }
}
