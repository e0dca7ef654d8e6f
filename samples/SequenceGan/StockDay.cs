using Microsoft.ML.Data;

namespace SequenceGan
{
    /// <summary>One trading day of stocks.csv: prices as Single, the volume (tens of millions of shares) as Double.</summary>
    public sealed class StockDay
    {
        [LoadColumn(0)] public float Open;
        [LoadColumn(1)] public float High;
        [LoadColumn(2)] public float Low;
        [LoadColumn(3)] public float Close;
        [LoadColumn(4)] public float Adj_Close;
        [LoadColumn(5)] public double Volume;

        /// <summary>The feature columns, in the file's order.</summary>
        public static readonly string[] Columns = { nameof(Open), nameof(High), nameof(Low), nameof(Close), nameof(Adj_Close), nameof(Volume) };
    }
}
