using System;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// Sequence training data after reading: every series' steps, min-max scaled, one after another (row-major, step by
    /// step), and the windows cut from them: windows of <see cref="Length"/> steps at stride 1 within each series, the
    /// literature's protocol, each one sample (held as its first step's row, never copied until a minibatch).
    /// </summary>
    internal sealed class SequenceData
    {
        public SequenceData(float[] values, int features, int length, int[] seriesLengths, MinMaxScaling scaling)
        {
            Values = values;
            Features = features;
            Length = length;
            SeriesLengths = seriesLengths;
            Scaling = scaling;
            long windows = 0;
            foreach (int n in seriesLengths)
                windows += n - length + 1;
            WindowStarts = new int[checked((int)windows)];
            int row = 0, w = 0;
            foreach (int n in seriesLengths)
            {
                for (int s = 0; s + length <= n; s++)
                    WindowStarts[w++] = row + s;
                row += n;
            }
        }

        /// <summary>Scaled values of every step of every series, row-major.</summary>
        public float[] Values { get; }

        /// <summary>Values per step.</summary>
        public int Features { get; }

        /// <summary>Steps per window.</summary>
        public int Length { get; }

        /// <summary>Steps of each series, in the order the series first appear.</summary>
        public int[] SeriesLengths { get; }

        public MinMaxScaling Scaling { get; }

        /// <summary>The row (step of the concatenated series) each window starts at.</summary>
        public int[] WindowStarts { get; }

        /// <summary>Window <paramref name="window"/>'s values, length × features, step by step.</summary>
        public ReadOnlySpan<float> Window(int window) => Values.AsSpan(WindowStarts[window] * Features, Length * Features);

        /// <summary>Every window, one after another (count × length × features): what evaluation compares generated windows with.</summary>
        public float[] AllWindows()
        {
            int size = Length * Features;
            var all = new float[checked(WindowStarts.Length * size)];
            for (int w = 0; w < WindowStarts.Length; w++)
                Window(w).CopyTo(all.AsSpan(w * size, size));
            return all;
        }
    }
}
