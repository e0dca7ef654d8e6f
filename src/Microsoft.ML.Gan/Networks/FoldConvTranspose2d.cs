using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// A strided transposed convolution computed as one matrix product and fold (col2im). Used for the
    /// generator's last layer, which has few output channels: libtorch's CPU conv_transpose2d (TorchSharp
    /// 0.107) shares conv2d's input-gradient kernel, which here intermittently returns NaN for 1 to 2 channels
    /// (see <see cref="UnfoldConv2d"/>). Weight layout: [in, out * kernel * kernel].
    /// </summary>
    internal sealed class FoldConvTranspose2d : nn.Module<Tensor, Tensor>
    {
        private readonly Parameter weight;
        private readonly Parameter bias;
        private readonly int _outChannels;
        private readonly int _kernel;
        private readonly int _stride;
        private readonly int _padding;

        public FoldConvTranspose2d(int inChannels, int outChannels, int kernel, int stride, int padding) : base(nameof(FoldConvTranspose2d))
        {
            _outChannels = outChannels;
            _kernel = kernel;
            _stride = stride;
            _padding = padding;
            weight = new Parameter(torch.empty(inChannels, outChannels * kernel * kernel));
            bias = new Parameter(torch.zeros(outChannels));
            // PyTorch's default bound, 1 / sqrt(fan_in); training re-initialises from its own seeded generator.
            double bound = 1.0 / System.Math.Sqrt(outChannels * kernel * kernel);
            using (torch.no_grad())
            {
                weight.uniform_(-bound, bound);
                bias.uniform_(-bound, bound);
            }
            RegisterComponents();
        }

        public Parameter Weight => weight;
        public Parameter Bias => bias;

        /// <summary>[n, in, h, w] to [n, out, (h - 1) stride - 2 padding + kernel, same for w].</summary>
        public override Tensor forward(Tensor x)
        {
            long n = x.shape[0], h = x.shape[2], w = x.shape[3];
            long height = (h - 1) * _stride - 2 * _padding + _kernel;
            long width = (w - 1) * _stride - 2 * _padding + _kernel;
            var columns = torch.matmul(weight.t(), x.reshape(n, x.shape[1], h * w));      // [n, out * k * k, h * w]
            var y = torch.nn.functional.fold(columns, (height, width), (_kernel, _kernel), (1L, 1L), (_padding, _padding), (_stride, _stride));
            return y + bias.reshape(1, _outChannels, 1, 1);
        }
    }
}
