using System;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Networks
{
    /// <summary>
    /// A loader compares <see cref="NetworkSpec.GeneratorStateBytes"/> with the weights a file stores before it builds
    /// the network the file declares; the size computed from the spec must be exactly what the built network holds.
    /// </summary>
    [TestClass]
    public sealed class GeneratorStateSizeTests
    {
        [TestMethod]
        [DataRow(8, 0, 5, new[] { 16, 7 }, DisplayName = "MLP")]
        [DataRow(4, 3, 9, new[] { 12 }, DisplayName = "MLP, conditional")]
        [DataRow(1, 0, 1, new[] { 1, 1, 1 }, DisplayName = "MLP, the narrowest")]
        public void MlpGeneratorHoldsExactlyTheComputedBytes(int latent, int condition, int features, int[] hidden) =>
            CheckExactSize(new MlpSpec(latent, condition, features, hidden, Array.Empty<int>()));

        [TestMethod]
        [DataRow(8, 0, 1, 8, 8, 4, DisplayName = "DCGAN 1x8x8, one doubling")]
        [DataRow(8, 3, 3, 28, 28, 6, DisplayName = "DCGAN 3x28x28, conditional")]
        [DataRow(5, 0, 1, 64, 64, 3, DisplayName = "DCGAN 1x64x64, four doublings")]
        [DataRow(4, 2, 2, 30, 22, 5, DisplayName = "DCGAN 2x30x22, cropped")]
        public void DcganGeneratorHoldsExactlyTheComputedBytes(int latent, int condition, int channels, int height, int width, int maps) =>
            CheckExactSize(new DcganSpec(latent, condition, new ImageShape(channels, height, width), maps, 4));

        [TestMethod]
        [DataRow(0, new[] { 16 }, DisplayName = "tabular")]
        [DataRow(5, new[] { 10, 6, 3 }, DisplayName = "tabular, conditional, three residual blocks")]
        public void TabularGeneratorHoldsExactlyTheComputedBytes(int condition, int[] hidden)
        {
            var spans = new[] { new OutputSpan(0, 1, SpanKind.Tanh), new OutputSpan(1, 3, SpanKind.Softmax), new OutputSpan(4, 2, SpanKind.Softmax) };
            CheckExactSize(new TabularNetworkSpec(7, condition, spans, hidden, Array.Empty<int>(), 0, 0.2));
        }

        [TestMethod]
        public void SizesTooLargeToStoreAreRefusedWithoutOverflowing()
        {
            // The largest shapes a file may declare: about 2^57 bytes, more than any file holds.
            var spec = new DcganSpec(1 << 16, 1 << 20, new ImageShape(1, 1 << 14, 1 << 14), 1 << 12, 1);
            var weights = new byte[] { 0 };   // a TorchSharp state of no tensors
            var ex = Assert.Throws<System.IO.InvalidDataException>(() => spec.CheckWeightsCanHold(weights, "The file"));
            StringAssert.Contains(ex.Message, "but stores 0");
        }

        private static void CheckExactSize(NetworkSpec spec)
        {
            using var generator = spec.CreateGenerator();
            long held = generator.parameters().Cast<torch.Tensor>().Concat(generator.buffers())
                .Sum(t => t.NumberOfElements * t.ElementSize);
            Assert.AreEqual(held, spec.GeneratorStateBytes(), $"{spec.Describe()}: parameters and buffers");
            byte[] saved = ModuleBytes.Save(generator);
            Assert.AreEqual(held, ModuleBytes.TensorBytes(saved, "saved"), "what Module.save stores");
            spec.CheckWeightsCanHold(saved, "saved");
        }
    }
}
