using System;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// Sequence training data after encoding: every series' steps one after another (each step's block,
    /// <see cref="BlockCoding.Width"/> values, row-major), every series' attributes, and the samples cut from them:
    /// windows of <see cref="SequenceEncoding.Length"/> steps at stride 1 within each series (the literature's protocol),
    /// or each whole series, padded. A sample is held as its first step and length, never copied until a minibatch.
    /// </summary>
    internal sealed class SequenceData
    {
        public SequenceData(SequenceEncoding encoding, float[] steps, float[] attributes, int[] seriesLengths)
        {
            Encoding = encoding;
            Steps = steps;
            Attributes = attributes;
            SeriesLengths = seriesLengths;
            int length = encoding.Length;
            long samples = 0;
            foreach (int n in seriesLengths)
                samples += encoding.VariableLength ? 1 : n - length + 1;
            SampleStarts = new int[checked((int)samples)];
            SampleSeries = new int[SampleStarts.Length];
            int row = 0, w = 0;
            for (int s = 0; s < seriesLengths.Length; s++)
            {
                int n = seriesLengths[s];
                for (int start = 0; encoding.VariableLength ? start == 0 : start + length <= n; start++)
                {
                    SampleSeries[w] = s;
                    SampleStarts[w++] = row + start;
                }
                row += n;
            }
        }

        public SequenceEncoding Encoding { get; }

        /// <summary>Every step's encoded block, series after series.</summary>
        public float[] Steps { get; }

        /// <summary>Every series' encoded attributes (unweighted).</summary>
        public float[] Attributes { get; }

        /// <summary>Steps of each series, in the order the series first appear.</summary>
        public int[] SeriesLengths { get; }

        /// <summary>The step each sample starts at.</summary>
        public int[] SampleStarts { get; }

        /// <summary>The series each sample comes from.</summary>
        public int[] SampleSeries { get; }

        /// <summary>Rows (samples) to learn.</summary>
        public int Count => SampleStarts.Length;

        /// <summary>Writes sample <paramref name="sample"/> as a row (<see cref="SequenceEncoding.RowWidth"/> values) into <paramref name="row"/>.</summary>
        public void Row(int sample, Span<float> row)
        {
            var e = Encoding;
            int width = e.Steps.Width, a = e.Attributes.Width;
            int series = SampleSeries[sample];
            int steps = e.VariableLength ? SeriesLengths[series] : e.Length;
            row.Clear();
            float weight = e.AttributeWeight;
            for (int i = 0; i < a; i++)
                row[i] = Attributes[series * a + i] * weight;
            var source = Steps.AsSpan(SampleStarts[sample] * width, steps * width);
            for (int t = 0; t < steps; t++)
            {
                source.Slice(t * width, width).CopyTo(row.Slice(a + t * e.StepWidth, width));
                if (e.VariableLength)
                    row[a + t * e.StepWidth + width] = 1f;
            }
        }

        /// <summary>Every sample's steps, one after another (count × length × step width, no attributes): what the sequence scores compare.</summary>
        public float[] AllWindows()
        {
            var e = Encoding;
            int size = e.Length * e.StepWidth, a = e.Attributes.Width;
            var all = new float[checked(Count * size)];
            var row = new float[e.RowWidth];
            for (int w = 0; w < Count; w++)
            {
                Row(w, row);
                row.AsSpan(a, size).CopyTo(all.AsSpan(w * size, size));
            }
            return all;
        }
    }
}
