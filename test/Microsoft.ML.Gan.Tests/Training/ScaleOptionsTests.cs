using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Training
{
    /// <summary>The scale options of #7: memory budget (streaming), threads and device.</summary>
    [TestClass]
    public sealed class ScaleOptionsTests
    {
        [TestMethod]
        public void DataBeyondTheMemoryBudgetIsStreamedAndStillLearned()
        {
            var ml = new MLContext(seed: 1);
            var messages = new List<string>();
            ml.Log += (_, e) => { lock (messages) messages.Add(e.RawMessage); };
            // 20,000 rows x 16 values = 1.28 MB, over a 1 MiB budget.
            var data = TestData.Vectors(ml, TestData.Gaussian(20_000, 16, 3, 2, 1));
            var options = TestData.Tiny(epochs: 2);
            options.BatchSize = 256;
            options.MemoryBudgetBytes = 1 << 20;
            using var model = ml.Generative().Gan(options).Fit(data);
            lock (messages)
                Assert.IsTrue(messages.Any(m => m.Contains("streaming them through a shuffle buffer of 16384 rows")), "streamed, buffer = budget / row size");
            Assert.AreEqual(2, model.TrainingHistory.Count);
            Assert.AreEqual(78, model.TrainingHistory[0].DiscriminatorUpdates, "20,000 / 256 minibatches per epoch");
            var generated = TestData.Column(model.Generate(500, 2), "Generated").SelectMany(v => v).ToArray();
            Assert.AreEqual(3, generated.Average(), 1.0, "generated values in the data's units (mean 3)");
        }

        [TestMethod]
        public void DataWithinTheBudgetStaysInMemory()
        {
            var ml = new MLContext(seed: 1);
            var messages = new List<string>();
            ml.Log += (_, e) => { lock (messages) messages.Add(e.RawMessage); };
            var data = TestData.Vectors(ml, TestData.Gaussian(500, 4, 0, 1, 1));
            using var model = ml.Generative().Gan(TestData.Tiny(epochs: 1)).Fit(data);
            lock (messages)
                Assert.IsFalse(messages.Any(m => m.Contains("shuffle buffer")), "500 x 4 floats fit the 1 GiB default");
        }

        [TestMethod]
        public void ThreadsOptionAppliesDuringTrainingAndIsRestored()
        {
            var ml = new MLContext(seed: 1);
            int before = torch.get_num_threads();
            var observed = new List<int>();
            var options = TestData.Tiny(epochs: 2);
            options.Threads = 1;
            options.Progress = new Progress(() => observed.Add(torch.get_num_threads()));
            using var model = ml.Generative().Gan(options).Fit(TestData.Vectors(ml, TestData.Gaussian(64, 2, 0, 1, 1)));
            CollectionAssert.AreEqual(new[] { 1, 1 }, observed, "one libtorch thread while training");
            Assert.AreEqual(before, torch.get_num_threads(), "the process's setting afterwards");
        }

        private sealed class Progress(Action report) : IProgress<GanProgress>
        {
            public void Report(GanProgress value) => report();
        }

        /// <summary>The CPU path of the device wiring adds nothing: tensors are passed through, not copied.</summary>
        [TestMethod]
        public void DeviceWiringIsANoOpOnTheCpu()
        {
            using var t = torch.randn(3, 2);
            Assert.AreSame(t, Microsoft.ML.Gan.Networks.TensorDevice.On(t, torch.CPU));
            Assert.AreEqual(torch.CPU.type, Microsoft.ML.Gan.Training.TrainingDevice.Resolve(new MLContext(), "cpu").type);
        }

        [TestMethod]
        public void CudaIsRefusedClearlyWithoutACudaBuild()
        {
            var ml = new MLContext(seed: 1);
            var options = TestData.Tiny();
            options.Device = "cuda";
            var ex = Assert.Throws<ArgumentException>(() => ml.Generative().Gan(options).Fit(TestData.Vectors(ml, TestData.Gaussian(64, 2, 0, 1, 1))));
            StringAssert.Contains(ex.Message, "TorchSharp-cpu");
            options.Device = "gpu";
            var bad = Assert.Throws<ArgumentException>(() => ml.Generative().Gan(options));
            StringAssert.Contains(bad.Message, "\"gpu\"");
        }
    }
}
