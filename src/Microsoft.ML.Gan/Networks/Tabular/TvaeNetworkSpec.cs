using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Networks.Tabular
{
    /// <summary>
    /// TVAE's networks (Xu et al. 2019). Encoder: an encoded row → ReLU hidden layers → μ and log σ² of the latent
    /// (one linear layer of twice the latent width, split in two). Decoder, the model's generator: latent → ReLU
    /// hidden layers → one value per encoded value, then <see cref="LearnedScales"/>, the σ of each continuous span.
    /// Generation's output step: tanh on the scalar spans plus σ-scaled Gaussian noise drawn from the block's
    /// generator (TVAE samples p(x | z), not its mean), argmax on the one-hot spans. No condition vector and no
    /// critic. A table model saves its own description, so this spec is never written through <see cref="NetworkSpec.Write"/>.
    /// </summary>
    internal sealed class TvaeNetworkSpec : NetworkSpec
    {
        private readonly OutputSpan[] _spans;

        public TvaeNetworkSpec(int latentDimension, IReadOnlyList<OutputSpan> spans, int[] encoderHidden, int[] decoderHidden)
            : base(latentDimension, 0, spans.Count == 0 ? 0 : spans.Max(s => s.End))
        {
            _spans = spans.ToArray();
            EncoderHidden = encoderHidden;
            DecoderHidden = decoderHidden;
            ScaleCount = _spans.Count(s => s.Kind == SpanKind.Tanh);
        }

        public IReadOnlyList<OutputSpan> Spans => _spans;

        /// <summary>Empty for a spec rebuilt from a saved model (only the decoder is kept).</summary>
        public int[] EncoderHidden { get; }

        public int[] DecoderHidden { get; }

        /// <summary>Continuous (tanh) spans, each with its learned σ.</summary>
        public int ScaleCount { get; }

        public override GanArchitecture Architecture => GanArchitecture.Mlp;

        /// <summary>The decoder: hidden layers, the output layer, then the learned scales.</summary>
        public override Sequential CreateGenerator()
        {
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            int width = LatentDimension;
            for (int i = 0; i < DecoderHidden.Length; i++)
            {
                layers.Add(($"linear{i}", nn.Linear(width, DecoderHidden[i])));
                layers.Add(($"relu{i}", nn.ReLU()));
                width = DecoderHidden[i];
            }
            layers.Add(("output", nn.Linear(width, FeatureSize)));
            layers.Add(("scales", new LearnedScales(ScaleCount)));
            return nn.Sequential(layers);
        }

        /// <summary>The encoder: hidden layers, then μ and log σ² side by side ([rows, 2 × latent]).</summary>
        public Sequential CreateEncoder()
        {
            if (EncoderHidden.Length == 0)
                throw new InvalidOperationException("This network description has no encoder (it was read from a saved decoder).");
            var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
            int width = FeatureSize;
            for (int i = 0; i < EncoderHidden.Length; i++)
            {
                layers.Add(($"linear{i}", nn.Linear(width, EncoderHidden[i])));
                layers.Add(($"relu{i}", nn.ReLU()));
                width = EncoderHidden[i];
            }
            layers.Add(("moments", nn.Linear(width, 2 * LatentDimension)));
            return nn.Sequential(layers);
        }

        /// <summary>The decoder's learned scales module.</summary>
        public static LearnedScales Scales(Sequential decoder) =>
            decoder.children().OfType<LearnedScales>().Single();

        public override Discriminator CreateDiscriminator(int packing, bool minibatchStdDev, bool batchNorm, NetworkNoise? noise = null) =>
            throw new NotSupportedException("A tabular VAE has no discriminator.");

        /// <summary>
        /// Generated rows from the decoder's output ([rows, width + scales]): tanh of each scalar span, plus σ times
        /// standard normal noise from <paramref name="noise"/> when given (the decoder clamps offsets to [-1, 1]),
        /// and a hard one-hot of each one-hot span's largest logit.
        /// </summary>
        public override Tensor ToGeneratedRows(Tensor output, torch.Generator? noise)
        {
            if (output.dim() != 2 || output.shape[1] != FeatureSize + ScaleCount)
                throw new ArgumentException($"Expected decoder outputs of shape [rows, {FeatureSize + ScaleCount}], got [{string.Join(", ", output.shape)}].", nameof(output));
            long rows = output.shape[0];
            Tensor? scaled = null;
            if (noise is not null && ScaleCount > 0)
            {
                var sigma = output.narrow(1, FeatureSize, ScaleCount);
                scaled = torch.randn(rows, ScaleCount, generator: noise).On(output.device) * sigma;
            }
            var parts = new Tensor[_spans.Length];
            int scale = 0;
            for (int i = 0; i < _spans.Length; i++)
            {
                var s = _spans[i];
                var x = output.narrow(1, s.Start, s.Length);
                if (s.Kind == SpanKind.Tanh)
                {
                    parts[i] = scaled is null ? x.tanh() : x.tanh() + scaled.narrow(1, scale, 1);
                    scale++;
                }
                else
                    parts[i] = torch.nn.functional.one_hot(x.argmax(1), s.Length).to_type(output.dtype);
            }
            return parts.Length == 1 ? parts[0] : torch.cat(parts, 1);
        }

        public override bool GenerationDrawsNoise => ScaleCount > 0;

        public override string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"tabular VAE: encoder [{string.Join(", ", EncoderHidden)}], latent {LatentDimension}, decoder [{string.Join(", ", DecoderHidden)}] " +
            $"to {FeatureSize} values and {ScaleCount} learned scales");

        // The decoder's linear layers and its scales.
        public override long GeneratorStateBytes()
        {
            long total = 0, width = LatentDimension;
            foreach (int h in DecoderHidden)
            {
                total = checked(total + LinearBytes(width, h));
                width = h;
            }
            return checked(total + LinearBytes(width, FeatureSize) + FloatBytes * ScaleCount);
        }

        protected override void WriteShape(Persistence.PayloadWriter w) =>
            throw new NotSupportedException("A tabular VAE is saved by TabularVaeTransformer, with its table encoding.");
    }
}
