using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.ML.Gan.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// <see cref="BareGanLoop"/>'s training step (MLP G and D, Algorithm 1 with k = 1, softplus losses, Adam)
    /// fed by a <see cref="MinibatchSource"/> for one epoch, so that the in-memory and the streaming source
    /// can be compared with everything else equal. GanTrainer will consume the same sources.
    /// </summary>
    internal sealed class SourceGanLoop : IDisposable
    {
        private readonly int _latent;
        private readonly torch.Generator _rng;
        private readonly Sequential _g, _d;
        private readonly optim.Optimizer _gOpt, _dOpt;

        public SourceGanLoop(int latent, int[] hidden, int features, int seed = 1)
        {
            _latent = latent;
            _rng = new torch.Generator((ulong)seed, torch.CPU);
            torch.manual_seed(seed);
            _g = BareGanLoop.Mlp(latent, hidden, features, () => nn.ReLU());
            _d = BareGanLoop.Mlp(features, hidden, 1, () => nn.LeakyReLU(0.2));
            _gOpt = optim.Adam(_g.parameters(), 2e-4, 0.5, 0.999);
            _dOpt = optim.Adam(_d.parameters(), 2e-4, 0.5, 0.999);
        }

        /// <summary>One epoch: every full minibatch the source gives. Returns (seconds, iterations).</summary>
        public (double Seconds, long Iterations) Epoch(MinibatchSource source, int batch)
        {
            _g.train();
            _d.train();
            var clock = Stopwatch.StartNew();
            long iterations = 0;
            using var epoch = source.StartEpoch(batch, _rng);
            while (true)
            {
                using var scope = torch.NewDisposeScope();
                if (!epoch.TryNext(out var minibatch))
                    break;
                Tensor fake;
                using (torch.no_grad())
                    fake = _g.forward(torch.randn(batch, _latent, generator: _rng));
                _dOpt.zero_grad();
                var dLoss = F.softplus(-_d.forward(minibatch.Real)).mean() + F.softplus(_d.forward(fake)).mean();
                dLoss.backward();
                _dOpt.step();
                _gOpt.zero_grad();
                var gLoss = F.softplus(-_d.forward(_g.forward(torch.randn(batch, _latent, generator: _rng)))).mean();
                gLoss.backward();
                _gOpt.step();
                iterations++;
            }
            return (clock.Elapsed.TotalSeconds, iterations);
        }

        public void Dispose()
        {
            _gOpt.Dispose();
            _dOpt.Dispose();
            _g.Dispose();
            _d.Dispose();
            _rng.Dispose();
        }
    }
}
