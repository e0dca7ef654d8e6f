using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Benchmarks.Tabular
{
    /// <summary>Test-set figures of one classifier: F1 and precision/recall of the positive class, accuracy, AUC.</summary>
    public sealed record EfficacyResult(string Classifier, double F1, double Accuracy, double Auc, double Precision, double Recall);

    /// <summary>
    /// Machine-learning efficacy (Xu et al. 2019): train classifiers on a table (real or synthetic), test them on
    /// held-out real rows. The same featurisation for every training table: one-hot categories (fitted on the
    /// training table; a test category it never saw becomes all zeros), numbers as Single, concatenated and
    /// min-max normalised (a missing number, when asked, replaced by the training table's mean first). Classifiers:
    /// FastTree (gradient-boosted trees) and L-BFGS logistic regression.
    /// </summary>
    public sealed class MachineLearningEfficacy
    {
        private const string LabelColumn = "EfficacyLabel";

        /// <summary>The feature vector that <see cref="Features"/> makes.</summary>
        public const string FeaturesColumn = "EfficacyFeatures";

        private readonly MLContext _ml;
        private readonly string _label;
        private readonly string _positive;
        private readonly string[] _categorical;
        private readonly string[] _numeric;
        private readonly bool _imputeMissing;

        /// <param name="imputeMissing">Replace a missing number (NaN) by the training table's mean of its column.</param>
        public MachineLearningEfficacy(MLContext ml, string label, string positive, IReadOnlyList<string> categorical, IReadOnlyList<string> numeric,
            bool imputeMissing = false)
        {
            _ml = ml;
            _label = label;
            _positive = positive;
            _categorical = categorical.ToArray();
            _numeric = numeric.ToArray();
            _imputeMissing = imputeMissing;
        }

        /// <summary>The Adult protocol: income &gt;50K against the other 14 columns.</summary>
        public static MachineLearningEfficacy ForAdult(MLContext ml) =>
            new(ml, AdultData.Label, AdultData.Positive, AdultData.Categorical, AdultData.Numeric);

        /// <summary>The benchmark's split: 80% to train on (the synthesizer's input), 20% real rows to test on; fixed seed.</summary>
        public (IDataView Train, IDataView Test) Split(IDataView data, double testFraction = 0.2, int seed = 1)
        {
            var split = _ml.Data.TrainTestSplit(data, testFraction, seed: seed);
            return (_ml.Data.Cache(split.TrainSet), _ml.Data.Cache(split.TestSet));
        }

        public IReadOnlyList<EfficacyResult> Evaluate(IDataView training, IDataView test) => new[]
        {
            Evaluate("FastTree", training, test, _ml.BinaryClassification.Trainers.FastTree(LabelColumn, FeaturesColumn)),
            Evaluate("LogisticRegression", training, test, _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(LabelColumn, FeaturesColumn)),
        };

        /// <summary>FastTree alone: the first of <see cref="Evaluate(IDataView, IDataView)"/>'s results.</summary>
        public EfficacyResult EvaluateFastTree(IDataView training, IDataView test) =>
            Evaluate("FastTree", training, test, _ml.BinaryClassification.Trainers.FastTree(LabelColumn, FeaturesColumn));

        private EfficacyResult Evaluate<TModel>(string name, IDataView training, IDataView test, IEstimator<TModel> trainer)
            where TModel : class, ITransformer
        {
            var model = Featurize().Append(trainer).Fit(training);
            var metrics = _ml.BinaryClassification.Evaluate(model.Transform(test), LabelColumn);
            return new EfficacyResult(name, metrics.F1Score, metrics.Accuracy, metrics.AreaUnderRocCurve,
                metrics.PositivePrecision, metrics.PositiveRecall);
        }

        private IEstimator<ITransformer> Featurize()
        {
            // The label as a Boolean: the positive class against everything else (surrounding spaces ignored).
            string positive = _positive.Trim();
            return _ml.Transforms.CopyColumns(nameof(LabelText.EfficacyLabelText), _label)
                .Append(_ml.Transforms.CustomMapping<LabelText, LabelFlag>(
                    (input, output) => output.EfficacyLabel = input.EfficacyLabelText.Trim() == positive, contractName: null))
                .Append(Features());
        }

        /// <summary>The featurisation alone (no label): the other columns into <see cref="FeaturesColumn"/>, for any task's trainer.</summary>
        public IEstimator<ITransformer> Features()
        {
            var encoded = _categorical.Select(c => "Efficacy" + c).ToArray();
            var numbers = _numeric.Select(c => "EfficacyNumber" + c).ToArray();
            // A table may have no categories or no numbers: only the steps with columns.
            IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
            if (encoded.Length > 0)
                pipeline = pipeline.Append(_ml.Transforms.Categorical.OneHotEncoding(encoded.Zip(_categorical, (o, i) => new InputOutputColumnPair(o, i)).ToArray()));
            if (numbers.Length > 0)
                pipeline = pipeline.Append(_ml.Transforms.Conversion.ConvertType(numbers.Zip(_numeric, (o, i) => new InputOutputColumnPair(o, i)).ToArray(), DataKind.Single));
            if (_imputeMissing && numbers.Length > 0)
                pipeline = pipeline.Append(_ml.Transforms.ReplaceMissingValues(numbers.Select(n => new InputOutputColumnPair(n)).ToArray()));
            return pipeline.Append(_ml.Transforms.Concatenate(FeaturesColumn, numbers.Concat(encoded).ToArray()))
                .Append(_ml.Transforms.NormalizeMinMax(FeaturesColumn));
        }

        public sealed class LabelText
        {
            public string EfficacyLabelText = "";
        }

        public sealed class LabelFlag
        {
            public bool EfficacyLabel;
        }
    }
}
