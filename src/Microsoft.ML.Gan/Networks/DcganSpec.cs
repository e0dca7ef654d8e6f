using System;
using System.Collections.Generic;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Persistence;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// DCGAN (Radford et al. 2016) for planar images: the generator projects noise (and the one-hot class,
    /// which makes its first layer a learned class embedding) to a small map, then doubles it with strided
    /// transposed convolutions, batch norm and ReLU, ending in tanh; the critic halves the image with strided
    /// convolutions and LeakyReLU 0.2 (batch norm after the first). Sizes that are not a power of two are
    /// handled by starting from the size divided by the largest power of two that divides it (28 = 7 x 4),
    /// or, for odd sizes, by generating a little larger and cropping.
    /// </summary>
    internal sealed class DcganSpec : NetworkSpec
    {
        private const int Kernel = 4;

        public DcganSpec(int latentDimension, int conditionSize, ImageShape image, int generatorMaps, int discriminatorMaps)
            : base(latentDimension, conditionSize, image.Size)
        {
            Image = image;
            GeneratorMaps = generatorMaps;
            DiscriminatorMaps = discriminatorMaps;
            (Doublings, StartHeight, StartWidth) = Layout(image);
        }

        public ImageShape Image { get; }

        /// <summary>Feature maps of the generator's last hidden layer; each earlier layer has twice as many.</summary>
        public int GeneratorMaps { get; }

        /// <summary>Feature maps of the critic's first layer; each later layer has twice as many.</summary>
        public int DiscriminatorMaps { get; }

        public int Doublings { get; }
        public int StartHeight { get; }
        public int StartWidth { get; }

        public override GanArchitecture Architecture => GanArchitecture.Dcgan;

        /// <summary>
        /// Number of 2x upsamplings and the starting map size: as many doublings (up to 4) as keep the start at
        /// least 4 pixels and divide both sides exactly; with none, as many as keep it at least 4, then crop.
        /// </summary>
        internal static (int Doublings, int StartHeight, int StartWidth) Layout(ImageShape image)
        {
            int side = Math.Min(image.Height, image.Width);
            for (int n = 4; n >= 1; n--)
            {
                int f = 1 << n;
                if (image.Height % f == 0 && image.Width % f == 0 && side / f >= 4)
                    return (n, image.Height / f, image.Width / f);
            }
            int doublings = 1;
            while (doublings < 4 && (side + (1 << (doublings + 1)) - 1) >> (doublings + 1) >= 4)
                doublings++;
            int g = 1 << doublings;
            return (doublings, (image.Height + g - 1) / g, (image.Width + g - 1) / g);
        }

        public override Sequential CreateGenerator()
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            int maps = GeneratorMaps << (Doublings - 1);
            int projected = maps * StartHeight * StartWidth;
            layers.Add(("project", nn.Linear(LatentDimension + ConditionSize, projected, hasBias: false)));
            layers.Add(("project_bn", nn.BatchNorm1d(projected)));
            layers.Add(("project_relu", nn.ReLU()));
            layers.Add(("unflatten", new Reshape(maps, StartHeight, StartWidth)));
            for (int i = 1; i < Doublings; i++)
            {
                layers.Add(($"up{i}", nn.ConvTranspose2d(maps, maps / 2, Kernel, stride: 2, padding: 1, bias: false)));
                layers.Add(($"up{i}_bn", nn.BatchNorm2d(maps / 2)));
                layers.Add(($"up{i}_relu", nn.ReLU()));
                maps /= 2;
            }
            layers.Add(("to_image", new FoldConvTranspose2d(maps, Image.Channels, Kernel, stride: 2, padding: 1)));
            if (StartHeight << Doublings != Image.Height || StartWidth << Doublings != Image.Width)
                layers.Add(("crop", new Crop(Image.Height, Image.Width)));
            layers.Add(("tanh", nn.Tanh()));
            layers.Add(("flatten", new Reshape()));
            return nn.Sequential(layers);
        }

        public override Discriminator CreateDiscriminator(int packing, bool minibatchStdDev, bool batchNorm, NetworkNoise? noise = null)
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>
            {
                // Packed rows are packing images one after another, so they unflatten to packing * C channels.
                ("unflatten", new Reshape(packing * Image.Channels, Image.Height, Image.Width)),
                ("down0", new UnfoldConv2d(packing * Image.Channels, DiscriminatorMaps, Kernel, stride: 2, padding: 1)),
                ("down0_lrelu", nn.LeakyReLU(0.2)),
            };
            int maps = DiscriminatorMaps;
            long h = Image.Height / 2, w = Image.Width / 2;
            for (int i = 1; i < Doublings; i++)
            {
                layers.Add(($"down{i}", nn.Conv2d(maps, maps * 2, Kernel, stride: 2, padding: 1, bias: !batchNorm)));
                if (batchNorm)
                    layers.Add(($"down{i}_bn", nn.BatchNorm2d(maps * 2)));
                layers.Add(($"down{i}_lrelu", nn.LeakyReLU(0.2)));
                maps *= 2;
                h /= 2;
                w /= 2;
            }
            layers.Add(("flatten", new Reshape()));
            return new Discriminator(nn.Sequential(layers), checked((int)(maps * h * w)), ConditionSize, packing, minibatchStdDev);
        }

        public override string Describe() =>
            $"DCGAN {Image}, generator maps {GeneratorMaps}, discriminator maps {DiscriminatorMaps}";

        // CreateGenerator's layers one by one: the projection and its batch norm, each up{i} transposed convolution
        // (no bias) and its batch norm, and the last transposed convolution to the image (with bias).
        public override long GeneratorStateBytes()
        {
            long maps = (long)GeneratorMaps << (Doublings - 1);
            long projected = checked(maps * StartHeight * StartWidth);
            long total = checked(LinearBytes(LatentDimension + ConditionSize, projected, bias: false) + BatchNormBytes(projected));
            for (int i = 1; i < Doublings; i++)
            {
                total = checked(total + LinearBytes(maps, maps / 2 * Kernel * Kernel, bias: false) + BatchNormBytes(maps / 2));
                maps /= 2;
            }
            return checked(total + FloatBytes * (maps * Image.Channels * Kernel * Kernel + Image.Channels));
        }

        protected override void WriteShape(PayloadWriter w)
        {
            w.Write(Image.Channels);
            w.Write(Image.Height);
            w.Write(Image.Width);
            w.Write(GeneratorMaps);
            w.Write(DiscriminatorMaps);
        }

        internal static DcganSpec ReadShape(PayloadReader r, int latent, int condition, int features)
        {
            var image = new ImageShape(r.ReadInt32(), r.ReadInt32(), r.ReadInt32());
            int generatorMaps = r.ReadInt32();
            int discriminatorMaps = r.ReadInt32();
            RequireShape(image.Channels >= 1 && image.Height >= 4 && image.Width >= 4 && image.Height <= 1 << 14 && image.Width <= 1 << 14
                && (long)image.Channels * image.Height * image.Width == features
                && generatorMaps >= 1 && generatorMaps <= 1 << 12 && discriminatorMaps >= 1 && discriminatorMaps <= 1 << 12,
                r.What, () => $"image {image}, {features} features, maps {generatorMaps}/{discriminatorMaps}");
            return new DcganSpec(latent, condition, image, generatorMaps, discriminatorMaps);
        }
    }
}
