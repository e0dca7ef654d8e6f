using System.Collections.Generic;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>
    /// A 5x7 pixel font for axis labels and legends: digits, lower-case letters, a few capitals and
    /// punctuation, with two rows below the baseline for descenders (g, j, p, q, y, comma). Each glyph is
    /// 9 rows of 5 bits packed into one number, top row in the high bits. Characters without a glyph are
    /// drawn as an empty box so that a missing one is visible.
    /// </summary>
    internal static class BitmapFont
    {
        public const int GlyphWidth = 5;

        /// <summary>Rows above the baseline: the height layout aligns to. Descenders hang below it.</summary>
        public const int GlyphHeight = 7;

        private const int Rows = GlyphHeight + 2;

        /// <summary>Horizontal distance from one character to the next, in font pixels.</summary>
        public const int Advance = GlyphWidth + 1;

        private const long MissingGlyph = 0x1F8C6318FC00; // a box

        private static readonly Dictionary<char, long> Glyphs = new()
        {
            [' '] = 0,
            ['0'] = 0x0E8CEB98B800, ['1'] = 0x046108423800, ['2'] = 0x0E8844447C00, ['3'] = 0x1F110418B800, ['4'] = 0x0232A5F10800,
            ['5'] = 0x1F878218B800, ['6'] = 0x06443D18B800, ['7'] = 0x1F0888842000, ['8'] = 0x0E8C5D18B800, ['9'] = 0x0E8C5E113000,
            ['a'] = 0x000382F8BC00, ['b'] = 0x1085B318F800, ['c'] = 0x0003A108B800, ['d'] = 0x010B6718BC00, ['e'] = 0x0003A3F83800,
            ['f'] = 0x064A38842000, ['g'] = 0x0003E318BC2E, ['h'] = 0x1085B318C400, ['i'] = 0x040308423800, ['j'] = 0x020184210A4C,
            ['k'] = 0x1084A98A4800, ['l'] = 0x0C2108423800, ['m'] = 0x0006AB58C400, ['n'] = 0x0005B318C400, ['o'] = 0x0003A318B800,
            ['p'] = 0x0007A318FA10, ['q'] = 0x0003E318BC21, ['r'] = 0x0005B3084000, ['s'] = 0x0003A0E0F800, ['t'] = 0x084710849800,
            ['u'] = 0x00046319B400, ['v'] = 0x000463151000, ['w'] = 0x0004635AA800, ['x'] = 0x000454454400, ['y'] = 0x00046318BC2E,
            ['z'] = 0x0007C4447C00,
            ['D'] = 0x1C9463197000, ['G'] = 0x0E8C2F18BC00, ['N'] = 0x11CD6718C400,
            ['('] = 0x022210820800, [')'] = 0x082084222000, ['.'] = 0x000000063000, [','] = 0x000000063088, ['-'] = 0x00003E000000,
            ['+'] = 0x00213E420000, [':'] = 0x006300C60000, ['/'] = 0x000888880000, ['='] = 0x0007C1F00000, ['%'] = 0x18C888898C00,
        };

        /// <summary>Whether <paramref name="c"/> has a glyph (others are drawn as a box).</summary>
        public static bool HasGlyph(char c) => Glyphs.ContainsKey(c);

        /// <summary>Width in canvas pixels of <paramref name="text"/> drawn at <paramref name="scale"/>.</summary>
        public static int Measure(string text, int scale) =>
            text.Length == 0 ? 0 : (text.Length * Advance - 1) * scale;

        /// <summary>Height in canvas pixels of a line of text at <paramref name="scale"/>, without descenders.</summary>
        public static int LineHeight(int scale) => GlyphHeight * scale;

        /// <summary>Draws <paramref name="text"/> with its top-left corner (top of the capitals) at (<paramref name="x"/>, <paramref name="y"/>).</summary>
        public static void Draw(Canvas canvas, int x, int y, string text, Rgb colour, int scale)
        {
            foreach (char ch in text)
            {
                long glyph = Glyphs.TryGetValue(ch, out long g) ? g : MissingGlyph;
                for (int row = 0; row < Rows; row++)
                {
                    int bits = (int)(glyph >> (GlyphWidth * (Rows - 1 - row))) & 0x1F;
                    for (int col = 0; col < GlyphWidth; col++)
                    {
                        if ((bits & (1 << (GlyphWidth - 1 - col))) != 0)
                            canvas.FillRect(x + col * scale, y + row * scale, scale, scale, colour);
                    }
                }
                x += Advance * scale;
            }
        }
    }
}
