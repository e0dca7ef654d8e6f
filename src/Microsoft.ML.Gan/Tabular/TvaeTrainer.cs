using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>What a tabular VAE trains with (built from the estimator's options; the trainer never sees them).</summary>
    internal sealed record TvaeSettings(int Epochs, int BatchSize, int MinimumSteps, double LearningRate, double WeightDecay, double ReconstructionWeight,
        IProgress<VaeEpochMetrics>? Progress);

    /// <summary>
    /// TVAE's training (Xu et al. 2019) on an encoded table. Each epoch visits the rows once in a seeded random order,
    /// in minibatches (the last one may be smaller); per minibatch the encoder gives μ and log σ² of z, z is drawn by the
    /// reparameterisation trick, and the loss is (ReconstructionWeight × the rows' reconstruction negative
    /// log-likelihood + their KL(q(z | x) ‖ N(0, I))) / rows, minimised by Adam with L2 weight decay over both networks;
    /// the decoder's σ is clamped to [0.01, 1] after each step. Weights, the row order and every draw of z come from one
    /// CPU generator seeded by the training seed, so a seed gives the same decoder in every process. No checkpoints.
    /// </summary>
    internal sealed class TvaeTrainer
    {
        // The stream of the training seed the trainer's generator is seeded with (the encoding's mode draws use their own).
        private const long TrainerStream = 0x7FAE;

        private readonly IHost _host;
        private readonly TvaeSettings _settings;
        private readonly int _seed;
        private readonly TvaeNetworkSpec _spec;
        private readonly torch.Device _device;
        private readonly FitCancellation _cancel;
        private readonly long[] _tanhColumns;
        private readonly OutputSpan[] _oneHots;

        public TvaeTrainer(IHost host, TvaeSettings settings, int seed, TvaeNetworkSpec spec, torch.Device device, FitCancellation cancel)
        {
            _host = host;
            _settings = settings;
            _seed = seed;
            _spec = spec;
            _device = device;
            _cancel = cancel;
            _tanhColumns = spec.Spans.Where(s => s.Kind == SpanKind.Tanh).Select(s => (long)s.Start).ToArray();
            _oneHots = spec.Spans.Where(s => s.Kind == SpanKind.Softmax).ToArray();
        }

        /// <summary>Trains on the encoded table ([rows, width], on the CPU); returns the decoder (caller owns it, on the CPU, in eval mode) and per-epoch metrics.</summary>
        public (Sequential Decoder, List<VaeEpochMetrics> History) Train(IChannel ch, Tensor encoded)
        {
            long rows = encoded.shape[0];
            int batch = (int)Math.Min(_settings.BatchSize, rows);
            using var rng = new torch.Generator(SeedStreams.Derive(_seed, TrainerStream), torch.CPU);
            using var encoder = _spec.CreateEncoder();
            var decoder = _spec.CreateGenerator();
            try
            {
                ParameterInit.Reset(encoder, rng);
                ParameterInit.Reset(decoder, rng);
                if (_device.type != DeviceType.CPU)
                {
                    encoder.to(_device);
                    decoder.to(_device);
                }
                var scales = TvaeNetworkSpec.Scales(decoder);
                using var tanhColumns = torch.tensor(_tanhColumns).On(_device);
                using var optimizer = optim.Adam(encoder.parameters().Concat(decoder.parameters()), _settings.LearningRate,
                    weight_decay: _settings.WeightDecay);
                encoder.train();
                decoder.train();
                var history = new List<VaeEpochMetrics>(_settings.Epochs);
                var clock = Stopwatch.StartNew();
                for (int epoch = 1; epoch <= _settings.Epochs; epoch++)
                {
                    var epochClock = Stopwatch.StartNew();
                    double reconstruction = 0, kl = 0;
                    int steps = 0;
                    // Whole passes over the table, in a fresh order each, until the epoch has its minimum of steps.
                    while (steps < Math.Max(1, _settings.MinimumSteps))
                    {
                        using var order = torch.randperm(rows, generator: rng);
                        for (long start = 0; start < rows; start += batch)
                        {
                            _cancel.ThrowIfCancelled();
                            using var scope = torch.NewDisposeScope();
                            var real = encoded.index_select(0, order.narrow(0, start, Math.Min(batch, rows - start))).On(_device);
                            var (recon, divergence) = Step(encoder, decoder, scales, optimizer, real, tanhColumns, rng);
                            if (!double.IsFinite(recon) || !double.IsFinite(divergence))
                                throw _host.Except($"Tabular VAE training diverged in epoch {epoch}: the loss became {_settings.ReconstructionWeight * recon + divergence}. " +
                                    "Try a lower LearningRate or a larger BatchSize; check that the table has no extreme outliers.");
                            reconstruction += recon;
                            kl += divergence;
                            steps++;
                        }
                    }
                    var metrics = new VaeEpochMetrics
                    {
                        Epoch = epoch,
                        ReconstructionLoss = reconstruction / steps,
                        KlDivergence = kl / steps,
                        Loss = (_settings.ReconstructionWeight * reconstruction + kl) / steps,
                        Updates = steps,
                        Seconds = epochClock.Elapsed.TotalSeconds,
                    };
                    history.Add(metrics);
                    ch.Info(MessageSensitivity.None, metrics.ToString());
                    _settings.Progress?.Report(metrics);
                }
                ch.Info(MessageSensitivity.None, $"Tabular VAE trained {_settings.Epochs} epochs in {clock.Elapsed.TotalSeconds:F1} s.");
                decoder.eval();
                if (_device.type != DeviceType.CPU)
                    decoder.to(torch.CPU);
                return (decoder, history);
            }
            catch
            {
                decoder.Dispose();
                throw;
            }
        }

        // One optimizer step; returns the minibatch's reconstruction term and KL, each per row, in one host read.
        private (double Reconstruction, double Kl) Step(Sequential encoder, Sequential decoder, LearnedScales scales, Adam optimizer,
            Tensor real, Tensor tanhColumns, torch.Generator rng)
        {
            long rows = real.shape[0];
            int latent = _spec.LatentDimension;
            optimizer.zero_grad();
            var moments = encoder.forward(real);
            var mu = moments.narrow(1, 0, latent);
            var logVar = moments.narrow(1, latent, latent);
            var eps = torch.randn(rows, latent, generator: rng).On(_device);
            var z = mu + eps * (0.5 * logVar).exp();
            var output = decoder.forward(z).narrow(1, 0, _spec.FeatureSize);

            var reconstruction = torch.zeros(1, device: _device).squeeze();
            if (_tanhColumns.Length > 0)
            {
                var sigma = scales.Sigma;
                var error = real.index_select(1, tanhColumns) - output.index_select(1, tanhColumns).tanh();
                reconstruction = reconstruction + (error.pow(2) / (2 * sigma.pow(2))).sum() + sigma.log().sum() * rows;
            }
            foreach (var span in _oneHots)
            {
                var target = real.narrow(1, span.Start, span.Length).argmax(1);
                reconstruction = reconstruction + torch.nn.functional.cross_entropy(output.narrow(1, span.Start, span.Length), target, reduction: nn.Reduction.Sum);
            }
            var kl = -0.5 * (1 + logVar - mu.pow(2) - logVar.exp()).sum();
            var loss = (_settings.ReconstructionWeight * reconstruction + kl) / rows;
            loss.backward();
            optimizer.step();
            scales.Clamp();
            var values = torch.stack(new[] { reconstruction / rows, kl / rows }).detach().cpu().data<float>().ToArray();
            return (values[0], values[1]);
        }
    }
}
