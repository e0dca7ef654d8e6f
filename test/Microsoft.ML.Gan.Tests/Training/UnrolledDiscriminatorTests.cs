using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Training;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tests.Training
{
    [TestClass]
    public sealed class UnrolledDiscriminatorTests
    {
        /// <summary>
        /// The look-ahead steps really move the critic (weights, batch-norm statistics, Adam's moments), and Restore
        /// puts every one of them back bit for bit, so the unrolling leaves no trace in the trained critic.
        /// </summary>
        [TestMethod]
        public void UnrollingMovesTheCriticAndRestoreReturnsItExactly()
        {
            using var critic = new MlpSpec(2, 0, 2, new[] { 8 }, new[] { 8 }).CreateDiscriminator(packing: 1, minibatchStdDev: false, batchNorm: true);
            critic.train();
            using var optimizer = optim.Adam(critic.parameters(), 1e-2, 0.5, 0.999);
            using var rng = new torch.Generator(5, torch.CPU);
            void Step()
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                var real = torch.randn(16, 2, generator: rng) + 3;
                var fake = torch.randn(16, 2, generator: rng);
                var loss = nn.functional.softplus(-critic.forward(real, null)).mean() + nn.functional.softplus(critic.forward(fake, null)).mean();
                loss.backward();
                optimizer.step();
            }
            Step(); // Adam has moments to restore
            var weightsBefore = Snapshot(critic);
            var optimizerBefore = OptimizerBytes(optimizer);

            using var unrolled = new UnrolledDiscriminator(critic, optimizer, steps: 3);
            int steps = 0;
            unrolled.Unroll(() => { Step(); steps++; });
            Assert.AreEqual(3, steps);
            var weightsUnrolled = Snapshot(critic);
            Assert.IsTrue(weightsBefore.Zip(weightsUnrolled).Any(p => !p.First.SequenceEqual(p.Second)), "the look-ahead steps change the critic");
            CollectionAssert.AreNotEqual(optimizerBefore, OptimizerBytes(optimizer), "and Adam's state");

            unrolled.Restore();
            var weightsAfter = Snapshot(critic);
            Assert.AreEqual(weightsBefore.Length, weightsAfter.Length);
            for (int i = 0; i < weightsBefore.Length; i++)
                CollectionAssert.AreEqual(weightsBefore[i], weightsAfter[i], $"parameter or buffer {i}");
            CollectionAssert.AreEqual(optimizerBefore, OptimizerBytes(optimizer), "Adam's state is back");
        }

        [TestMethod]
        public void AResumedRunWithUnrolledStepsEndsWithTheSameWeightsAsAnUninterruptedOne()
        {
            string dir = Directory.CreateTempSubdirectory("gan-unrolled-").FullName;
            try
            {
                var ml = new MLContext();
                var data = TestData.Vectors(ml, TestData.Gaussian(200, 2, 1, 2, 5));
                GanEstimator.Options Options(int epochs, string? checkpoints = null, string? resume = null)
                {
                    var o = TestData.Tiny(epochs, seed: 3);
                    o.UnrolledSteps = 2;
                    o.CheckpointDirectory = checkpoints;
                    o.CheckpointInterval = 2;
                    o.ResumeFromCheckpoint = resume;
                    return o;
                }
                string interrupted = Path.Combine(dir, "interrupted");
                using var uninterrupted = ml.Generative().Gan(Options(epochs: 4)).Fit(data);
                using (ml.Generative().Gan(Options(epochs: 2, checkpoints: interrupted)).Fit(data)) { }
                using var resumed = ml.Generative().Gan(Options(epochs: 4, resume: interrupted)).Fit(data);
                TestData.AssertSame(TestData.Column(uninterrupted.Generate(300, 1), "Generated"), TestData.Column(resumed.Generate(300, 1), "Generated"));

                // A checkpoint of a run without unrolling is refused, naming the option.
                var ex = Assert.Throws<System.InvalidOperationException>(() =>
                {
                    var other = Options(epochs: 4, resume: interrupted);
                    other.UnrolledSteps = 0;
                    ml.Generative().Gan(other).Fit(data).Dispose();
                });
                StringAssert.Contains(ex.Message, nameof(GanEstimator.Options.UnrolledSteps));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        private static float[][] Snapshot(Discriminator critic) =>
            critic.parameters().Cast<Tensor>().Concat(critic.buffers()).Select(t => t.detach().cpu().to_type(ScalarType.Float32).data<float>().ToArray()).ToArray();

        private static byte[] OptimizerBytes(OptimizerHelper optimizer)
        {
            using var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                optimizer.save_state_dict(writer);
            return stream.ToArray();
        }
    }
}
