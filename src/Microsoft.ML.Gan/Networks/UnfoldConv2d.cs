using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// A strided convolution computed as unfold (im2col) and one matrix product. Used for the critic's first
    /// layer, whose input has few channels: there libtorch's CPU conv2d (TorchSharp 0.107) intermittently
    /// returns NaN input gradients with 2 threads (measured here: 1 to 2 input channels, 4 to 24 output
    /// channels, 8x8 to 32x32 images, up to 85% of backward passes), and the input gradient is exactly what
    /// the generator learns from. Unfold's backward (fold) has no such fault; tests keep the check.
    /// </summary>
    internal sealed class UnfoldConv2d : nn.Module<Tensor, Tensor>
    {
        private readonly Parameter weight;
        private readonly Parameter bias;
        private readonly int _kernel;
        private readonly int _stride;
        private readonly int _padding;

        public UnfoldConv2d(int inChannels, int outChannels, int kernel, int stride, int padding) : base(nameof(UnfoldConv2d))
        {
            _kernel = kernel;
            _stride = stride;
            _padding = padding;
            weight = new Parameter(torch.empty(outChannels, inChannels * kernel * kernel));
            bias = new Parameter(torch.zeros(outChannels));
            // PyTorch's default bound, 1 / sqrt(fan_in); training re-initialises from its own seeded generator.
            double bound = 1.0 / System.Math.Sqrt(inChannels * kernel * kernel);
            using (torch.no_grad())
            {
                weight.uniform_(-bound, bound);
                bias.uniform_(-bound, bound);
            }
            RegisterComponents();
        }

        public Parameter Weight => weight;
        public Parameter Bias => bias;

        /// <summary>[n, c, h, w] to [n, out, h', w'] with h' = (h + 2 padding - kernel) / stride + 1.</summary>
        public override Tensor forward(Tensor x)
        {
            long n = x.shape[0];
            long height = (x.shape[2] + 2 * _padding - _kernel) / _stride + 1;
            long width = (x.shape[3] + 2 * _padding - _kernel) / _stride + 1;
            var columns = torch.nn.functional.unfold(x, _kernel, 1, _padding, _stride);   // [n, c * k * k, h' * w']
            var y = torch.matmul(weight, columns) + bias.unsqueeze(1);                     // [n, out, h' * w']
            return y.reshape(n, weight.shape[0], height, width);
        }
    }
}
