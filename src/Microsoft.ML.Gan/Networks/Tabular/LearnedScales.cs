using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Tabular
{
    /// <summary>
    /// The last layer of a tabular VAE's decoder: the learned standard deviation σ of each continuous (tanh) span,
    /// one per span and the same for every row (TVAE's decoder σ, Xu et al. 2019), appended to each row of the layer
    /// before it. The decoder's output is thus the whole of p(x | z): the means and logits, then the scales; keeping σ
    /// a parameter of the network saves it with the weights. Starts at 0.1, as TVAE's.
    /// </summary>
    internal sealed class LearnedScales : nn.Module<Tensor, Tensor>
    {
        public const double Initial = 0.1;

        private readonly Parameter sigma;

        public LearnedScales(int count) : base(nameof(LearnedScales))
        {
            sigma = nn.Parameter(torch.full(count, Initial, ScalarType.Float32));
            RegisterComponents();
        }

        /// <summary>σ per continuous span, [spans].</summary>
        public Parameter Sigma => sigma;

        public long Count => sigma.shape[0];

        public override Tensor forward(Tensor x) =>
            Count == 0 ? x : torch.cat(new[] { x, sigma.unsqueeze(0).expand(x.shape[0], Count) }, 1);

        /// <summary>TVAE's rule after every optimizer step: σ is kept in [0.01, 1].</summary>
        public void Clamp()
        {
            using var noGrad = torch.no_grad();
            sigma.clamp_(0.01, 1.0);
        }
    }
}
