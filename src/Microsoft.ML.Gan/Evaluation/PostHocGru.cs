using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// The post-hoc network of the sequence scores: one GRU layer (batch first) and a linear head of one output,
    /// initialised as the published metric code's TensorFlow cells are (docs/ARCHITECTURE.md, "Sequence scores"):
    /// Glorot-uniform kernels per gate block, gate biases 1, candidate bias 0; the head Glorot-uniform with bias 0.
    /// </summary>
    internal sealed class PostHocGru : IDisposable
    {
        private readonly GRU _gru;
        private readonly Linear _head;

        public PostHocGru(int inputs, int hidden, torch.Generator rng)
        {
            _gru = nn.GRU(inputs, hidden, numLayers: 1, bias: true, batchFirst: true);
            _head = nn.Linear(hidden, 1);
            Initialise(inputs, hidden, rng);
            Parameters = _gru.parameters().Concat(_head.parameters()).ToArray();
        }

        public IReadOnlyList<Parameter> Parameters { get; }

        /// <summary>The head's logit on the last hidden state: [windows] (a classifier's output).</summary>
        public Tensor LastStateLogits(Tensor windows)
        {
            var (_, last) = _gru.forward(windows, null);
            return _head.forward(last.squeeze(0)).squeeze(1);
        }

        /// <summary>The head's logit at every step: [windows, steps] (a predictor's output).</summary>
        public Tensor StepLogits(Tensor windows)
        {
            var (outputs, _) = _gru.forward(windows, null);
            return _head.forward(outputs).squeeze(2);
        }

        public void Dispose()
        {
            _gru.Dispose();
            _head.Dispose();
        }

        // PyTorch's rows of weight_ih / weight_hh are (reset, update, candidate) blocks of `hidden` each. TensorFlow's
        // GRUCell holds one kernel of [inputs + hidden, 2 × hidden] for both gates and one of [inputs + hidden, hidden]
        // for the candidate, so the Glorot bound of each block is that of its TensorFlow kernel.
        private void Initialise(int inputs, int hidden, torch.Generator rng)
        {
            using var noGrad = torch.no_grad();
            var named = _gru.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            double gateBound = Math.Sqrt(6.0 / (inputs + hidden + 2 * hidden));
            double candidateBound = Math.Sqrt(6.0 / (inputs + hidden + hidden));
            foreach (string name in new[] { "weight_ih_l0", "weight_hh_l0" })
            {
                var weight = named[name];
                weight.narrow(0, 0, 2 * hidden).uniform_(-gateBound, gateBound, rng);
                weight.narrow(0, 2 * hidden, hidden).uniform_(-candidateBound, candidateBound, rng);
            }
            named["bias_ih_l0"].zero_();
            named["bias_ih_l0"].narrow(0, 0, 2 * hidden).fill_(1.0);
            named["bias_hh_l0"].zero_();
            double headBound = Math.Sqrt(6.0 / (hidden + 1));
            _head.weight!.uniform_(-headBound, headBound, rng);
            _head.bias!.zero_();
        }
    }
}
