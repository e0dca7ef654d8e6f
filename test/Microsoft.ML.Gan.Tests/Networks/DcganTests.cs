using System;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Transforms.Image;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Networks
{
    /// <summary>DCGAN networks, image shapes, and images through ML.NET's ImageAnalytics transforms and back.</summary>
    [TestClass]
    public sealed class DcganTests
    {
        private string _dir = "";

        [TestInitialize]
        public void CreateDirectory() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), $"dcgan-{Guid.NewGuid():N}"));

        [TestCleanup]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        [TestMethod]
        [DataRow(1, 28, 28, 2, 7, 7)]
        [DataRow(1, 32, 32, 3, 4, 4)]
        [DataRow(3, 32, 32, 3, 4, 4)]
        [DataRow(3, 64, 48, 3, 8, 6)]
        [DataRow(1, 27, 27, 3, 4, 4)]
        [DataRow(1, 8, 8, 1, 4, 4)]
        public void GeneratorAndCriticShapes(int c, int h, int w, int doublings, int startH, int startW)
        {
            var spec = new DcganSpec(latentDimension: 8, conditionSize: 3, new ImageShape(c, h, w), generatorMaps: 4, discriminatorMaps: 4);
            Assert.AreEqual((doublings, startH, startW), (spec.Doublings, spec.StartHeight, spec.StartWidth));
            using var scope = torch.NewDisposeScope();
            using var generator = spec.CreateGenerator();
            using var critic = spec.CreateDiscriminator(packing: 2, minibatchStdDev: true, batchNorm: true);
            var condition = torch.nn.functional.one_hot(torch.tensor(new long[] { 0, 1, 2, 0, 1, 2 }), 3).to_type(torch.ScalarType.Float32);
            var images = generator.forward(torch.cat(new[] { torch.randn(6, 8), condition }, 1));
            CollectionAssert.AreEqual(new long[] { 6, c * h * w }, images.shape, "planar images, one row each");
            Assert.IsTrue(images.abs().max().item<float>() <= 1f, "tanh output");
            CollectionAssert.AreEqual(new long[] { 3, 1 }, critic.forward(images, condition).shape, "one logit per pack of 2");
        }

        /// <summary>The matrix-product layers that stand in for libtorch's faulty kernels compute the same function.</summary>
        [TestMethod]
        public void UnfoldAndFoldLayersMatchLibtorchsConvolutions()
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var x = torch.randn(4, 3, 10, 10);
            using var conv = torch.nn.Conv2d(3, 16, 4, stride: 2, padding: 1);
            using var unfold = new UnfoldConv2d(3, 16, 4, stride: 2, padding: 1);
            unfold.Weight.copy_(conv.weight!.reshape(16, -1));
            unfold.Bias.copy_(conv.bias!);
            Assert.IsTrue(torch.allclose(conv.forward(x), unfold.forward(x), rtol: 1e-4, atol: 1e-5), "convolution");

            var maps = torch.randn(4, 16, 5, 5);
            using var deconv = torch.nn.ConvTranspose2d(16, 3, 4, stride: 2, padding: 1);
            using var fold = new FoldConvTranspose2d(16, 3, 4, stride: 2, padding: 1);
            fold.Weight.copy_(deconv.weight!.reshape(16, -1));
            fold.Bias.copy_(deconv.bias!);
            var expected = deconv.forward(maps);
            CollectionAssert.AreEqual(new long[] { 4, 3, 10, 10 }, fold.forward(maps).shape);
            Assert.IsTrue(torch.allclose(expected, fold.forward(maps), rtol: 1e-4, atol: 1e-5), "transposed convolution");
        }

        /// <summary>
        /// The libtorch fault these layers avoid: a 1-channel generator output and a 1-channel critic input, trained
        /// for 300 steps of 8 images, must stay finite (with libtorch's own layers this failed within 20 steps).
        /// </summary>
        [TestMethod]
        public void SmallChannelDcganTrainsWithoutNaN()
        {
            using var scope = torch.NewDisposeScope();
            var spec = new DcganSpec(4, 0, new ImageShape(1, 8, 8), 4, 4);
            using var rng = new torch.Generator(1, torch.CPU);
            using var g = spec.CreateGenerator();
            using var d = spec.CreateDiscriminator(1, false, true);
            ParameterInit.Reset(g, rng);
            ParameterInit.Reset(d, rng);
            using var optD = torch.optim.Adam(d.parameters(), 2e-4, 0.5, 0.999);
            using var optG = torch.optim.Adam(g.parameters(), 2e-4, 0.5, 0.999);
            var real = torch.rand(8, 64, generator: rng) * 2 - 1;
            for (int i = 0; i < 300; i++)
            {
                using var step = torch.NewDisposeScope();
                torch.Tensor fake;
                using (torch.no_grad())
                    fake = g.forward(torch.randn(8, 4, generator: rng));
                optD.zero_grad();
                var lossD = torch.nn.functional.binary_cross_entropy_with_logits(d.forward(real, null), torch.ones(8, 1))
                    + torch.nn.functional.binary_cross_entropy_with_logits(d.forward(fake, null), torch.zeros(8, 1));
                lossD.backward();
                optD.step();
                optG.zero_grad();
                var lossG = torch.nn.functional.binary_cross_entropy_with_logits(d.forward(g.forward(torch.randn(8, 4, generator: rng)), null), torch.ones(8, 1));
                lossG.backward();
                optG.step();
                Assert.IsTrue(float.IsFinite(lossD.item<float>()) && float.IsFinite(lossG.item<float>()), $"step {i}");
            }
        }

        [TestMethod]
        public void ImageShapeComesFromTheColumnOrTheOptionsAndMustAgree()
        {
            var ml = new MLContext(seed: 1);
            var shaped = Images(ml, 16, new[] { 1, 8, 8 });
            var flat = Images(ml, 16, new[] { 64 });

            var o = Tiny();
            o.ImageHeight = 4;
            o.ImageWidth = 16;
            var conflict = Assert.Throws<ArgumentException>(() => ml.Generative().Gan(o).Fit(shaped));
            StringAssert.Contains(conflict.Message, "'Features'");
            StringAssert.Contains(conflict.Message, "1x8x8");
            StringAssert.Contains(conflict.Message, "1x4x16");

            o = Tiny();
            o.ImageHeight = 8;
            o.ImageWidth = 8;
            o.ImageChannels = 3;
            var size = Assert.Throws<ArgumentException>(() => ml.Generative().Gan(o).Fit(flat));
            StringAssert.Contains(size.Message, "has 64 values");
            StringAssert.Contains(size.Message, "= 192");

            o = Tiny();
            o.Architecture = GanArchitecture.Dcgan;
            var none = Assert.Throws<ArgumentException>(() => ml.Generative().Gan(o).Fit(flat));
            StringAssert.Contains(none.Message, "needs an image shape");

            o = Tiny();
            o.ImageHeight = 8;
            o.ImageWidth = 8;
            using var fromOptions = ml.Generative().Gan(o).Fit(flat);
            Assert.AreEqual(GanArchitecture.Dcgan, fromOptions.Architecture, "Auto picks DCGAN for an image shape from the options");
            using var mlp = ml.Generative().Gan(Tiny()).Fit(flat);
            Assert.AreEqual(GanArchitecture.Mlp, mlp.Architecture, "and MLPs for vectors without one");
        }

        [TestMethod]
        public void DcganModelKeepsTheDimensionsAndSurvivesSaveAndLoad()
        {
            var ml = new MLContext(seed: 1);
            var data = Images(ml, 32, new[] { 1, 8, 8 });
            using var model = ml.Generative().Gan(Tiny()).Fit(data);
            Assert.AreEqual(GanArchitecture.Dcgan, model.Architecture);
            var type = (VectorDataViewType)model.Generate(1).Schema["Generated"].Type;
            CollectionAssert.AreEqual(new[] { 1, 8, 8 }, type.Dimensions.ToArray());
            var values = TestData.Column(model.Generate(40, 3), "Generated");
            Assert.IsTrue(values.SelectMany(v => v).All(v => v >= -1e-3f && v <= 255.001f), "inside the training pixel range");

            string path = Path.Combine(_dir, "dcgan.zip");
            ml.Model.Save(model, data.Schema, path);
            using var loaded = (GanTransformer)new MLContext().Model.Load(path, out _);
            TestData.AssertSame(values, TestData.Column(loaded.Generate(40, 3), "Generated"));
        }

        /// <summary>Tiny PNGs made here, through LoadImages, ResizeImages, ConvertToGrayscale, ExtractPixels, the GAN, and ConvertToImage.</summary>
        [TestMethod]
        public void ImageAnalyticsPipelineEndToEnd()
        {
            var ml = new MLContext(seed: 1);
            var gan = FitTopAndBottomImages(ml, 24, Tiny());
            Assert.AreEqual(GanArchitecture.Dcgan, gan.Architecture, "Vector<Single, 1, 8, 8> from ExtractPixels");
            CollectionAssert.AreEqual(new[] { "bottom", "top" }, gan.Classes.ToArray());

            var generated = gan.Generate(4, 2, "top");
            var images = ml.Transforms.ConvertToImage(8, 8, "Picture", "Generated", ImagePixelExtractingEstimator.ColorBits.Red)
                .Fit(generated).Transform(generated);
            var values = TestData.Column(generated, "Generated");
            int written = 0;
            using (var cursor = images.GetRowCursor(new[] { images.Schema["Picture"] }))
            {
                var get = cursor.GetGetter<MLImage>(images.Schema["Picture"]);
                MLImage image = null!;
                while (cursor.MoveNext())
                {
                    get(ref image);
                    Assert.AreEqual((8, 8), (image.Width, image.Height));
                    // The picture carries the generated values: its red channel is each value clamped to a byte.
                    int red = image.PixelFormat == MLPixelFormat.Bgra32 ? 2 : 0;
                    var pixels = image.Pixels.ToArray();
                    for (int i = 0; i < 64; i++)
                        Assert.AreEqual(Math.Clamp(values[written][i], 0f, 255f), pixels[4 * i + red], 1.0f, $"image {written}, pixel {i}");
                    image.Save(Path.Combine(_dir, $"out{written++}.png"));
                }
            }
            Assert.AreEqual(4, written);
            using var reread = MLImage.CreateFromFile(Path.Combine(_dir, "out0.png"));
            Assert.AreEqual(8, reread.Width);
        }

        /// <summary>A trained conditional DCGAN draws each class where its training images are bright; one epoch does not.</summary>
        [TestMethod]
        public void GeneratedTopImagesAreBrightOnTopAndBottomImagesAtTheBottom()
        {
            double trained = BrightnessContrast(FitTopAndBottomImages(new MLContext(seed: 1), 96, Learning(epochs: 150)));
            double untrained = BrightnessContrast(FitTopAndBottomImages(new MLContext(seed: 1), 96, Learning(epochs: 1)));
            // Real images have a contrast of about 190 grey levels.
            Assert.IsTrue(trained > 100, $"trained: 'top' minus 'bottom' upper-half brightness {trained:F1} grey levels");
            Assert.IsTrue(trained > untrained + 80, $"trained {trained:F1} against one epoch {untrained:F1}");

            static GanEstimator.Options Learning(int epochs)
            {
                var o = Tiny();
                o.Epochs = epochs;
                o.BatchSize = 16;
                o.LatentDimension = 16;
                o.GeneratorFeatureMaps = 16;
                o.DiscriminatorFeatureMaps = 16;
                return o;
            }
        }

        // How much brighter the upper half is than the lower half in 'top' images, minus the same in 'bottom' images.
        private static double BrightnessContrast(GanTransformer gan)
        {
            double UpperMinusLower(string label) => TestData.Column(gan.Generate(64, 7, label), "Generated")
                .Average(v => v.Take(32).Average() - v.Skip(32).Average());
            return (UpperMinusLower("top") - UpperMinusLower("bottom")) / 2;
        }

        private GanTransformer FitTopAndBottomImages(MLContext ml, int count, GanEstimator.Options o)
        {
            var files = Enumerable.Range(0, count).Select(i => new ImageFile { Path = WritePng(i), Label = i % 2 == 0 ? "top" : "bottom" }).ToArray();
            o.FeatureColumnName = "Pixels";
            o.LabelColumnName = "Label";
            var pipeline = ml.Transforms.LoadImages("Image", _dir, "Path")
                .Append(ml.Transforms.ResizeImages("Image", 8, 8))
                .Append(ml.Transforms.ConvertToGrayscale("Image"))
                .Append(ml.Transforms.ExtractPixels("Pixels", "Image", colorsToExtract: ImagePixelExtractingEstimator.ColorBits.Red))
                .Append(ml.Generative().Gan(o));
            return pipeline.Fit(ml.Data.LoadFromEnumerable(files)).LastTransformer;
        }

        [TestMethod]
        public void GridsHaveOneRowPerClassOrTheRequestedRows()
        {
            var ml = new MLContext(seed: 1);
            var data = Images(ml, 32, new[] { 1, 8, 8 }, labelled: true);
            var o = Tiny();
            o.LabelColumnName = "Label";
            using var model = ml.Generative().Gan(o).Fit(data);
            string perClass = Path.Combine(_dir, "classes.png");
            model.SaveImageGrid(perClass, columns: 5, zoom: 2);
            using (var image = MLImage.CreateFromFile(perClass))
            {
                // Two classes: two rows of 16-pixel cells with 2-pixel gaps, plus a caption column.
                Assert.AreEqual(2 + 2 * (16 + 2), image.Height);
                Assert.IsTrue(image.Width > 2 + 5 * (16 + 2), "five cells and a caption");
            }
            string real = Path.Combine(_dir, "real.png");
            GanReport.SaveImageGrid(data, "Features", real, columns: 4, maxImages: 8, zoom: 1);
            using (var image = MLImage.CreateFromFile(real))
                Assert.AreEqual((2 + 4 * 10, 2 + 2 * 10), (image.Width, image.Height), "8 images in rows of 4, 8-pixel cells");
            var ex = Assert.Throws<ArgumentException>(() => GanReport.SaveImageGrid(Images(ml, 4, new[] { 64 }), "Features", real));
            StringAssert.Contains(ex.Message, "Vector<Single, C, H, W>");
        }

        public sealed class ImageFile
        {
            public string Path = "";
            public string Label = "";
        }

        // Half the images are bright on top, half at the bottom, with a little noise.
        private string WritePng(int i)
        {
            var rng = new Random(i);
            var pixels = new byte[8 * 8 * 4];
            for (int p = 0; p < 64; p++)
            {
                bool bright = (p / 8 < 4) == (i % 2 == 0);
                byte v = (byte)Math.Clamp((bright ? 220 : 30) + rng.Next(-20, 20), 0, 255);
                pixels[4 * p] = pixels[4 * p + 1] = pixels[4 * p + 2] = v;
                pixels[4 * p + 3] = 255;
            }
            string name = $"img{i}.png";
            using var image = MLImage.CreateFromPixels(8, 8, MLPixelFormat.Bgra32, pixels);
            image.Save(Path.Combine(_dir, name));
            return name;
        }

        private static GanEstimator.Options Tiny()
        {
            var o = TestData.Tiny(epochs: 2);
            o.BatchSize = 8;
            o.GeneratorFeatureMaps = 4;
            o.DiscriminatorFeatureMaps = 4;
            return o;
        }

        private sealed class ImageRow
        {
            public float[] Features = Array.Empty<float>();
            public string Label = "";
        }

        private static IDataView Images(MLContext ml, int count, int[] dims, bool labelled = false)
        {
            var rng = new Random(5);
            int size = dims.Aggregate(1, (a, b) => a * b);
            var rows = Enumerable.Range(0, count).Select(i => new ImageRow
            {
                Features = Enumerable.Range(0, size).Select(_ => (float)rng.Next(256)).ToArray(),
                Label = labelled ? (i % 2).ToString() : "",
            });
            var schema = SchemaDefinition.Create(typeof(ImageRow));
            schema[nameof(ImageRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dims);
            return ml.Data.LoadFromEnumerable(rows, schema);
        }
    }
}
