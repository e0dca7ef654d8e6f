namespace Microsoft.ML.Gan.Reporting
{
    /// <summary>An opaque colour.</summary>
    internal readonly record struct Rgb(byte R, byte G, byte B)
    {
        public static readonly Rgb White = new(255, 255, 255);
    }
}
