using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;

namespace ImageGan
{
    /// <summary>
    /// GAN-test (Shmelkov et al. 2018): a classifier trained on real images labels generated ones; its accuracy on
    /// images generated for a class, against its accuracy on held-out real images, says how recognisable and how
    /// class-faithful the samples are. The Fréchet distance is taken in the classifier's feature space (its class scores).
    /// </summary>
    internal sealed class GanTest
    {
        private readonly MLContext _ml;
        private readonly ITransformer _classifier;

        public GanTest(MLContext ml, IDataView realTrain)
        {
            _ml = ml;
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Key", "Label")
                .Append(ml.Transforms.NormalizeMinMax("Input", "Pixels"))
                .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Key", "Input"));
            _classifier = pipeline.Fit(realTrain);
        }

        public double Accuracy(IDataView data) =>
            _ml.MulticlassClassification.Evaluate(_classifier.Transform(data), "Key").MacroAccuracy;

        /// <summary>Accuracy on <paramref name="perClass"/> images generated for each class, and the Fréchet distance to the real test images.</summary>
        public (double Accuracy, double Frechet) Measure(GanTransformer gan, IDataView realTest, int perClass, int seed)
        {
            var rows = new List<DigitRow>();
            foreach (var label in gan.Classes)
            {
                var generated = _ml.Data.CreateEnumerable<GeneratedRow>(gan.Generate(perClass, seed, label), reuseRowObject: false);
                rows.AddRange(generated.Select(g => new DigitRow { Label = label, Pixels = g.Generated }));
            }
            var synthetic = Digits.ToDataView(_ml, rows);
            double accuracy = Accuracy(synthetic);
            var metrics = _ml.Generative().Evaluate(_classifier.Transform(realTest), _classifier.Transform(synthetic), columnName: "Score", seed: seed);
            return (accuracy, metrics.FrechetDistance);
        }

        private sealed class GeneratedRow
        {
            public float[] Generated = Array.Empty<float>();
        }
    }
}
