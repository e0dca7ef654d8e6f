using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace TabularAugmentation
{
    /// <summary>FastTree on one-hot categories and the numbers, predicting Income == "&gt;50K"; tested on real rows.</summary>
    public static class IncomeClassifier
    {
        public sealed class Label
        {
            public string Income = "";
        }

        public sealed class Flag
        {
            public bool IsRich;
        }

        public static BinaryClassificationMetrics TrainAndTest(MLContext ml, IDataView training, IDataView test)
        {
            var oneHot = AdultRow.Categorical.Select(c => new InputOutputColumnPair("OneHot" + c, c)).ToArray();
            var pipeline = ml.Transforms.CustomMapping<Label, Flag>((input, output) => output.IsRich = input.Income == ">50K", contractName: null)
                .Append(ml.Transforms.Categorical.OneHotEncoding(oneHot))
                .Append(ml.Transforms.Concatenate("Features", AdultRow.Numeric.Concat(oneHot.Select(p => p.OutputColumnName)).ToArray()))
                .Append(ml.BinaryClassification.Trainers.FastTree(labelColumnName: "IsRich", featureColumnName: "Features"));
            var model = pipeline.Fit(training);
            return ml.BinaryClassification.Evaluate(model.Transform(test), labelColumnName: "IsRich");
        }
    }
}
