using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Tabular;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Tabular
{
    /// <summary>
    /// The generator's last layer for tables: tanh on the scalar spans (mode offsets), Gumbel-softmax with
    /// temperature τ on the one-hot spans (categories, modes, missing indicators), so that the generator's
    /// categorical choices are samples yet differentiable (Jang et al. 2017). The Gumbel noise comes from
    /// <see cref="Noise"/>, which the caller sets before each forward, so training is deterministic. In eval
    /// mode the one-hot spans are hard samples, argmax(logits + Gumbel noise) — exact draws from the softmax —
    /// or argmax(logits) when no noise generator is set.
    /// </summary>
    internal sealed class OutputActivation : nn.Module<Tensor, Tensor>
    {
        public const double DefaultTemperature = 0.2;

        private readonly OutputSpan[] _spans;
        private readonly double _temperature;
        private readonly int _width;

        public OutputActivation(IReadOnlyList<OutputSpan> spans, double temperature = DefaultTemperature) : base(nameof(OutputActivation))
        {
            if (!(temperature > 0))
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The Gumbel-softmax temperature must be positive.");
            _spans = spans.ToArray();
            _temperature = temperature;
            _width = _spans.Length == 0 ? 0 : _spans.Max(s => s.End);
            RegisterComponents();
        }

        /// <summary>Draws the Gumbel noise; set it before each forward (training fails without it).</summary>
        public torch.Generator? Noise { get; set; }

        /// <summary>
        /// The input of the last forward: the pre-activation logits, for the conditional cross-entropy. It belongs to
        /// the dispose scope the forward ran in and is valid only until that scope ends (or the next forward).
        /// </summary>
        public Tensor? LastLogits { get; private set; }

        public IReadOnlyList<OutputSpan> Spans => _spans;

        public override Tensor forward(Tensor x)
        {
            if (x.dim() != 2 || x.shape[1] != _width)
                throw new ArgumentException($"Expected generator outputs of shape [rows, {_width}], got [{string.Join(", ", x.shape)}].", nameof(x));
            // A view of its own: Sequential disposes the handles of intermediate results, this input among them.
            LastLogits?.Dispose();
            LastLogits = x.alias();
            if (training && Noise is null)
                throw new InvalidOperationException("Set OutputActivation.Noise to a torch.Generator before a training forward, so that the Gumbel noise is seeded.");
            // One draw of Gumbel noise for the whole batch: g = -log(-log U), U ~ U(0, 1), kept away from 0 and 1.
            Tensor? perturbed = null;
            if (Noise is not null && _spans.Any(s => s.Kind == SpanKind.Softmax))
            {
                var u = torch.rand(x.shape, dtype: x.dtype, device: x.device, generator: Noise);
                var gumbel = -(-(u.clamp_min(1e-20).log())).clamp_min(1e-20).log();
                perturbed = x + gumbel;
            }
            var parts = new Tensor[_spans.Length];
            for (int i = 0; i < _spans.Length; i++)
            {
                var s = _spans[i];
                if (s.Kind == SpanKind.Tanh)
                {
                    parts[i] = x.narrow(1, s.Start, s.Length).tanh();
                    continue;
                }
                var scores = (perturbed ?? x).narrow(1, s.Start, s.Length);
                parts[i] = training
                    ? (scores / _temperature).softmax(1)
                    : torch.nn.functional.one_hot(scores.argmax(1), s.Length).to_type(x.dtype);
            }
            return parts.Length == 1 ? parts[0] : torch.cat(parts, 1);
        }
    }
}
