namespace Microsoft.ML.Gan.Data
{
    /// <summary>Channels, height and width of images stored planar (channel by channel), as ExtractPixels writes them.</summary>
    internal readonly record struct ImageShape(int Channels, int Height, int Width)
    {
        public int Size => Channels * Height * Width;

        public override string ToString() => $"{Channels}x{Height}x{Width}";
    }
}
