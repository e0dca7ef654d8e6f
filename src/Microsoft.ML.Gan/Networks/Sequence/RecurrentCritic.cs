using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Sequence
{
    /// <summary>
    /// The critic's feature extractor for sequences: packed rows [packs, packing × (attributes + length × features)] are
    /// read as [packs, length, packing × (features + attributes)] (a pack's sequences side by side, step by step, each
    /// step beside its sequence's attributes), run through stacked GRUs, and summarised as the last step's output beside
    /// the mean over steps (the end of a window and its whole course). The <see cref="Discriminator"/> adds the one
    /// logit per pack.
    /// </summary>
    internal sealed class RecurrentCritic : nn.Module<Tensor, Tensor>
    {
        private readonly RecurrentStack recurrent;
        private readonly int _length, _features, _attributes, _packing;

        public RecurrentCritic(int length, int features, int attributes, int packing, IReadOnlyList<int> hidden) : base(nameof(RecurrentCritic))
        {
            _length = length;
            _features = features;
            _attributes = attributes;
            _packing = packing;
            recurrent = new RecurrentStack(packing * (features + attributes), hidden);
            RegisterComponents();
        }

        /// <summary>Width of the features it returns: twice the last GRU's width.</summary>
        public int OutputWidth => 2 * recurrent.OutputWidth;

        public override Tensor forward(Tensor x)
        {
            long packs = x.shape[0];
            Tensor steps;
            if (_attributes == 0)
            {
                steps = _packing == 1
                    ? x.reshape(packs, _length, _features)
                    : x.reshape(packs, _packing, _length, _features).permute(0, 2, 1, 3).reshape(packs, _length, (long)_packing * _features);
            }
            else
            {
                var rows = x.reshape(packs, _packing, _attributes + (long)_length * _features);
                var values = rows.narrow(2, _attributes, (long)_length * _features).reshape(packs, _packing, _length, _features);
                var attributes = rows.narrow(2, 0, _attributes).unsqueeze(2).expand(packs, _packing, _length, _attributes);
                steps = torch.cat(new[] { values, attributes }, 3).permute(0, 2, 1, 3).reshape(packs, _length, (long)_packing * (_features + _attributes));
            }
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
