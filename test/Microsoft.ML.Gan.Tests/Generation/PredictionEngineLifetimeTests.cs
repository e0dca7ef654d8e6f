using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.Persistence;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Generation
{
    /// <summary>
    /// ML.NET's PredictionEngine.Dispose disposes the transformer it was made from (docs/ARCHITECTURE.md, fact 13);
    /// a GanTransformer counts its engines as holders of the generator, so one engine's Dispose never frees the model
    /// under the others, and the generator is freed when its owner and every engine have let go.
    /// </summary>
    [TestClass]
    public sealed class PredictionEngineLifetimeTests
    {
        private sealed class LatentRow
        {
            [VectorType(4)] public float[] Latent = new float[4];
        }

        private sealed class GeneratedRow
        {
            [VectorType(2)] public float[] Generated = new float[2];
        }

        private static readonly LatentRow Input = new() { Latent = new[] { 0.5f, -1f, 0.25f, 2f } };

        private static GanTransformer Train(MLContext ml)
        {
            var o = TestData.Tiny(epochs: 1);
            o.LatentDimension = 4;
            return ml.Generative().Gan(o).Fit(TestData.Vectors(ml, TestData.Gaussian(64, 2, 0, 1, seed: 1)));
        }

        private static PredictionEngine<LatentRow, GeneratedRow> Engine(MLContext ml, ITransformer model) =>
            ml.Model.CreatePredictionEngine<LatentRow, GeneratedRow>(model);

        private static float[] Predict(PredictionEngine<LatentRow, GeneratedRow> engine) => (float[])engine.Predict(Input).Generated.Clone();

        private static torch.Tensor Weight(GanTransformer model) => model.Model.Network.parameters().First();

        [TestMethod]
        public void DisposingOneEngineLeavesTheOthersWorkingAndTheLastHolderFreesTheGenerator()
        {
            var ml = new MLContext(1);
            var model = Train(ml);
            var weight = Weight(model);
            var first = Engine(ml, model);
            var second = Engine(ml, model);
            float[] expected = Predict(first);

            first.Dispose();   // disposes the transformer too
            CollectionAssert.AreEqual(expected, Predict(second), "the other engine still predicts");
            using (var third = Engine(ml, model))
                CollectionAssert.AreEqual(expected, Predict(third), "a new engine can still be made");
            Assert.AreEqual(3, TestData.Column(model.Generate(3), "Generated").Length, "the owner still generates");

            model.Dispose();   // the owner lets go; the second engine still holds the generator
            CollectionAssert.AreEqual(expected, Predict(second));
            Assert.IsFalse(weight.IsInvalid);

            second.Dispose();   // the last holder
            Assert.IsTrue(weight.IsInvalid, "the generator's native tensors are freed");
            Assert.ThrowsExactly<ObjectDisposedException>(() => model.Generate(3));
            Assert.ThrowsExactly<ObjectDisposedException>(() => Engine(ml, model));
            model.Dispose();   // after the end, harmless
        }

        [TestMethod]
        public void OneEnginePerThreadWithUsingKeepsTheModelForTheOthers()
        {
            var ml = new MLContext(1);
            using var model = Train(ml);
            float[] expected;
            using (var reference = Engine(ml, model))
                expected = Predict(reference);
            var results = new List<float[]>[4];
            // Each thread makes, uses and disposes several engines in turn: the guide's pattern.
            Parallel.For(0, 4, t =>
            {
                results[t] = new List<float[]>();
                for (int round = 0; round < 5; round++)
                {
                    using var engine = Engine(ml, model);
                    for (int i = 0; i < 3; i++)
                        results[t].Add(Predict(engine));
                }
            });
            foreach (var rows in results)
            {
                Assert.AreEqual(15, rows.Count);
                foreach (var row in rows)
                    CollectionAssert.AreEqual(expected, row);
            }
            Assert.IsFalse(Weight(model).IsInvalid, "every engine has let go; the owner still holds the generator");
        }

        [TestMethod]
        public void EnginesOverALoadedChainOutliveTheFirstOneDisposed()
        {
            var ml = new MLContext(1);
            var o = TestData.Tiny(epochs: 1);
            var data = TestData.Vectors(ml, TestData.Gaussian(64, 2, 0, 1, seed: 1));
            var pipeline = ml.Generative().Gan(o).Append(ml.Transforms.CopyColumns("Copy", "Generated"));
            byte[] file;
            using (var trained = pipeline.Fit(data))
                file = ModelFiles.Save(ml, trained, data.Schema);

            var weakWeight = UseAndDisposeEverything(ml, file);

            // ML.NET's chain forwards only its first Dispose, so the generator is then freed when the chain and its
            // engines are collected: nothing else holds it.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            Assert.IsFalse(weakWeight.IsAlive, "the generator's tensors were collected and their native memory freed");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference UseAndDisposeEverything(MLContext ml, byte[] file)
        {
            var loaded = ml.Model.Load(new MemoryStream(file, writable: false), out _);
            var gan = ((IEnumerable<ITransformer>)loaded).OfType<GanTransformer>().Single();
            Assert.IsInstanceOfType<TransformerChain<ITransformer>>(loaded);
            var first = Engine(ml, loaded);
            var second = Engine(ml, loaded);
            float[] expected = Predict(first);

            first.Dispose();   // disposes the chain, which disposes the GanTransformer once
            CollectionAssert.AreEqual(expected, Predict(second), "the other engine still predicts");
            using (var third = Engine(ml, loaded))
                CollectionAssert.AreEqual(expected, Predict(third), "a new engine can still be made");
            Assert.AreEqual(3, TestData.Column(gan.Generate(3), "Generated").Length);

            second.Dispose();
            ((IDisposable)loaded).Dispose();
            return new WeakReference(Weight(gan));
        }
    }
}
