using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.ML.Gan.Persistence;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Persistence
{
    [TestClass]
    public sealed class PersistenceTests
    {
        private string _dir = "";

        [TestInitialize]
        public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("gan-persist-").FullName;

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        private static (MLContext Ml, IDataView Data, GanTransformer Model) Trained(int epochs = 2)
        {
            var ml = new MLContext(seed: 1);
            var data = TestData.Vectors(ml, TestData.Gaussian(300, 3, 2, 1, 1));
            return (ml, data, ml.Generative().Gan(TestData.Tiny(epochs)).Fit(data));
        }

        private string Saved(MLContext ml, ITransformer model, DataViewSchema schema, string name = "gan.zip")
        {
            string path = Path.Combine(_dir, name);
            ml.Model.Save(model, schema, path);
            return path;
        }

        private static GanTransformer Gan(ITransformer loaded) =>
            loaded as GanTransformer ?? ((System.Collections.Generic.IEnumerable<ITransformer>)loaded).OfType<GanTransformer>().Single();

        [TestMethod]
        public void RoundTripInAFreshContextIsBitExact()
        {
            var (ml, data, model) = Trained();
            using (model)
            {
                string path = Saved(ml, model, data.Schema);
                var loaded = new MLContext().Model.Load(path, out var inputSchema);
                using var gan = Gan(loaded);

                Assert.AreEqual(data.Schema.Count, inputSchema.Count);
                TestData.AssertSame(TestData.Column(model.Generate(700, 3), "Generated"), TestData.Column(gan.Generate(700, 3), "Generated"));
                TestData.AssertSame(TestData.Column(model.Transform(data), "Generated"), TestData.Column(loaded.Transform(data), "Generated"));
                Assert.AreEqual(model.Seed, gan.Seed);
                Assert.AreEqual(model.LatentDimension, gan.LatentDimension);
                Assert.AreEqual(model.FeatureColumnName, gan.FeatureColumnName);
                Assert.AreEqual(model.TrainingHistory.Count, gan.TrainingHistory.Count);
                Assert.AreEqual(model.TrainingHistory[1].GeneratorLoss, gan.TrainingHistory[1].GeneratorLoss);
                Assert.AreEqual(model.GetOutputSchema(data.Schema)["Generated"].Type, gan.GetOutputSchema(data.Schema)["Generated"].Type);
            }
        }

        [TestMethod]
        public void RoundTripInASeparateProcessIsBitExact()
        {
            var (ml, data, model) = Trained();
            using (model)
            {
                string path = Saved(ml, model, data.Schema);
                string output = Path.Combine(_dir, "generated.bin");
                string helper = Path.Combine(AppContext.BaseDirectory, "Microsoft.ML.Gan.LoadCheck.dll");
                var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in new[] { helper, path, output, "500", "9" })
                    start.ArgumentList.Add(a);
                using var process = Process.Start(start)!;
                string stdout = process.StandardOutput.ReadToEnd();
                string stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();   // the streams closed above when the helper ended; no time limit
                Assert.AreEqual(0, process.ExitCode, stderr);
                StringAssert.Contains(stdout, "assembly loaded before Model.Load: False", "the loader found our assembly from the model alone");

                var expected = TestData.Column(model.Generate(500, 9), "Generated").SelectMany(r => r).ToArray();
                var actual = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(output)).ToArray();
                CollectionAssert.AreEqual(expected, actual);
            }
        }

        private sealed class TwoColumns
        {
            public float A;
            public float B;
        }

        [TestMethod]
        public void WholePipelineRoundTripsAfterConcatenateAndNormalize()
        {
            var ml = new MLContext(seed: 1);
            var rng = new Random(2);
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 300)
                .Select(_ => new TwoColumns { A = (float)TestData.Normal(rng) * 3 + 10, B = (float)rng.NextDouble() }).ToArray());
            var pipeline = ml.Transforms.Concatenate("Features", "A", "B")
                .Append(ml.Transforms.NormalizeMinMax("Features"))
                .Append(ml.Generative().Gan(TestData.Tiny(epochs: 2)));
            var model = pipeline.Fit(data);
            string path = Saved(ml, model, data.Schema);

            var loaded = new MLContext().Model.Load(path, out var schema);
            Assert.IsInstanceOfType<TransformerChain<ITransformer>>(loaded);
            Assert.AreEqual(3, ((TransformerChain<ITransformer>)loaded).Count());
            TestData.AssertSame(TestData.Column(model.Transform(data), "Generated"), TestData.Column(loaded.Transform(data), "Generated"));
            TestData.AssertSame(TestData.Column(model.Transform(data), "Features"), TestData.Column(loaded.Transform(data), "Features"));

            // ... and used again: fitted on, saved and loaded once more.
            string again = Saved(ml, loaded, schema, "again.zip");
            var reloaded = new MLContext().Model.Load(again, out _);
            TestData.AssertSame(TestData.Column(model.Transform(data), "Generated"), TestData.Column(reloaded.Transform(data), "Generated"));
        }

        private sealed class LatentRow
        {
            [VectorType(4)] public float[] Latent = new float[4];
        }

        private sealed class GeneratedRow
        {
            [VectorType(3)] public float[] Generated = new float[3];
        }

        [TestMethod]
        public void PredictionEnginesOverALoadedModelOnePerThread()
        {
            var (ml, data, model) = Trained();
            using (model)
            {
                string path = Saved(ml, model, data.Schema);
                var fresh = new MLContext();
                var loaded = fresh.Model.Load(path, out _);
                var inputs = Enumerable.Range(0, 40).Select(i => new LatentRow
                {
                    Latent = new[] { i / 10f, -i / 20f, 1f, (float)Math.Sin(i) },
                }).ToArray();
                var reference = ml.Model.CreatePredictionEngine<LatentRow, GeneratedRow>(model);
                var expected = inputs.Select(x => reference.Predict(x).Generated).ToArray();

                var results = new float[4][][];
                Parallel.For(0, 4, t =>
                {
                    var engine = fresh.Model.CreatePredictionEngine<LatentRow, GeneratedRow>(loaded);
                    results[t] = inputs.Select(x => (float[])engine.Predict(x).Generated.Clone()).ToArray();
                });
                foreach (var r in results)
                {
                    Assert.AreEqual(inputs.Length, r.Length, "one prediction per input");
                    TestData.AssertSame(expected, r);
                }
            }
        }
    }
}
