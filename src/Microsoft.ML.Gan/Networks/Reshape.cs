using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>[n, ...] to [n, shape...]: between the dense and convolutional parts of the DCGAN networks.</summary>
    internal sealed class Reshape : nn.Module<Tensor, Tensor>
    {
        private readonly long[] _shape;

        /// <param name="shape">The shape of one sample; empty flattens each sample to one vector.</param>
        public Reshape(params long[] shape) : base(nameof(Reshape)) => _shape = shape;

        public override Tensor forward(Tensor x) =>
            _shape.Length == 0 ? x.reshape(x.shape[0], -1) : x.reshape([x.shape[0], .. _shape]);
    }
}
