using System;
using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests
{
    [TestClass]
    public sealed class OptionsValidationTests
    {
        public static System.Collections.Generic.IEnumerable<object[]> BadOptions()
        {
            yield return new object[] { nameof(GanEstimator.Options.LatentDimension), (Action<GanEstimator.Options>)(o => o.LatentDimension = 0) };
            yield return new object[] { nameof(GanEstimator.Options.Epochs), (Action<GanEstimator.Options>)(o => o.Epochs = 0) };
            yield return new object[] { nameof(GanEstimator.Options.BatchSize), (Action<GanEstimator.Options>)(o => o.BatchSize = -3) };
            yield return new object[] { nameof(GanEstimator.Options.DiscriminatorSteps), (Action<GanEstimator.Options>)(o => o.DiscriminatorSteps = 0) };
            yield return new object[] { nameof(GanEstimator.Options.UnrolledSteps), (Action<GanEstimator.Options>)(o => o.UnrolledSteps = -1) };
            yield return new object[] { nameof(GanEstimator.Options.UnrolledSteps), (Action<GanEstimator.Options>)(o => { o.UnrolledSteps = 5; o.Loss = GanLoss.Mmd; }) };
            yield return new object[] { nameof(GanEstimator.Options.GeneratorLearningRate), (Action<GanEstimator.Options>)(o => o.GeneratorLearningRate = 0) };
            yield return new object[] { nameof(GanEstimator.Options.DiscriminatorLearningRate), (Action<GanEstimator.Options>)(o => o.DiscriminatorLearningRate = float.NaN) };
            yield return new object[] { nameof(GanEstimator.Options.Beta1), (Action<GanEstimator.Options>)(o => o.Beta1 = 1f) };
            yield return new object[] { nameof(GanEstimator.Options.Beta2), (Action<GanEstimator.Options>)(o => o.Beta2 = -0.1f) };
            yield return new object[] { nameof(GanEstimator.Options.GeneratorHiddenLayers), (Action<GanEstimator.Options>)(o => o.GeneratorHiddenLayers = new[] { 8, 0 }) };
            yield return new object[] { nameof(GanEstimator.Options.DiscriminatorHiddenLayers), (Action<GanEstimator.Options>)(o => o.DiscriminatorHiddenLayers = Array.Empty<int>()) };
            yield return new object[] { nameof(GanEstimator.Options.FeatureColumnName), (Action<GanEstimator.Options>)(o => o.FeatureColumnName = " ") };
            yield return new object[] { nameof(GanEstimator.Options.OutputColumnName), (Action<GanEstimator.Options>)(o => o.OutputColumnName = null!) };
            yield return new object[] { nameof(GanEstimator.Options.Loss), (Action<GanEstimator.Options>)(o => o.Loss = (GanLoss)42) };
            yield return new object[] { nameof(GanEstimator.Options.Packing), (Action<GanEstimator.Options>)(o => o.Packing = 0) };
            yield return new object[] { nameof(GanEstimator.Options.Packing), (Action<GanEstimator.Options>)(o => { o.Packing = 8; o.BatchSize = 4; }) };
            yield return new object[] { nameof(GanEstimator.Options.LabelSmoothing), (Action<GanEstimator.Options>)(o => o.LabelSmoothing = 0.6f) };
            yield return new object[] { nameof(GanEstimator.Options.InstanceNoise), (Action<GanEstimator.Options>)(o => o.InstanceNoise = -1f) };
            yield return new object[] { nameof(GanEstimator.Options.GeneratorEmaDecay), (Action<GanEstimator.Options>)(o => o.GeneratorEmaDecay = 1f) };
            yield return new object[] { nameof(GanEstimator.Options.GradientClipNorm), (Action<GanEstimator.Options>)(o => o.GradientClipNorm = float.NaN) };
            yield return new object[] { nameof(GanEstimator.Options.LearningRateDecay), (Action<GanEstimator.Options>)(o => o.LearningRateDecay = 0f) };
            yield return new object[] { nameof(GanEstimator.Options.GradientPenaltyWeight), (Action<GanEstimator.Options>)(o => o.GradientPenaltyWeight = -1f) };
            yield return new object[] { nameof(GanEstimator.Options.R1PenaltyWeight), (Action<GanEstimator.Options>)(o => o.R1PenaltyWeight = -0.1f) };
            yield return new object[] { nameof(GanEstimator.Options.R1PenaltyWeight), (Action<GanEstimator.Options>)(o => { o.R1PenaltyWeight = 1f; o.Loss = GanLoss.Mmd; }) };
            yield return new object[] { nameof(GanEstimator.Options.MmdBandwidths), (Action<GanEstimator.Options>)(o => o.MmdBandwidths = new[] { 1.0, -2.0 }) };
            yield return new object[] { nameof(GanEstimator.Options.CheckpointInterval), (Action<GanEstimator.Options>)(o => o.CheckpointInterval = 0) };
            yield return new object[] { nameof(GanEstimator.Options.LatentColumnName), (Action<GanEstimator.Options>)(o => o.LatentColumnName = o.FeatureColumnName) };
        }

        [TestMethod]
        [DynamicData(nameof(BadOptions))]
        public void OutOfRangeOptionIsRefusedWithItsName(string option, Action<GanEstimator.Options> spoil)
        {
            var options = new GanEstimator.Options();
            spoil(options);
            var ex = Assert.Throws<ArgumentException>(() => new MLContext().Generative().Gan(options), option);
            StringAssert.Contains(ex.Message, option);
        }

        [TestMethod]
        public void DefaultsFollowDcganPractice()
        {
            var o = new GanEstimator.Options();
            Assert.AreEqual(2e-4f, o.GeneratorLearningRate);
            Assert.AreEqual(2e-4f, o.DiscriminatorLearningRate);
            Assert.AreEqual(0.5f, o.Beta1);
            Assert.AreEqual(0.999f, o.Beta2);
            Assert.AreEqual(GanLoss.NonSaturating, o.Loss);
            Assert.AreEqual(1, o.DiscriminatorSteps);
            Assert.AreEqual("Generated", o.OutputColumnName);
        }

        [TestMethod]
        public void ShortOverloadCarriesItsArguments()
        {
            var ml = new MLContext(seed: 1);
            var estimator = ml.Generative().Gan(featureColumnName: "X", outputColumnName: "Y", latentDimension: 3, epochs: 1, batchSize: 8);
            var shape = estimator.GetOutputSchema(SchemaShapeOf(ml, "X", 2));
            Assert.IsTrue(shape.TryFindColumn("Y", out _), "the output column takes the given name");
            Assert.Throws<ArgumentException>(() => ml.Generative().Gan(latentDimension: 0));
        }

        internal static Microsoft.ML.SchemaShape SchemaShapeOf(MLContext ml, string column, int size) =>
            Microsoft.ML.SchemaShape.Create(TestData.Vectors(ml, new[] { new float[size] }, column).Schema);
    }
}
