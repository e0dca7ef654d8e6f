using System;
using System.Linq;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Privacy;
using Microsoft.ML.Gan.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Privacy
{
    /// <summary>
    /// DP-SGD on the critic through the estimator (<see cref="GanOptionsBase.Privacy"/>): the budget is never exceeded,
    /// the private path is seeded and differs from the plain one, real-data figures are withheld, settings that would
    /// break the guarantee are refused; and the plan and noise of <see cref="PrivateCritic"/>.
    /// </summary>
    [TestClass]
    public sealed class PrivateTrainingTests
    {
        // 200 rows, batch 32: q = 0.16, 6 critic steps an epoch.
        private static IDataView Data(MLContext ml) => TestData.Vectors(ml, TestData.Gaussian(200, 3, 2, 1, seed: 3));

        private static GanEstimator.Options Private(double epsilon = 2, int epochs = 2, int seed = 1)
        {
            var options = TestData.Tiny(epochs, seed);
            options.Privacy = new DifferentialPrivacyOptions { Epsilon = epsilon };
            return options;
        }

        private static float[][] Rows(GanTransformer model) => TestData.Column(model.Generate(100, seed: 5), "Generated");

        [TestMethod]
        public void EpsilonSpentNeverExceedsTheTargetAndNearlyReachesIt()
        {
            var ml = new MLContext(seed: 1);
            using var model = ml.Generative().Gan(Private(epsilon: 1.5, epochs: 3)).Fit(Data(ml));
            var history = model.TrainingHistory;
            Assert.AreEqual(3, history.Count);
            var spent = history.Select(m => m.Epsilon).ToArray();
            for (int i = 0; i < spent.Length; i++)
            {
                Assert.IsTrue(spent[i] > 0 && spent[i] <= 1.5, $"epoch {i + 1} spent ε = {spent[i]}");
                Assert.AreEqual(6, history[i].DiscriminatorUpdates, "⌊200 / 32⌋ critic steps an epoch");
                if (i > 0)
                    Assert.IsTrue(spent[i] > spent[i - 1], "ε grows with the steps");
            }
            // σ is calibrated to spend the budget over the plan, to NoiseCalibration's tolerance of 0.01.
            Assert.IsTrue(spent[^1] >= 1.5 - NoiseCalibration.DefaultEpsilonTolerance - 1e-9, $"the run spent ε = {spent[^1]}");
            // The scaler came from noisy ranges, accounted in the same ε; the model carries the guarantee.
            Assert.IsTrue(model.Privacy!.StatisticsNoiseMultiplier > 0);
            Assert.AreEqual(spent[^1], model.Privacy.Epsilon);
            Assert.AreEqual(18, model.Privacy.Steps);
        }

        [TestMethod]
        public void PrivateTrainingIsSeededAndDiffersFromPlainTraining()
        {
            var ml = new MLContext(seed: 1);
            var data = Data(ml);
            using var first = ml.Generative().Gan(Private()).Fit(data);
            using var second = ml.Generative().Gan(Private()).Fit(data);
            using var plain = ml.Generative().Gan(TestData.Tiny(epochs: 2)).Fit(data);
            using var otherSeed = ml.Generative().Gan(Private(seed: 2)).Fit(data);
            TestData.AssertSame(Rows(first), Rows(second));
            Assert.IsFalse(Rows(first).Zip(Rows(plain)).All(p => p.First.SequenceEqual(p.Second)), "the private path trains otherwise");
            Assert.IsFalse(Rows(first).Zip(Rows(otherSeed)).All(p => p.First.SequenceEqual(p.Second)), "the seed reaches the private path");
            Assert.IsTrue(double.IsNaN(plain.TrainingHistory[0].Epsilon), "no ε without privacy");
        }

        [TestMethod]
        public void FiguresFromRealRowsAreWithheld()
        {
            var ml = new MLContext(seed: 1);
            using var model = ml.Generative().Gan(Private()).Fit(Data(ml));
            var m = model.TrainingHistory[0];
            Assert.IsTrue(double.IsNaN(m.DiscriminatorLoss) && double.IsNaN(m.MeanRealScore) && double.IsNaN(m.DiscriminatorGradientNorm) && double.IsNaN(m.DiversityRatio));
            Assert.IsTrue(double.IsFinite(m.GeneratorLoss) && double.IsFinite(m.MeanFakeScore), "figures of generated rows through the private critic stay");
        }

        [TestMethod]
        public void SettingsThatBreakTheGuaranteeAreRefused()
        {
            void Refused(string parameter, Action<GanEstimator.Options> change)
            {
                var options = Private();
                change(options);
                var ex = Assert.Throws<ArgumentException>(() => new MLContext().Generative().Gan(options), parameter);
                Assert.AreEqual(parameter, ex.ParamName);
            }
            Refused("Privacy", o => o.Privacy!.Epsilon = 0);
            Refused("Privacy", o => o.Privacy!.Epsilon = double.PositiveInfinity);
            Refused("Privacy", o => o.Privacy!.Delta = 1);
            Refused("Privacy", o => o.Privacy!.Delta = 0);
            Refused("Privacy", o => o.Privacy!.ClipNorm = 0);
            Refused(nameof(GanOptionsBase.MinibatchStdDev), o => o.MinibatchStdDev = true);
            Refused(nameof(GanOptionsBase.Packing), o => o.Packing = 2);
            Refused(nameof(GanOptionsBase.UnrolledSteps), o => o.UnrolledSteps = 1);
            Refused(nameof(GanOptionsBase.Loss), o => o.Loss = GanLoss.Mmd);
            Refused(nameof(GanOptionsBase.R1PenaltyWeight), o => o.R1PenaltyWeight = 0.3f);
            Refused(nameof(GanOptionsBase.GradientPenaltyWeight), o => { o.Loss = GanLoss.Wasserstein; o.GradientPenaltyWeight = 10; });
            Refused(nameof(GanEstimator.Options.Architecture), o => o.Architecture = GanArchitecture.Dcgan);
        }

        [TestMethod]
        public void DefaultsThatWouldBreakTheGuaranteeAreResolvedAway()
        {
            var options = Private();
            Assert.AreEqual(0f, options.ResolveR1PenaltyWeight(), "a null R1 weight is 0 under privacy, not the default 0.3");
            options.Loss = GanLoss.Wasserstein;   // the GAN's default GradientPenaltyWeight of 1 is refused with it
            options.GradientPenaltyWeight = 0;
            new MLContext().Generative().Gan(options);
        }

        [TestMethod]
        public void ConditionalRunsOnTheDevicePathArePrivateAndSeeded()
        {
            var ml = new MLContext(seed: 1);
            var rng = new Random(3);
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(i => new ConditionalGanTests.LabeledRow
            {
                Label = i % 4 == 0 ? "high" : "low",
                Features = new[] { (float)TestData.Normal(rng), (float)TestData.Normal(rng) },
            }).ToArray());
            GanEstimator.Options Options()
            {
                var o = Private(epsilon: 1);
                o.LabelColumnName = "Label";
                o.DevicePathOnCpu = true;
                return o;
            }
            using var first = ml.Generative().Gan(Options()).Fit(data);
            using var second = ml.Generative().Gan(Options()).Fit(data);
            Assert.IsTrue(first.TrainingHistory.All(m => m.Epsilon > 0 && m.Epsilon <= 1));
            var a = TestData.Column(first.Generate(50, 5, "high"), "Generated");
            TestData.AssertSame(a, TestData.Column(second.Generate(50, 5, "high"), "Generated"));
        }

        [TestMethod]
        public void ThePlanSpendsTheBudgetAndRefusesStepsBeyondIt()
        {
            using var critic = Critic();
            using var plan = new PrivateCritic(new PrivacySettings(2, null, 1.5), critic, rows: 1000, batch: 100, epochs: 3, seed: 1);
            Assert.AreEqual(0.1, plan.SampleRate);
            Assert.AreEqual(30, plan.PlannedSteps);
            Assert.AreEqual(Math.Pow(1000, -1.1), plan.Delta, 1e-15);
            Assert.AreEqual(NoiseCalibration.NoiseMultiplier(2, plan.Delta, 0.1, 30), plan.NoiseMultiplier);
            plan.Spend(29);
            Assert.IsTrue(plan.CanStep);
            plan.Spend();
            Assert.IsFalse(plan.CanStep);
            Assert.IsTrue(plan.Epsilon <= 2 && plan.Epsilon > 2 - NoiseCalibration.DefaultEpsilonTolerance - 1e-9, $"ε = {plan.Epsilon}");
            Assert.Throws<InvalidOperationException>(() => plan.Spend());
        }

        [TestMethod]
        public void NoiseHasStandardDeviationSigmaTimesClipOverTheExpectedBatch()
        {
            using var critic = Critic();
            using var plan = new PrivateCritic(new PrivacySettings(2, 1e-5, 1.5), critic, rows: 1000, batch: 100, epochs: 3, seed: 1);
            plan.StartEpoch(1);
            using var gradients = torch.zeros(200_000);
            plan.Privatise(gradients);
            double expected = plan.NoiseMultiplier * 1.5 / 100;
            Assert.AreEqual(expected, gradients.std().item<float>(), expected * 0.01);
            Assert.AreEqual(0, gradients.mean().item<float>(), expected * 0.01);

            // The same epoch draws the same noise (a resumed run), another epoch other noise.
            using var again = torch.zeros(200_000);
            plan.StartEpoch(1);
            plan.Privatise(again);
            Assert.IsTrue(gradients.equal(again).all().item<bool>());
            plan.StartEpoch(2);
            using var next = torch.zeros(200_000);
            plan.Privatise(next);
            Assert.IsFalse(gradients.equal(next).all().item<bool>());
        }

        [TestMethod]
        [DataRow(GanLoss.NonSaturating)]
        [DataRow(GanLoss.LeastSquares)]
        [DataRow(GanLoss.Hinge)]
        [DataRow(GanLoss.Wasserstein)]
        public void OneRowMovesTheClippedSumByAtMostTheClipNorm(GanLoss loss)
        {
            // The step's gradient before noise, as PrivateDiscriminatorStep forms it (loss terms of real and generated
            // rows in one pass, clipped per example), with and without one extreme row.
            const double clip = 0.5;
            using var critic = Critic();
            var clipping = new PerExampleClipping(critic);
            var parameters = critic.parameters().ToArray();
            var rng = new torch.Generator(7);
            var real = torch.randn(8, 3, generator: rng);
            var fake = torch.randn(6, 3, generator: rng);
            Tensor Sum(Tensor rows)
            {
                foreach (var p in parameters)
                    p.grad = null;
                var pass = clipping.Forward(torch.cat(new[] { rows, fake }, 0), null);
                long n = rows.shape[0];
                var (r, f) = AdversarialLosses.DiscriminatorTerms(loss, pass.Output.narrow(0, 0, n), pass.Output.narrow(0, n, fake.shape[0]), 0.9);
                pass.BackwardClipped(torch.cat(new[] { r, f }, 0), clip);
                return torch.cat(parameters.Select(p => p.grad!.reshape(-1)).ToArray()).detach().clone();
            }
            var without = Sum(real);
            // Extreme rows in several directions: a hinge can be flat for some, not for all.
            double largest = 0;
            foreach (float sign in new[] { 1f, -1f })
            {
                for (int k = 0; k < 3; k++)
                {
                    var extreme = torch.zeros(1, 3);
                    extreme[0, k] = sign * 1000;
                    double moved = (Sum(torch.cat(new[] { real, extreme }, 0)) - without).norm().item<float>();
                    Assert.IsTrue(moved <= clip * (1 + 1e-4), $"the row {sign * 1000}·e{k} moved the sum by {moved}");
                    largest = Math.Max(largest, moved);
                }
            }
            Assert.IsTrue(largest > 0.5 * clip, $"no extreme row moved the sum by much ({largest}): the test shows nothing");
        }

        private static Discriminator Critic() =>
            new Discriminator(nn.Sequential(("linear0", nn.Linear(3, 4)), ("lrelu0", nn.LeakyReLU(0.2))), 4, 0, 1, minibatchStdDev: false);
    }
}
