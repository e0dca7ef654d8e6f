using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Benchmarks.Tabular;

namespace Microsoft.ML.Gan.Benchmarks.Suite
{
    /// <summary>
    /// One FastTree model per task, trained on a table (real or synthetic) and tested on the real held-out rows, with
    /// <see cref="MachineLearningEfficacy"/>'s featurisation (one-hot categories, numbers, min-max; a missing number
    /// replaced by the training table's mean). Two figures each:
    /// <list type="bullet">
    /// <item>binary: F1 of the table's positive (minority) class, and AUC;</item>
    /// <item>multi-class (FastTree one-versus-all): macro-F1 over the classes in the test rows or the predictions, and accuracy;</item>
    /// <item>regression: R² (rows with the target missing left out of training and test), and no second figure.</item>
    /// </list>
    /// </summary>
    public sealed class TaskEfficacy
    {
        private const string KeyLabel = "SuiteLabel";
        private const string NumberLabel = "SuiteTarget";

        private readonly MLContext _ml;
        private readonly SuiteTable _table;
        private readonly MachineLearningEfficacy _features;
        private readonly string[] _classes;

        /// <param name="classes">Multi-class: every class of the whole table, so that every training table maps a class to the same key.</param>
        public TaskEfficacy(MLContext ml, SuiteTable table, IReadOnlyList<string> classes)
        {
            _ml = ml;
            _table = table;
            _classes = classes.ToArray();
            var features = table.Features.ToArray();
            _features = new MachineLearningEfficacy(ml, table.Target, table.Positive ?? "", features.Where(c => c.Categorical).Select(c => c.Name).ToArray(),
                features.Where(c => !c.Categorical).Select(c => c.Name).ToArray(), imputeMissing: true);
        }

        /// <summary>The figures' names for the table's task.</summary>
        public static (string Primary, string Secondary) Names(SuiteTask task) => task switch
        {
            SuiteTask.Binary => ("F1", "AUC"),
            SuiteTask.Multiclass => ("macro-F1", "accuracy"),
            _ => ("R²", "-"),
        };

        public (double Primary, double Secondary) Evaluate(IDataView training, IDataView test)
        {
            switch (_table.Task)
            {
                case SuiteTask.Binary:
                    var binary = _features.EvaluateFastTree(training, test);
                    return (binary.F1, binary.Auc);
                case SuiteTask.Multiclass:
                    return Multiclass(training, test);
                default:
                    var present = _ml.Data.FilterRowsByMissingValues(training, _table.Target);
                    var model = _ml.Transforms.CopyColumns(NumberLabel, _table.Target).Append(_features.Features())
                        .Append(_ml.Regression.Trainers.FastTree(NumberLabel, MachineLearningEfficacy.FeaturesColumn)).Fit(present);
                    var metrics = _ml.Regression.Evaluate(model.Transform(_ml.Data.FilterRowsByMissingValues(test, _table.Target)), NumberLabel);
                    return (metrics.RSquared, double.NaN);
            }
        }

        private (double MacroF1, double Accuracy) Multiclass(IDataView training, IDataView test)
        {
            var keys = _ml.Data.LoadFromEnumerable(_classes.Select(c => new ClassName { Value = c }));
            var model = _ml.Transforms.Conversion.MapValueToKey(KeyLabel, _table.Target, keyData: keys).Append(_features.Features())
                .Append(_ml.MulticlassClassification.Trainers.OneVersusAll(
                    _ml.BinaryClassification.Trainers.FastTree(KeyLabel, MachineLearningEfficacy.FeaturesColumn), KeyLabel))
                .Fit(training);
            var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(test), KeyLabel);
            var counts = metrics.ConfusionMatrix.Counts;
            var f1 = new List<double>();
            for (int k = 0; k < counts.Count; k++)
            {
                double truePositives = counts[k][k];
                double actual = counts[k].Sum();
                double predicted = counts.Sum(row => row[k]);
                if (actual + predicted == 0)
                    continue;
                f1.Add(2 * truePositives / (actual + predicted));
            }
            return (f1.Average(), metrics.MicroAccuracy);
        }

        private sealed class ClassName
        {
            public string Value = "";
        }
    }
}
