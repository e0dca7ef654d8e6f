using System;
using System.IO;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// The literature's scaling of sequence data (TimeGAN and the papers after it): each feature column min-max scaled to
    /// [0, 1] over the whole data, (x − min) / (max − min); a constant column scales to 0 and comes back as its
    /// constant. Generated windows are scaled values (the generator ends in a sigmoid) mapped back in double precision.
    /// </summary>
    internal sealed class MinMaxScaling
    {
        public MinMaxScaling(double[] min, double[] range)
        {
            if (min.Length != range.Length)
                throw new ArgumentException($"{min.Length} minima for {range.Length} ranges.");
            Min = min;
            Range = range;
        }

        /// <summary>Each feature's smallest value.</summary>
        public double[] Min { get; }

        /// <summary>Each feature's largest minus smallest value; 0 for a constant feature.</summary>
        public double[] Range { get; }

        public int Features => Min.Length;

        /// <summary>Fits the scaling on <paramref name="rows"/> row-major rows of <paramref name="features"/> values.</summary>
        public static MinMaxScaling Fit(double[] rows, int features)
        {
            var min = new double[features];
            var max = new double[features];
            Array.Fill(min, double.PositiveInfinity);
            Array.Fill(max, double.NegativeInfinity);
            for (int i = 0; i < rows.Length; i++)
            {
                int f = i % features;
                min[f] = Math.Min(min[f], rows[i]);
                max[f] = Math.Max(max[f], rows[i]);
            }
            var range = new double[features];
            for (int f = 0; f < features; f++)
                range[f] = max[f] - min[f];
            return new MinMaxScaling(min, range);
        }

        /// <summary>Feature <paramref name="feature"/>'s value scaled to [0, 1].</summary>
        public float Scale(double value, int feature) => Range[feature] > 0 ? (float)((value - Min[feature]) / Range[feature]) : 0f;

        /// <summary>A scaled value back in feature <paramref name="feature"/>'s units.</summary>
        public double Unscale(float scaled, int feature) => Min[feature] + scaled * Range[feature];

        /// <summary>
        /// Values scaled by this scaling (row-major, feature i mod <see cref="Features"/>) in <paramref name="target"/>'s
        /// scaling instead, through the data's units in double precision: a model's generated windows in the real data's scaling.
        /// </summary>
        public float[] Rescale(float[] values, MinMaxScaling target)
        {
            if (target.Features != Features)
                throw new ArgumentException($"The target scaling has {target.Features} features, this one {Features}.", nameof(target));
            var result = new float[values.Length];
            for (int i = 0; i < values.Length; i++)
                result[i] = target.Scale(Unscale(values[i], i % Features), i % Features);
            return result;
        }

        public void Write(PayloadWriter w)
        {
            w.Write(Features);
            for (int f = 0; f < Features; f++)
            {
                w.Write(Min[f]);
                w.Write(Range[f]);
            }
        }

        /// <summary>Reads what <see cref="Write"/> wrote for <paramref name="features"/> features: the stored count must be that.</summary>
        public static MinMaxScaling Read(PayloadReader r, int features)
        {
            int count = r.ReadCount("scaled features", 16, features);
            if (count != features)
                throw r.Damaged($"the scaling has {count} features for {features} values per step");
            var min = new double[count];
            var range = new double[count];
            for (int f = 0; f < count; f++)
            {
                min[f] = r.ReadFinite("a feature's minimum");
                range[f] = r.ReadFinite("a feature's range");
                if (range[f] < 0)
                    throw r.Damaged($"feature {f} has a negative range, {range[f]}");
            }
            return new MinMaxScaling(min, range);
        }
    }
}
