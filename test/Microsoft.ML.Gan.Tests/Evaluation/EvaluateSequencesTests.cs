using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Tests.Sequences;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Microsoft.ML.Gan.Tests.Sequences.SequenceTestData;

namespace Microsoft.ML.Gan.Tests.Evaluation
{
    /// <summary>
    /// <c>EvaluateSequences</c> over long-format views and over a trained model: the two views read, windowed and scaled
    /// with one scaling fitted on the real rows, then scored (with fewer training steps than the protocol's, so that the
    /// suite stays quick); bad input refused, naming the column and the view, before anything trains.
    /// </summary>
    [TestClass]
    public sealed class EvaluateSequencesTests
    {
        private const int Length = 12;

        // Far fewer than the protocol's 2,000 and 5,000: enough for these sets.
        private const int DiscriminativeSteps = 300, PredictiveSteps = 100;

        /// <summary>Generated-style rows: the long format a sequence GAN writes (SequenceId, Step, then the features).</summary>
        private sealed class GeneratedStep
        {
            public long SequenceId;
            public int Step;
            public float Value;
            public double Other;
        }

        private static GeneratedStep[] AsGenerated(IEnumerable<Step> rows, Func<Step, float>? value = null) =>
            rows.Select(r => new GeneratedStep { SequenceId = r.Id, Step = (int)r.Time, Value = value?.Invoke(r) ?? r.Value, Other = r.Other }).ToArray();

        private static string[] Features => new[] { nameof(Step.Value), nameof(Step.Other) };

        private static SequenceMetrics Evaluate(MLContext ml, IDataView real, IDataView generated, int seed = 3, int discriminativeSteps = DiscriminativeSteps) =>
            ml.Generative().EvaluateSequences(real, generated, Features, nameof(Step.Id), nameof(Step.Time), "SequenceId", "Step",
                Length, realPredictiveScore: true, seed, discriminativeSteps, PredictiveSteps);

        [TestMethod]
        public void RealAgainstItselfScoresNearZero()
        {
            var ml = new MLContext(1);
            var rows = Sines(60, 20, seed: 2);
            var metrics = Evaluate(ml, View(ml, rows), ml.Data.LoadFromEnumerable(AsGenerated(rows)));

            // 60 sequences of 20 steps: 9 windows of 12 each, on both sides.
            Assert.AreEqual(540, metrics.RealWindows);
            Assert.AreEqual(540, metrics.SyntheticWindows);
            Assert.AreEqual(Length, metrics.WindowLength);
            // 216 test windows: the accuracy of a classifier that cannot tell has a standard deviation of about 0.034.
            Assert.IsTrue(metrics.DiscriminativeScore < 0.12, $"discriminative {metrics.DiscriminativeScore}");
            // The same windows in the same scaling: the per-step comparisons are exactly equal, and the predictor trained on
            // the "generated" windows is the one trained on the real ones.
            Assert.AreEqual(0, metrics.MeanWasserstein, 1e-12);
            Assert.AreEqual(0, metrics.MeanKolmogorovSmirnov, 1e-12);
            Assert.AreEqual(0, metrics.AutocorrelationDifference, 1e-12);
            Assert.AreEqual(metrics.RealPredictiveScore, metrics.PredictiveScore);
            Assert.IsTrue(metrics.PredictiveScore is > 0 and < 0.5, $"predictive {metrics.PredictiveScore}");
        }

        [TestMethod]
        public void RealAgainstNoiseScoresNearHalf()
        {
            var ml = new MLContext(1);
            var rows = Sines(60, 20, seed: 2);
            // Independent uniform values over each feature's real range at every step: no dynamics at all.
            var random = new Random(5);
            var noise = AsGenerated(rows).Select(r => new GeneratedStep
            {
                SequenceId = r.SequenceId,
                Step = r.Step,
                Value = (float)(-1 + 2 * random.NextDouble()),
                Other = 5 + 10 * random.NextDouble(),
            }).ToArray();
            // The protocol's 2,000 classifier steps: its one-unit GRU (two features) needs them to learn the difference.
            var metrics = Evaluate(ml, View(ml, rows), ml.Data.LoadFromEnumerable(noise), discriminativeSteps: 2000);
            Assert.IsTrue(metrics.DiscriminativeScore > 0.4, $"discriminative {metrics.DiscriminativeScore}");
            Assert.IsTrue(metrics.AutocorrelationDifference > 0.2, $"autocorrelation difference {metrics.AutocorrelationDifference}");
            Assert.IsTrue(metrics.PredictiveScore > metrics.RealPredictiveScore, $"predictive {metrics.PredictiveScore}, real {metrics.RealPredictiveScore}");
        }

        [TestMethod]
        public void BothViewsAreScaledWithTheRealRowsScaling()
        {
            var ml = new MLContext(1);
            var rows = Sines(20, 12, seed: 2);
            double min = rows.Min(r => r.Value), max = rows.Max(r => r.Value);
            // Every generated Value half the real range higher: in one scaling, the marginal moves by 0.5; had each view been
            // scaled on its own, the two would be identical.
            var shifted = AsGenerated(rows, r => (float)(r.Value + 0.5 * (max - min)));
            var metrics = Evaluate(ml, View(ml, rows), ml.Data.LoadFromEnumerable(shifted));
            var value = metrics.Features.Single(f => f.Feature == nameof(Step.Value));
            var other = metrics.Features.Single(f => f.Feature == nameof(Step.Other));
            Assert.AreEqual(0.5, value.Wasserstein, 1e-5);
            Assert.AreEqual(0, other.Wasserstein, 1e-12);
            Assert.IsTrue(value.SyntheticExamples.SelectMany(w => w).Min() >= 0.5 - 1e-5, "the generated windows are not in the real scaling");
            Assert.IsTrue(value.RealExamples.SelectMany(w => w).All(v => v is >= 0 and <= 1), "the real windows are not min-max scaled");
        }

        [TestMethod]
        public void TheSameSeedGivesTheSameMetrics()
        {
            var ml = new MLContext(1);
            var rows = Sines(30, 16, seed: 2);
            var random = new Random(4);
            var generated = ml.Data.LoadFromEnumerable(AsGenerated(rows, r => r.Value + (float)(0.2 * random.NextDouble())));
            var first = Evaluate(ml, View(ml, rows), generated, seed: 7);
            var again = Evaluate(new MLContext(2), View(ml, rows), generated, seed: 7);
            var other = Evaluate(ml, View(ml, rows), generated, seed: 8);
            Assert.AreEqual(first.DiscriminativeScore, again.DiscriminativeScore);
            Assert.AreEqual(first.PredictiveScore, again.PredictiveScore);
            Assert.AreEqual(first.RealPredictiveScore, again.RealPredictiveScore);
            CollectionAssert.AreEqual(first.Features[0].RealExamples.SelectMany(w => w).ToArray(), again.Features[0].RealExamples.SelectMany(w => w).ToArray());
            Assert.AreNotEqual(first.PredictiveScore, other.PredictiveScore, "another seed trains another predictor");
        }

        [TestMethod]
        public void AMissingGeneratedColumnIsNamedBeforeAnythingTrains()
        {
            var ml = new MLContext(1);
            var rows = Sines(10, 12, seed: 2);
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Generative().EvaluateSequences(
                View(ml, rows), View(ml, rows), Features, nameof(Step.Id), nameof(Step.Time), windowLength: Length));
            // The rows are the real ones, so the generated view has no SequenceId column (the default name).
            Assert.AreEqual("generated", e.ParamName);
            StringAssert.Contains(e.Message, "'SequenceId'");

            e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Generative().EvaluateSequences(
                View(ml, rows), ml.Data.LoadFromEnumerable(AsGenerated(rows)), new[] { nameof(Step.Value), "Missing" }, nameof(Step.Id), nameof(Step.Time), windowLength: Length));
            Assert.AreEqual("real", e.ParamName);
            StringAssert.Contains(e.Message, "'Missing'");
        }

        [TestMethod]
        public void AFeatureOfTheWrongTypeIsNamed()
        {
            var ml = new MLContext(1);
            var rows = Sines(10, 12, seed: 2);
            // The order column as a feature: Single is fine; the id, an Int32, is not a feature type.
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Generative().EvaluateSequences(
                View(ml, rows), ml.Data.LoadFromEnumerable(AsGenerated(rows)), new[] { nameof(Step.Value), nameof(Step.Id) }, windowLength: Length));
            Assert.AreEqual("real", e.ParamName);
            StringAssert.Contains(e.Message, "'Id'");
            StringAssert.Contains(e.Message, "Single or Double");
        }

        [TestMethod]
        public void AGeneratedSequenceShorterThanTheWindowIsNamed()
        {
            var ml = new MLContext(1);
            var rows = Sines(10, 12, seed: 2);
            var generated = AsGenerated(rows).Where(r => r.SequenceId != 4 || r.Step < 5).ToArray();
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Generative().EvaluateSequences(
                View(ml, rows), ml.Data.LoadFromEnumerable(generated), Features, nameof(Step.Id), nameof(Step.Time), windowLength: Length));
            Assert.AreEqual("generated", e.ParamName);
            StringAssert.Contains(e.Message, "Sequence '4' of sequence id column 'SequenceId' has 5 rows");
        }

        [TestMethod]
        public void ArgumentsAreChecked()
        {
            var ml = new MLContext(1);
            var view = View(ml, Sines(10, 12, seed: 2));
            Assert.AreEqual("featureColumnNames", Assert.ThrowsExactly<ArgumentOutOfRangeException>(
                () => ml.Generative().EvaluateSequences(view, view, Array.Empty<string>())).ParamName);
            Assert.AreEqual("featureColumnNames", Assert.ThrowsExactly<ArgumentOutOfRangeException>(
                () => ml.Generative().EvaluateSequences(view, view, new[] { "Value", "Value" })).ParamName);
            Assert.AreEqual("windowLength", Assert.ThrowsExactly<ArgumentOutOfRangeException>(
                () => ml.Generative().EvaluateSequences(view, view, Features, windowLength: 1)).ParamName);
            Assert.AreEqual("generated", Assert.ThrowsExactly<ArgumentNullException>(
                () => ml.Generative().EvaluateSequences(view, (IDataView)null!, Features)).ParamName);
        }

        [TestMethod]
        public void AModelIsScoredOnWhatItGeneratesInTheRealScaling()
        {
            var ml = new MLContext(1);
            var rows = Sines(8, 10, seed: 2);
            using var model = ml.Generative().SequenceGan(Tiny(epochs: 2)).Fit(View(ml, rows));
            // Held-out real rows with a wider Value range than the training rows: their scaling is not the model's.
            var heldOut = Sines(8, 10, seed: 9).Select(r => new Step { Id = r.Id, Time = r.Time, Value = 2 * r.Value, Other = r.Other }).ToList();

            var byModel = ml.Generative().EvaluateSequences(View(ml, heldOut), model, count: 20, generationSeed: 4, realPredictiveScore: false,
                seed: 3, DiscriminativeSteps, PredictiveSteps);
            // The same windows through the long format: Generate's rows, read and scaled as the view overload reads them.
            var byViews = ml.Generative().EvaluateSequences(View(ml, heldOut), model.Generate(20, seed: 4), Features, nameof(Step.Id), nameof(Step.Time),
                "SequenceId", "Step", model.WindowLength, realPredictiveScore: false, seed: 3, DiscriminativeSteps, PredictiveSteps);

            Assert.AreEqual(8 * 3, byModel.RealWindows);
            Assert.AreEqual(20, byModel.SyntheticWindows);
            for (int f = 0; f < 2; f++)
            {
                Assert.AreEqual(byViews.Features[f].Wasserstein, byModel.Features[f].Wasserstein, 1e-5, byModel.Features[f].Feature);
                var a = byModel.Features[f].SyntheticExamples.SelectMany(w => w).ToArray();
                var b = byViews.Features[f].SyntheticExamples.SelectMany(w => w).ToArray();
                for (int i = 0; i < a.Length; i++)
                    Assert.AreEqual(b[i], a[i], 1e-5, $"{byModel.Features[f].Feature} value {i}");
            }
            Assert.AreEqual(byViews.PredictiveScore, byModel.PredictiveScore, 1e-4);

            // Without a count, as many windows as the real data has.
            Assert.AreEqual(24, ml.Generative().EvaluateSequences(View(ml, heldOut), model, null, null, false, 3, 10, 10).SyntheticWindows);
        }

        [TestMethod]
        public void AModelsColumnsAreRequiredOfTheRealData()
        {
            var ml = new MLContext(1);
            var rows = Sines(8, 10, seed: 2);
            using var model = ml.Generative().SequenceGan(Tiny(epochs: 1)).Fit(View(ml, rows));
            var withoutTime = ml.Data.LoadFromEnumerable(AsGenerated(rows));
            var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Generative().EvaluateSequences(withoutTime, model));
            Assert.AreEqual("real", e.ParamName);
            StringAssert.Contains(e.Message, "'Id'");
            Assert.AreEqual("count", Assert.ThrowsExactly<ArgumentOutOfRangeException>(
                () => ml.Generative().EvaluateSequences(View(ml, rows), model, count: 1)).ParamName);
        }
    }
}
