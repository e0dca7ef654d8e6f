using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Sequence
{
    /// <summary>
    /// A sequence generator behind the core's flat contract, [rows, latent + condition] to [rows, length × features]:
    /// the latent is read as one noise vector per step followed by one per sequence; step t's input is its own noise,
    /// the sequence's noise and the condition, through stacked GRUs, then a linear layer and a sigmoid per step (the
    /// data are min-max scaled to [0, 1]). The per-sequence noise lets a whole window share what does not change
    /// along it (a sine's frequency and phase) without the recurrence having to invent it at step 0.
    /// </summary>
    internal sealed class RecurrentGenerator : nn.Module<Tensor, Tensor>
    {
        private readonly RecurrentStack recurrent;
        private readonly Linear output;
        private readonly int _length, _noise, _condition, _features;

        public RecurrentGenerator(int length, int noisePerStep, int conditionSize, IReadOnlyList<int> hidden, int features)
            : base(nameof(RecurrentGenerator))
        {
            _length = length;
            _noise = noisePerStep;
            _condition = conditionSize;
            _features = features;
            recurrent = new RecurrentStack(2 * noisePerStep + conditionSize, hidden);
            output = nn.Linear(recurrent.OutputWidth, features);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            long rows = x.shape[0];
            long stepNoise = (long)_length * _noise;
            var perStep = x.narrow(1, 0, stepNoise).reshape(rows, _length, _noise);
            var perSequence = x.narrow(1, stepNoise, _noise).unsqueeze(1).expand(rows, _length, _noise);
            var parts = new List<Tensor> { perStep, perSequence };
            if (_condition > 0)
                parts.Add(x.narrow(1, stepNoise + _noise, _condition).unsqueeze(1).expand(rows, _length, _condition));
            var h = recurrent.forward(torch.cat(parts, 2));
            return torch.sigmoid(output.forward(h)).reshape(rows, (long)_length * _features);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                recurrent.Dispose();
                output.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
