using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>Keeps the top-left height x width of [n, c, h, w] maps: sizes that are not a multiple of the upsampling factor.</summary>
    internal sealed class Crop : nn.Module<Tensor, Tensor>
    {
        private readonly long _height;
        private readonly long _width;

        public Crop(long height, long width) : base(nameof(Crop))
        {
            _height = height;
            _width = width;
        }

        public override Tensor forward(Tensor x) => x.narrow(2, 0, _height).narrow(3, 0, _width);
    }
}
