using System;
using System.Collections.Generic;
using Microsoft.ML.Gan.Networks.Tabular;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// One continuous column's encoding, in one of two forms. With a <see cref="QuantileMap"/> (normal scores, the
    /// default) the value's standard normal score z through the column's quantiles is stored as α = z / 4 with the one
    /// mode always set. Otherwise mode-specific normalisation (Xu et al. 2019): a value v is encoded as the one-hot
    /// of a mixture mode k and the offset α = (v − μ_k) / (4σ_k) in [-0.99, 0.99], so that a multimodal or spiky
    /// column becomes a choice plus a small, well-scaled scalar. A column with missing values gets a two-way
    /// indicator (present, missing); a constant column encodes to nothing but that indicator and decodes exactly.
    /// Layout per row: [α] [mode one-hot] [present, missing].
    /// </summary>
    internal sealed class ModeNormalizer
    {
        public const double OffsetClip = 0.99;

        /// <param name="column">The column's name, for messages.</param>
        /// <param name="modes">The mixture fitted to the column's present values.</param>
        /// <param name="min">Smallest present value seen; decoded values are clipped to [min, max].</param>
        /// <param name="max">Largest present value seen.</param>
        /// <param name="isInteger">Whether decoded values are rounded to whole numbers.</param>
        /// <param name="hasMissing">Whether the column had missing values (adds the present/missing indicator).</param>
        /// <param name="spikes">Per mode, the one exact value the mode stands for (a spike), or NaN; null for none.</param>
        /// <param name="quantiles">The column's quantile map when its values are encoded as normal scores (then the modes are the one standard normal); null for mode-specific normalisation.</param>
        public ModeNormalizer(string column, GaussianMixture1D modes, double min, double max, bool isInteger, bool hasMissing, double[]? spikes = null,
            QuantileMap? quantiles = null)
        {
            if (quantiles is not null && (modes.Count != 1 || modes.Means[0] != 0 || modes.StdDevs[0] != 1))
                throw new ArgumentException("Normal scores use the one standard normal mode.", nameof(modes));
            if (spikes is not null && spikes.Length != modes.Count)
                throw new ArgumentException($"{spikes.Length} spike values for {modes.Count} modes.", nameof(spikes));
            Spikes = spikes ?? Array.ConvertAll(new double[modes.Count], _ => double.NaN);
            Column = column;
            Modes = modes;
            Min = min;
            Max = max;
            IsInteger = isInteger;
            HasMissing = hasMissing;
            Quantiles = quantiles;
        }

        /// <summary>The quantile map when values are encoded as standard normal scores (α = score / 4), else null.</summary>
        public QuantileMap? Quantiles { get; }

        public string Column { get; }

        public GaussianMixture1D Modes { get; }

        public double Min { get; }

        public double Max { get; }

        public bool IsInteger { get; }

        public bool HasMissing { get; }

        public bool IsConstant => Min == Max;

        /// <summary>
        /// Per mode, the exact value it stands for when at least 99% of the training values it holds are that one
        /// value (a spike, such as capital-gain's 92% zeros), else NaN. A spike decodes to its value exactly, not to a
        /// narrow cloud around it that clamping and rounding would skew.
        /// </summary>
        public double[] Spikes { get; }

        /// <summary>Encoded values per row.</summary>
        public int Width => (IsConstant ? 0 : 1 + Modes.Count) + (HasMissing ? 2 : 0);

        /// <summary>Fits the modes on the column's present values.</summary>
        public static ModeNormalizer Fit(ContinuousColumnData column, int maxModes, Random rng, bool normalScores = false)
        {
            var present = new List<double>(column.Rows - column.MissingCount);
            foreach (double v in column.Values)
                if (!double.IsNaN(v)) present.Add(v);
            if (present.Count == 0)
                throw new ArgumentException($"Column '{column.Column.Name}' has only missing values; there is nothing to learn.", nameof(column));
            if (normalScores && !column.IsConstant)
                return new ModeNormalizer(column.Column.Name, StandardScores, column.Min, column.Max, column.IsInteger, column.HasMissing,
                    quantiles: QuantileMap.Fit(present));
            var modes = column.IsConstant
                ? new GaussianMixture1D(new[] { 1.0 }, new[] { column.Min }, new[] { 1.0 })
                : GaussianMixture1D.Fit(present.ToArray(), maxModes, rng);
            return new ModeNormalizer(column.Column.Name, modes, column.Min, column.Max, column.IsInteger, column.HasMissing,
                column.IsConstant ? null : FindSpikes(present, modes));
        }

        /// <summary>The one mode of normal scores: α = score / 4.</summary>
        internal static GaussianMixture1D StandardScores => new(new[] { 1.0 }, new[] { 0.0 }, new[] { 1.0 });

        private static double[] FindSpikes(List<double> present, GaussianMixture1D modes)
        {
            var counts = new Dictionary<double, int>[modes.Count];
            var totals = new int[modes.Count];
            for (int k = 0; k < modes.Count; k++)
                counts[k] = new Dictionary<double, int>();
            foreach (double v in present)
            {
                int k = modes.MostLikely(v);
                totals[k]++;
                counts[k][v] = counts[k].GetValueOrDefault(v) + 1;
            }
            var spikes = new double[modes.Count];
            for (int k = 0; k < modes.Count; k++)
            {
                spikes[k] = double.NaN;
                foreach (var (value, count) in counts[k])
                    if (totals[k] > 0 && count >= 0.99 * totals[k])
                        spikes[k] = value;
            }
            return spikes;
        }

        /// <summary>The spans of this column's encoding when it starts at <paramref name="offset"/> of a row.</summary>
        public IReadOnlyList<OutputSpan> Spans(int offset)
        {
            var spans = new List<OutputSpan>(3);
            if (!IsConstant)
            {
                spans.Add(new OutputSpan(offset, 1, SpanKind.Tanh));
                spans.Add(new OutputSpan(offset + 1, Modes.Count, SpanKind.Softmax));
                offset += 1 + Modes.Count;
            }
            if (HasMissing)
                spans.Add(new OutputSpan(offset, 2, SpanKind.Softmax));
            return spans;
        }

        /// <summary>
        /// Writes each value's encoding into row r of a row-major buffer at <c>r * stride + offset</c> (the buffer's
        /// other slots are left alone). The mode is drawn from the posterior, as in CTGAN, so that values between
        /// two modes are not all pinned to one; a missing value gets α = 0 and a mode drawn by the mixture weights.
        /// </summary>
        public void Encode(ReadOnlySpan<double> values, Span<float> destination, int stride, int offset, Random rng)
        {
            int k = Modes.Count;
            for (int r = 0; r < values.Length; r++)
            {
                var row = destination.Slice(r * stride + offset, Width);
                row.Clear();
                double v = values[r];
                bool missing = double.IsNaN(v);
                if (!IsConstant)
                {
                    int mode = missing ? DrawByWeight(rng) : Quantiles is not null ? 0 : Modes.Sample(v, rng);
                    double alpha = missing ? 0
                        : Quantiles is { } q ? q.ToNormal(v, rng) / 4
                        : (v - Modes.Means[mode]) / (4 * Modes.StdDevs[mode]);
                    row[0] = (float)Math.Clamp(alpha, -OffsetClip, OffsetClip);
                    row[1 + mode] = 1;
                }
                if (HasMissing)
                    row[Width - 2 + (missing ? 1 : 0)] = 1;
            }
        }

        /// <summary>
        /// Reads rows back: the mode is the largest entry of the mode span (one-hot or logits alike), the value
        /// μ_k + 4σ_k·α, clamped to the training range and rounded for integer columns; NaN where the missing
        /// indicator wins.
        /// </summary>
        public void Decode(ReadOnlySpan<float> source, int stride, int offset, Span<double> values)
        {
            for (int r = 0; r < values.Length; r++)
            {
                var row = source.Slice(r * stride + offset, Width);
                if (HasMissing && row[Width - 1] > row[Width - 2])
                {
                    values[r] = double.NaN;
                    continue;
                }
                if (IsConstant)
                {
                    values[r] = Min;
                    continue;
                }
                int mode = ArgMax(row.Slice(1, Modes.Count));
                double alpha = Math.Clamp(row[0], -1f, 1f);
                double v = Quantiles is { } q ? Math.Clamp(q.FromNormal(4 * alpha), Min, Max)
                    : double.IsNaN(Spikes[mode])
                    ? Math.Clamp(Modes.Means[mode] + 4 * Modes.StdDevs[mode] * alpha, Min, Max)
                    : Spikes[mode];
                values[r] = IsInteger ? Math.Round(v) : v;
            }
        }

        private int DrawByWeight(Random rng)
        {
            double u = rng.NextDouble();
            for (int k = 0; k < Modes.Count - 1; k++)
            {
                u -= Modes.Weights[k];
                if (u < 0)
                    return k;
            }
            return Modes.Count - 1;
        }

        internal static int ArgMax(ReadOnlySpan<float> values)
        {
            int best = 0;
            for (int i = 1; i < values.Length; i++)
                if (values[i] > values[best]) best = i;
            return best;
        }
    }
}
