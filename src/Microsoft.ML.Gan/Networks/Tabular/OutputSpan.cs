namespace Microsoft.ML.Gan.Networks.Tabular
{
    /// <summary>How the generator's raw outputs for a span become values.</summary>
    internal enum SpanKind
    {
        /// <summary>One scalar in (-1, 1): the scaled offset of a continuous value from its mode.</summary>
        Tanh,

        /// <summary>A one-hot group: a category, a mode indicator or a missing-value indicator.</summary>
        Softmax,
    }

    /// <summary>A run of <see cref="Length"/> encoded values starting at <see cref="Start"/> of each row.</summary>
    internal readonly record struct OutputSpan(int Start, int Length, SpanKind Kind)
    {
        public int End => Start + Length;
    }
}
