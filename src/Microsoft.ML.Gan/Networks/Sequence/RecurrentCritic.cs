using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Sequence
{
    /// <summary>
    /// The critic's feature extractor for windows: packed rows [packs, packing × length × features] are read as
    /// [packs, length, packing × features] (a pack's windows side by side, step by step), run through stacked GRUs,
    /// and summarised as the last step's output beside the mean over steps (the end of a window and its whole
    /// course). The <see cref="Discriminator"/> adds the one logit per pack.
    /// </summary>
    internal sealed class RecurrentCritic : nn.Module<Tensor, Tensor>
    {
        private readonly RecurrentStack recurrent;
        private readonly int _length, _features, _packing;

        public RecurrentCritic(int length, int features, int packing, IReadOnlyList<int> hidden) : base(nameof(RecurrentCritic))
        {
            _length = length;
            _features = features;
            _packing = packing;
            recurrent = new RecurrentStack(packing * features, hidden);
            RegisterComponents();
        }

        /// <summary>Width of the features it returns: twice the last GRU's width.</summary>
        public int OutputWidth => 2 * recurrent.OutputWidth;

        public override Tensor forward(Tensor x)
        {
            long packs = x.shape[0];
            var steps = _packing == 1
                ? x.reshape(packs, _length, _features)
                : x.reshape(packs, _packing, _length, _features).permute(0, 2, 1, 3).reshape(packs, _length, (long)_packing * _features);
            var h = recurrent.forward(steps);
            return torch.cat(new[] { h.select(1, _length - 1), h.mean(new long[] { 1 }) }, 1);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                recurrent.Dispose();
            base.Dispose(disposing);
        }
    }
}
