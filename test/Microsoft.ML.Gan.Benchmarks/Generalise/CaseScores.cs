using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks.Generalise
{
    /// <summary>
    /// The Adult protocol on a table with a continuous target that may be missing: models trained once on the real
    /// training rows and once on the synthetic rows, both tested on the real held-out rows.
    /// <list type="bullet">
    /// <item>R² of FastTree regression predicting the target from the other columns, trained and tested on rows where
    /// the target is present.</item>
    /// <item>F1 (of the class "missing") and accuracy of a FastTree classifier predicting whether the target is missing
    /// from the other columns.</item>
    /// </list>
    /// </summary>
    public sealed class CaseScores
    {
        private readonly MLContext _ml;

        public CaseScores(MLContext ml) => _ml = ml;

        public sealed record Efficacy(double R2, double MissingF1, double MissingAccuracy);

        public Efficacy Evaluate(CaseRows training, CaseRows test)
        {
            double r2 = double.NaN;
            var present = Enumerable.Range(0, training.Count).Where(r => !float.IsNaN(training.Target[r])).ToArray();
            var testPresent = Enumerable.Range(0, test.Count).Where(r => !float.IsNaN(test.Target[r])).ToArray();
            if (present.Length >= 10 && testPresent.Length > 0)
            {
                var model = _ml.Regression.Trainers.FastTree().Fit(View(training, present, r => training.Target[r]));
                r2 = _ml.Regression.Evaluate(model.Transform(View(test, testPresent, r => test.Target[r]))).RSquared;
            }
            double f1 = double.NaN, accuracy = double.NaN;
            int missing = training.Target.Count(float.IsNaN);
            if (missing > 0 && missing < training.Count && test.Target.Any(float.IsNaN))
            {
                var all = Enumerable.Range(0, training.Count).ToArray();
                var classifier = _ml.BinaryClassification.Trainers.FastTree().Fit(FlagView(training, all));
                var metrics = _ml.BinaryClassification.Evaluate(classifier.Transform(FlagView(test, Enumerable.Range(0, test.Count).ToArray())));
                f1 = metrics.F1Score;
                accuracy = metrics.Accuracy;
            }
            return new Efficacy(r2, f1, accuracy);
        }

        private IDataView View(CaseRows rows, int[] index, Func<int, float> label) =>
            _ml.Data.LoadFromEnumerable(index.Select(r => new LabelledRow { Label = label(r), Features = rows.Features[r] }), Schema<LabelledRow>(rows));

        private IDataView FlagView(CaseRows rows, int[] index) =>
            _ml.Data.LoadFromEnumerable(index.Select(r => new FlagRow { Label = float.IsNaN(rows.Target[r]), Features = rows.Features[r] }), Schema<FlagRow>(rows));

        private static SchemaDefinition Schema<T>(CaseRows rows)
        {
            var schema = SchemaDefinition.Create(typeof(T));
            schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, rows.Features[0].Length);
            return schema;
        }

        /// <summary>
        /// Distance to the closest training row (features and target standardised by the training rows; a missing
        /// target is 0 with an indicator): the median for synthetic rows and for held-out real rows, and the share of
        /// synthetic rows that are copies of a training row (distance below 1e-6).
        /// </summary>
        public static (double Synthetic, double HeldOut, double Copies) ClosestRecord(CaseRows training, CaseRows test, CaseRows synthetic, int maxRows = 1000)
        {
            var train = Standardised(training, training);
            double[] Distances(CaseRows rows) => Standardised(rows, training).Take(maxRows).Select(p => train.Min(q => Distance(p, q))).ToArray();
            var s = Distances(synthetic);
            var h = Distances(test);
            return (Median(s), Median(h), s.Count(d => d < 1e-6) / (double)s.Length);
        }

        private static double[][] Standardised(CaseRows rows, CaseRows reference)
        {
            int width = reference.Features[0].Length;
            var mean = new double[width + 1];
            var sd = new double[width + 1];
            for (int c = 0; c <= width; c++)
            {
                var v = Enumerable.Range(0, reference.Count).Select(r => c < width ? reference.Features[r][c] : reference.Target[r]).Where(x => !float.IsNaN(x)).Select(x => (double)x).ToArray();
                mean[c] = v.Average();
                sd[c] = Math.Max(1e-9, Math.Sqrt(v.Sum(x => (x - mean[c]) * (x - mean[c])) / v.Length));
            }
            return Enumerable.Range(0, rows.Count).Select(r =>
            {
                var p = new double[width + 2];
                for (int c = 0; c < width; c++)
                    p[c] = (rows.Features[r][c] - mean[c]) / sd[c];
                bool missing = float.IsNaN(rows.Target[r]);
                p[width] = missing ? 0 : (rows.Target[r] - mean[width]) / sd[width];
                p[width + 1] = missing ? 1 : 0;
                return p;
            }).ToArray();
        }

        private static double Distance(double[] a, double[] b)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++)
                s += (a[i] - b[i]) * (a[i] - b[i]);
            return Math.Sqrt(s);
        }

        private static double Median(double[] v)
        {
            var sorted = v.OrderBy(x => x).ToArray();
            return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
        }

        /// <summary>Per value of the first categorical column: the target's missing share.</summary>
        public static IReadOnlyDictionary<string, double> MissingByCategory(CaseRows rows) =>
            Enumerable.Range(0, rows.Count).GroupBy(r => rows.FirstCategory[r])
                .ToDictionary(g => g.Key, g => g.Count(r => float.IsNaN(rows.Target[r])) / (double)g.Count());

        private sealed class LabelledRow
        {
            public float Label;
            public float[] Features = Array.Empty<float>();
        }

        private sealed class FlagRow
        {
            public bool Label;
            public float[] Features = Array.Empty<float>();
        }
    }
}
