using SkiaSharp;

namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>The colours the reports draw with (tests look for them in the written PNGs).</summary>
    internal static class ReportPalette
    {
        public static readonly SKColor Background = SKColors.White;
        public static readonly SKColor Text = new(40, 40, 40);
        public static readonly SKColor Frame = new(90, 90, 90);
        public static readonly SKColor Grid = new(232, 232, 232);
        public static readonly SKColor ZeroAxis = new(200, 200, 200);
        public static readonly SKColor Reference = new(120, 120, 120);

        public static readonly SKColor DiscriminatorLoss = new(31, 119, 180);
        public static readonly SKColor GeneratorLoss = new(255, 127, 14);
        public static readonly SKColor RealScore = new(44, 160, 44);
        public static readonly SKColor FakeScore = new(214, 39, 40);

        public static readonly SKColor RealPoint = new(150, 150, 150);
        public static readonly SKColor GeneratedPoint = new(220, 40, 40);

        public static readonly SKColor GridBackground = new(48, 48, 48);
        public static readonly SKColor Caption = SKColors.White;
    }
}
