using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// The image shape of a feature column: from its dimensions (ExtractPixels writes Vector&lt;Single, C, H, W&gt;)
    /// or from the ImageHeight/ImageWidth/ImageChannels options, which must agree with the dimensions when both exist.
    /// </summary>
    internal static class ImageShapes
    {
        /// <summary>The shape, or null when the column has none and the image options give none.</summary>
        public static ImageShape? Resolve(IExceptionContext ectx, string column, VectorDataViewType type, int? imageHeight, int? imageWidth, int? imageChannels)
        {
            ImageShape? fromType = FromDimensions(type);
            if (imageHeight is not int height || imageWidth is not int width)
                return fromType;

            int plane = height * width;
            int channels = imageChannels ?? (type.Size % plane == 0 ? type.Size / plane : 0);
            var fromOptions = new ImageShape(channels, height, width);
            if (channels == 0 || fromOptions.Size != type.Size)
                throw ectx.ExceptParam("ImageHeight",
                    $"Column '{column}' has {type.Size} values per row, but ImageChannels x ImageHeight x ImageWidth = " +
                    $"{imageChannels?.ToString() ?? "?"} x {height} x {width}" + (channels == 0 ? $": {type.Size} is not a multiple of {plane}." : $" = {fromOptions.Size}."));
            if (fromType is { } t && t != fromOptions)
                throw ectx.ExceptParam("ImageHeight",
                    $"Column '{column}' is {type} (channels x height x width {t}), but the image options say {fromOptions}. " +
                    "Leave ImageHeight, ImageWidth and ImageChannels unset to use the column's dimensions.");
            return fromOptions;
        }

        /// <summary>A vector with three dimensions is [channels, height, width], ExtractPixels' planar layout.</summary>
        private static ImageShape? FromDimensions(VectorDataViewType type)
        {
            var dims = type.Dimensions;
            if (dims.Length != 3 || dims.Any(d => d < 1))
                return null;
            return new ImageShape(dims[0], dims[1], dims[2]);
        }

        /// <summary>The architecture to train for the <paramref name="requested"/> one, and its image shape (null for MLPs).</summary>
        public static (GanArchitecture Architecture, ImageShape? Image) Choose(IExceptionContext ectx, string column, VectorDataViewType type,
            GanArchitecture requested, int? imageHeight, int? imageWidth, int? imageChannels)
        {
            var image = Resolve(ectx, column, type, imageHeight, imageWidth, imageChannels);
            bool usable = image is { Height: >= 4, Width: >= 4 };
            switch (requested)
            {
                case GanArchitecture.Mlp:
                    return (GanArchitecture.Mlp, null);
                case GanArchitecture.Dcgan when image is null:
                    throw ectx.ExceptParam("Architecture",
                        $"Architecture = Dcgan needs an image shape, but column '{column}' is {type} without [channels, height, width] dimensions. " +
                        "Set ImageHeight and ImageWidth (and ImageChannels), or use ExtractPixels, whose output carries them.");
                case GanArchitecture.Dcgan when !usable:
                    throw ectx.ExceptParam("Architecture",
                        $"Architecture = Dcgan needs images of at least 4 x 4 pixels; column '{column}' holds {image} images.");
                case GanArchitecture.Dcgan:
                    return (GanArchitecture.Dcgan, image);
                default:
                    return usable ? (GanArchitecture.Dcgan, image) : (GanArchitecture.Mlp, null);
            }
        }
    }
}
