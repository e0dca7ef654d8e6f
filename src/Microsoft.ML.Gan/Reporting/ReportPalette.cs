namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>The colours the reports draw with (tests look for them in the written PNGs).</summary>
    internal static class ReportPalette
    {
        public static readonly Rgb Text = new(40, 40, 40);
        public static readonly Rgb Frame = new(90, 90, 90);
        public static readonly Rgb Grid = new(232, 232, 232);
        public static readonly Rgb ZeroAxis = new(200, 200, 200);
        public static readonly Rgb Reference = new(120, 120, 120);

        public static readonly Rgb DiscriminatorLoss = new(31, 119, 180);
        public static readonly Rgb GeneratorLoss = new(255, 127, 14);
        public static readonly Rgb RealScore = new(44, 160, 44);
        public static readonly Rgb FakeScore = new(214, 39, 40);

        public static readonly Rgb RealPoint = new(150, 150, 150);
        public static readonly Rgb GeneratedPoint = new(220, 40, 40);
    }
}
