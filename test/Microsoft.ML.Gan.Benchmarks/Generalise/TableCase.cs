using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks.Generalise
{
    /// <summary>
    /// A table for the generalisation checks: its rows, the continuous target (which may be missing: NaN), and the
    /// other columns, text categories and Single numbers without missing values.
    /// </summary>
    public sealed record TableCase(string Name, IDataView Data, string Target, string[] Categorical, string[] Numeric)
    {
        /// <summary>The rows as numbers for the models and distances: one-hot categories (levels of <paramref name="levels"/>), the numbers, and the target.</summary>
        public CaseRows Read(IDataView view, IReadOnlyList<string[]>? levels = null)
        {
            var texts = Categorical.Select(c => view.GetColumn<string>(c).ToArray()).ToArray();
            levels ??= texts.Select(t => t.Distinct().OrderBy(v => v, StringComparer.Ordinal).ToArray()).ToArray();
            var numbers = Numeric.Select(c => view.GetColumn<float>(c).ToArray()).ToArray();
            var target = view.GetColumn<float>(Target).ToArray();
            int width = levels.Sum(l => l.Length) + numbers.Length;
            var features = new float[target.Length][];
            for (int r = 0; r < target.Length; r++)
            {
                var f = new float[width];
                int at = 0;
                for (int c = 0; c < texts.Length; c++)
                {
                    int k = Array.IndexOf(levels[c], texts[c][r]);
                    if (k >= 0)
                        f[at + k] = 1;
                    at += levels[c].Length;
                }
                for (int c = 0; c < numbers.Length; c++)
                    f[at++] = numbers[c][r];
                features[r] = f;
            }
            return new CaseRows(features, target, levels, texts.Length > 0 ? texts[0] : Array.Empty<string>());
        }
    }

    /// <summary>A table read as feature vectors (categories one-hot), its target, and its first categorical column's values.</summary>
    public sealed record CaseRows(float[][] Features, float[] Target, IReadOnlyList<string[]> Levels, string[] FirstCategory)
    {
        public int Count => Target.Length;

        public double MissingShare => Target.Count(float.IsNaN) / (double)Math.Max(1, Count);
    }
}
