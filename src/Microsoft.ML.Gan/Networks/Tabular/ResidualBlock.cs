using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Tabular
{
    /// <summary>
    /// CTGAN's generator block (Xu et al. 2019): h = ReLU(BatchNorm(Linear(x))), output cat(h, x). The input is
    /// carried forward unchanged, so each block widens the row by its own width and later layers still see the
    /// noise and the condition directly.
    /// </summary>
    internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
    {
        private readonly Linear linear;
        private readonly BatchNorm1d norm;

        public ResidualBlock(int inputSize, int width) : base(nameof(ResidualBlock))
        {
            linear = nn.Linear(inputSize, width);
            norm = nn.BatchNorm1d(width);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var h = norm.forward(linear.forward(x));
            return torch.cat(new[] { h.relu(), x }, 1);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                linear.Dispose();
                norm.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
