using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// The discriminator as trained: an MLP that judges <c>packing</c> samples at once (PacGAN, Lin et al.
    /// 2018: a collapsed generator's packs look alike, which D can see), optionally with the minibatch
    /// standard deviation as one more input (Karras et al. 2018), a cheap diversity signal.
    /// </summary>
    internal sealed class Critic : nn.Module<Tensor, Tensor>
    {
        private readonly Sequential body;
        private readonly int _packing;
        private readonly bool _minibatchStdDev;

        public Critic(int featureSize, IReadOnlyList<int> hidden, int packing, bool minibatchStdDev) : base(nameof(Critic))
        {
            _packing = packing;
            _minibatchStdDev = minibatchStdDev;
            body = MlpNetworks.Discriminator(featureSize * packing + (minibatchStdDev ? 1 : 0), hidden);
            RegisterComponents();
        }

        /// <summary>[rows, features] with rows a multiple of the packing, to [rows / packing, 1] outputs.</summary>
        public override Tensor forward(Tensor x)
        {
            var packed = _packing == 1 ? x : x.reshape(x.shape[0] / _packing, x.shape[1] * _packing);
            if (_minibatchStdDev)
            {
                var spread = packed.std(0, unbiased: false).mean().expand(packed.shape[0], 1);
                packed = torch.cat(new[] { packed, spread }, 1);
            }
            return body.forward(packed);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                body.Dispose();
            base.Dispose(disposing);
        }
    }
}
