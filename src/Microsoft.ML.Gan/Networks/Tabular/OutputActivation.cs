using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Gan.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Tabular
{
    /// <summary>
    /// From a table generator's logits to rows: tanh on the scalar spans (mode offsets); on the one-hot spans
    /// (categories, modes, missing indicators) Gumbel-softmax with temperature τ while training, so that the
    /// generator's categorical choices are samples yet differentiable (Jang et al. 2017), and hard samples
    /// argmax(logits + Gumbel noise) — exact draws from the softmax — when generating. It holds no random state: the
    /// Gumbel noise comes from the generator its caller passes (the training run's own, or a generation block's). The
    /// noise is drawn on that generator's device (the CPU for the seeded ones) and moved to the logits' device, so a seed
    /// gives the same noise whether the networks train on the CPU or on a GPU.
    /// </summary>
    internal sealed class OutputActivation
    {
        public const double DefaultTemperature = 0.2;

        private readonly OutputSpan[] _spans;
        private readonly int _width;

        public OutputActivation(IReadOnlyList<OutputSpan> spans, double temperature = DefaultTemperature)
        {
            if (!(temperature > 0))
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The Gumbel-softmax temperature must be positive.");
            _spans = spans.ToArray();
            Temperature = temperature;
            _width = _spans.Length == 0 ? 0 : _spans.Max(s => s.End);
        }

        public double Temperature { get; }

        /// <summary>Training's rows: soft one-hots (Gumbel-softmax), differentiable in the logits; the noise is drawn from <paramref name="noise"/>.</summary>
        public Tensor Relaxed(Tensor logits, torch.Generator noise) =>
            Apply(logits, noise ?? throw new ArgumentNullException(nameof(noise), "Training draws its Gumbel noise from a seeded generator."), hard: false);

        /// <summary>Generated rows: hard one-hots drawn with Gumbel noise from <paramref name="noise"/>, or argmax(logits) when it is null.</summary>
        public Tensor Sample(Tensor logits, torch.Generator? noise) => Apply(logits, noise, hard: true);

        private Tensor Apply(Tensor x, torch.Generator? noise, bool hard)
        {
            if (x.dim() != 2 || x.shape[1] != _width)
                throw new ArgumentException($"Expected generator outputs of shape [rows, {_width}], got [{string.Join(", ", x.shape)}].", nameof(x));
            // One draw of Gumbel noise for the whole batch: g = -log(-log U), U ~ U(0, 1), kept away from 0 and 1.
            Tensor? perturbed = null;
            if (noise is not null && _spans.Any(s => s.Kind == SpanKind.Softmax))
            {
                var u = torch.rand(x.shape, dtype: x.dtype, device: noise.device, generator: DeviceDraws.Source(noise)).On(x.device);
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
                parts[i] = hard
                    ? torch.nn.functional.one_hot(scores.argmax(1), s.Length).to_type(x.dtype)
                    : (scores / Temperature).softmax(1);
            }
            return parts.Length == 1 ? parts[0] : torch.cat(parts, 1);
        }
    }
}
