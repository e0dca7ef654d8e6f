using System;
using Microsoft.ML.Runtime;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// Windows of a time series as the sequence metrics take them: one flat array of count × length × features
    /// values, row-major (window, step, feature), each feature already scaled to [0, 1].
    /// </summary>
    internal static class SequenceWindows
    {
        /// <summary>
        /// The number of windows in <paramref name="windows"/>, after checking that it is a whole, non-zero number of
        /// windows of <paramref name="length"/> steps of <paramref name="features"/> values, all finite.
        /// </summary>
        public static int Count(float[] windows, string paramName, int length, int features)
        {
            Contracts.CheckValue(windows, paramName);
            Contracts.CheckParam(length >= 1, nameof(length), "must be at least 1.");
            Contracts.CheckParam(features >= 1, nameof(features), "must be at least 1.");
            long size = (long)length * features;
            if (windows.Length == 0 || windows.Length % size != 0)
                throw Contracts.ExceptParam(paramName,
                    $"holds {windows.Length} values, not a whole, non-zero number of windows of {length} steps × {features} features ({size} values each).");
            int bad = Array.FindIndex(windows, v => !float.IsFinite(v));
            if (bad >= 0)
                throw Contracts.ExceptParam(paramName,
                    $"holds a non-finite value ({windows[bad]}) at window {bad / size}, step {bad % size / features}, feature {bad % features}.");
            return checked((int)(windows.Length / size));
        }

        /// <summary>The windows as a [count, length, features] float tensor on the CPU (a copy).</summary>
        public static Tensor ToTensor(float[] windows, int length, int features) =>
            tensor(windows, new long[] { windows.Length / ((long)length * features), length, features });

        /// <summary>
        /// The value of feature <paramref name="feature"/> at step <paramref name="step"/> of window <paramref name="window"/>.
        /// </summary>
        public static float At(float[] windows, int length, int features, int window, int step, int feature) =>
            windows[((long)window * length + step) * features + feature];
    }
}
