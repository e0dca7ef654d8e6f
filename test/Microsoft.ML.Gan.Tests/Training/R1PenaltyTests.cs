using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Training
{
    /// <summary>The R1 option end to end: it changes training, resumes bit for bit, and a checkpoint records it.</summary>
    [TestClass]
    public sealed class R1PenaltyTests
    {
        [TestMethod]
        public void R1ChangesTrainingResumesExactlyAndIsPartOfTheCheckpoint()
        {
            string dir = Directory.CreateTempSubdirectory("gan-r1-").FullName;
            try
            {
                var ml = new MLContext();
                var data = TestData.Vectors(ml, TestData.Gaussian(200, 2, 1, 2, 5));
                GanEstimator.Options Options(int epochs, float r1, string? checkpoints = null, string? resume = null)
                {
                    var o = TestData.Tiny(epochs, seed: 3);
                    o.R1PenaltyWeight = r1;
                    o.CheckpointDirectory = checkpoints;
                    o.CheckpointInterval = 2;
                    o.ResumeFromCheckpoint = resume;
                    return o;
                }
                using var without = ml.Generative().Gan(Options(epochs: 4, r1: 0)).Fit(data);
                using var with = ml.Generative().Gan(Options(epochs: 4, r1: 1)).Fit(data);
                var rowsWithout = TestData.Column(without.Generate(300, 1), "Generated");
                var rowsWith = TestData.Column(with.Generate(300, 1), "Generated");
                Assert.IsFalse(rowsWithout.Zip(rowsWith).All(p => p.First.SequenceEqual(p.Second)), "the penalty takes part in training");

                string interrupted = Path.Combine(dir, "interrupted");
                using (ml.Generative().Gan(Options(epochs: 2, r1: 1, checkpoints: interrupted)).Fit(data)) { }
                using var resumed = ml.Generative().Gan(Options(epochs: 4, r1: 1, resume: interrupted)).Fit(data);
                TestData.AssertSame(rowsWith, TestData.Column(resumed.Generate(300, 1), "Generated"));

                var ex = Assert.Throws<System.InvalidOperationException>(() =>
                    ml.Generative().Gan(Options(epochs: 4, r1: 0.5f, resume: interrupted)).Fit(data).Dispose());
                StringAssert.Contains(ex.Message, nameof(GanEstimator.Options.R1PenaltyWeight));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
