using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks
{
    /// <summary>
    /// The discriminator as trained: a feature extractor (MLP or convolutional) and one logit. It judges
    /// <c>packing</c> samples at once (PacGAN, Lin et al. 2018: a collapsed generator's packs look alike,
    /// which D can see), optionally with the minibatch standard deviation as one more feature (Karras et
    /// al. 2018), and for a conditional GAN adds the projection term &lt;embed(condition), features&gt;
    /// (Miyato and Koyama 2018), which conditions D without widening its input.
    /// </summary>
    internal sealed class Discriminator : nn.Module<Tensor, Tensor?, Tensor>
    {
        private readonly Sequential features;
        private readonly Linear logit;
        private readonly Linear? projection;
        private readonly int _packing;
        private readonly bool _minibatchStdDev;

        /// <param name="features">Maps packed rows [rows / packing, packing * size] to [rows / packing, featureWidth].</param>
        /// <param name="featureWidth">Width of the features' output.</param>
        /// <param name="conditionSize">Width of one row's condition vector; 0 when unconditional (no projection term).</param>
        /// <param name="packing">Samples judged together as one pack.</param>
        /// <param name="minibatchStdDev">Whether the minibatch standard deviation joins the features.</param>
        public Discriminator(Sequential features, int featureWidth, int conditionSize, int packing, bool minibatchStdDev) : base(nameof(Discriminator))
        {
            this.features = features;
            _packing = packing;
            _minibatchStdDev = minibatchStdDev;
            logit = nn.Linear(featureWidth + (minibatchStdDev ? 1 : 0), 1);
            if (conditionSize > 0)
                projection = nn.Linear(conditionSize * packing, featureWidth, hasBias: false);
            RegisterComponents();
            // Batch norm and the minibatch deviation mix rows; a pass-dependent module (dropout) draws per pass.
            ScoresPacksApart = !minibatchStdDev && !features.modules().Any(m => m is BatchNorm1d or BatchNorm2d or IPassDependent);
        }

        /// <summary>
        /// Whether each pack's score depends on that pack alone, so that one pass over real and generated rows
        /// together gives exactly the scores of two passes (no batch norm, minibatch deviation or dropout).
        /// </summary>
        public bool ScoresPacksApart { get; }

        /// <summary>The class embedding of the projection term; null when unconditional.</summary>
        public Linear? Projection => projection;

        // The parts below are for a pass that runs the critic's layers one by one and keeps what each linear layer saw
        // (per-example gradient clipping, Privacy/PerExampleClipping); forward is the one definition of the critic.

        /// <summary>The feature extractor: packed rows to [packs, featureWidth].</summary>
        public Sequential Features => features;

        /// <summary>The layer from the features (and the minibatch deviation, when on) to the one logit.</summary>
        public Linear Logit => logit;

        /// <summary>Samples judged together as one pack.</summary>
        public int Packing => _packing;

        /// <summary>Whether the minibatch standard deviation joins the features.</summary>
        public bool MinibatchStdDev => _minibatchStdDev;

        /// <summary>[rows, size] samples (rows a multiple of the packing) and their conditions, to [rows / packing, 1] logits.</summary>
        public override Tensor forward(Tensor x, Tensor? condition)
        {
            long packs = x.shape[0] / _packing;
            var packed = _packing == 1 ? x : x.reshape(packs, x.shape[1] * _packing);
            var h = features.forward(packed);
            var input = h;
            if (_minibatchStdDev)
            {
                var spread = packed.std(0, unbiased: false).mean().expand(packs, 1);
                input = torch.cat(new[] { h, spread }, 1);
            }
            var output = logit.forward(input);
            if (projection is not null && condition is not null)
            {
                var c = _packing == 1 ? condition : condition.reshape(packs, condition.shape[1] * _packing);
                output = output + (projection.forward(c) * h).sum(1, keepdim: true);
            }
            return output;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                features.Dispose();
                logit.Dispose();
                projection?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
