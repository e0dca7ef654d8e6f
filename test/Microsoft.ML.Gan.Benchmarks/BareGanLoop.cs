using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>What <see cref="BareGanLoop"/> adds to the minimum, one piece of GanTrainer's per-iteration work each.</summary>
    [Flags]
    internal enum BareExtras
    {
        None = 0,
        /// <summary>Four host reads per iteration: D loss, mean sigmoid of real and of fake logits, G loss.</summary>
        Items = 1,
        /// <summary>clip_grad_norm_ with an infinite limit on each network (the gradient-norm metric).</summary>
        GradNorm = 2,
        /// <summary>Exponential moving average of the generator's weights after each G step.</summary>
        Ema = 4,
        /// <summary>D's parameters set to requires_grad = false around the G step.</summary>
        FreezeCritic = 8,
        /// <summary>The lazy R1 penalty at Fit's default weight and interval (GanTrainer.R1Interval): on one D step in that many, an extra D pass over the real batch and a second-order backward.</summary>
        R1 = 128,
        All = Items | GradNorm | Ema | FreezeCritic | R1,
        /// <summary>Lever: parameters and gradients as flat buffers (<c>FlatParameters</c>): fused Adam, weight average, zeroing and norm.</summary>
        Flat = 16,
        /// <summary>Lever: one D pass over the real and the generated batch together (exact: this D has no batch norm).</summary>
        OnePassCritic = 32,
        /// <summary>Lever: the step's metrics stacked and read to the host once per step instead of one read each.</summary>
        OneRead = 64,
    }

    /// <summary>
    /// A GAN trained with TorchSharp alone, no ML.NET: Goodfellow et al.'s Algorithm 1 with k = 1, the
    /// architecture and optimizer GanTrainer uses (Linear/ReLU G, Linear/LeakyReLU(0.2) D with one logit,
    /// Adam), non-saturating losses via softplus on logits, one dispose scope per iteration. The baseline
    /// the trainer is compared with; <see cref="BareExtras"/> switches on the trainer's extras one at a time.
    /// </summary>
    internal sealed class BareGanLoop : IDisposable
    {
        private readonly int _latent;
        private readonly int _batch;
        private readonly int _features;
        private readonly BareExtras _extras;
        private readonly torch.Generator _rng;
        private readonly Sequential _g, _d, _average;
        private readonly Parameter[] _gParams, _dParams, _averageParams;
        private readonly optim.Optimizer _gOpt, _dOpt;
        private long _emaUpdates;
        private readonly Microsoft.ML.Gan.Training.FlatParameters? _gFlat, _dFlat;
        private readonly Microsoft.ML.Gan.Training.FusedAdam? _gFused, _dFused;
        private readonly Microsoft.ML.Gan.Training.GeneratorAverage? _flatAverage;

        /// <param name="device">Where the networks train and the noise is drawn (a generator of that device); null: the CPU.
        /// <see cref="Train"/>'s data must be there.</param>
        public BareGanLoop(int latent, int[] hidden, int features, int batch, BareExtras extras, int seed = 1, torch.Device? device = null)
        {
            _latent = latent;
            _batch = batch;
            _features = features;
            _extras = extras;
            _rng = new torch.Generator((ulong)seed, device ?? torch.CPU);
            torch.manual_seed(seed);
            // TorchSharp makes only CPU generators: on CUDA the draws come from the device's own generator (DeviceDraws.Source).
            if (device is not null && device.type == DeviceType.CUDA)
                torch.cuda.manual_seed(seed);
            _g = Mlp(latent, hidden, features, () => nn.ReLU());
            _d = Mlp(features, hidden, 1, () => nn.LeakyReLU(0.2));
            _average = Mlp(latent, hidden, features, () => nn.ReLU());
            if (device is not null && device.type != DeviceType.CPU)
            {
                _g.to(device);
                _d.to(device);
                _average.to(device);
            }
            _gParams = _g.parameters().ToArray();
            _dParams = _d.parameters().ToArray();
            _averageParams = _average.parameters().ToArray();
            using (torch.no_grad())
            {
                for (int i = 0; i < _gParams.Length; i++)
                {
                    _averageParams[i].requires_grad = false;
                    _averageParams[i].copy_(_gParams[i]);
                }
            }
            _gOpt = optim.Adam(_gParams, 2e-4, 0.5, 0.999);
            _dOpt = optim.Adam(_dParams, 2e-4, 0.5, 0.999);
            if (Has(BareExtras.Flat))
            {
                _gFlat = new Microsoft.ML.Gan.Training.FlatParameters(_gParams);
                _dFlat = new Microsoft.ML.Gan.Training.FlatParameters(_dParams);
                _gFused = new Microsoft.ML.Gan.Training.FusedAdam((Adam)_gOpt, _gFlat, 0.5, 0.999);
                _dFused = new Microsoft.ML.Gan.Training.FusedAdam((Adam)_dOpt, _dFlat, 0.5, 0.999);
                if (Has(BareExtras.Ema))
                    _flatAverage = new Microsoft.ML.Gan.Training.GeneratorAverage(_gFlat, Mlp(latent, hidden, features, () => nn.ReLU()), 0.999);
            }
        }

        internal static Sequential Mlp(int input, int[] hidden, int output, Func<nn.Module<Tensor, Tensor>> activation)
        {
            var layers = new List<nn.Module<Tensor, Tensor>>();
            int width = input;
            foreach (int h in hidden)
            {
                layers.Add(nn.Linear(width, h));
                layers.Add(activation());
                width = h;
            }
            layers.Add(nn.Linear(width, output));
            return nn.Sequential(layers.ToArray());
        }

        private bool Has(BareExtras e) => (_extras & e) != 0;

        /// <summary>
        /// Seconds spent in one extra's calls during <see cref="Train"/> (0 when it is off). FreezeCritic's time is
        /// the whole G forward and backward pass with the toggles, measured in every variant: freezing shows as a change in it.
        /// </summary>
        public IReadOnlyDictionary<BareExtras, double> ExtraSeconds => _extraSeconds;
        private readonly Dictionary<BareExtras, double> _extraSeconds = new()
        {
            [BareExtras.Items] = 0, [BareExtras.GradNorm] = 0, [BareExtras.Ema] = 0, [BareExtras.FreezeCritic] = 0,
        };

        private long Lap(BareExtras extra, long start)
        {
            long now = Stopwatch.GetTimestamp();
            _extraSeconds[extra] += Stopwatch.GetElapsedTime(start, now).TotalSeconds;
            return now;
        }

        /// <summary>Trains for <paramref name="steps"/> iterations on minibatches of <paramref name="data"/> ([rows, features]); returns seconds.</summary>
        public double Train(Tensor data, int steps)
        {
            _g.train();
            _d.train();
            long rows = data.shape[0];
            double metrics = 0; // the host reads, summed so they cannot be skipped
            var clock = Stopwatch.StartNew();
            var order = torch.randperm(rows, generator: Microsoft.ML.Gan.Randomness.DeviceDraws.Source(_rng), device: _rng.device);
            for (int step = 0; step < steps; step++)
            {
                long start = (long)step * _batch % (rows - _batch + 1);
                using var scope = torch.NewDisposeScope();
                var real = data.index_select(0, order.narrow(0, start, _batch));

                // D step: real batch and a generated batch made without gradients.
                Tensor fake;
                using (torch.no_grad())
                    fake = _g.forward(torch.randn(_batch, _latent, device: _rng.device, generator: Microsoft.ML.Gan.Randomness.DeviceDraws.Source(_rng)));
                if (_dFlat is not null)
                    _dFlat.ZeroGradients();
                else
                    _dOpt.zero_grad();
                Tensor realOut, fakeOut;
                if (Has(BareExtras.OnePassCritic))
                {
                    var both = _d.forward(torch.cat(new[] { real, fake }, 0));
                    realOut = both.narrow(0, 0, _batch);
                    fakeOut = both.narrow(0, _batch, _batch);
                }
                else
                {
                    realOut = _d.forward(real);
                    fakeOut = _d.forward(fake);
                }
                var dLoss = F.softplus(-realOut).mean() + F.softplus(fakeOut).mean();
                if (Has(BareExtras.R1) && step % Microsoft.ML.Gan.Training.GanTrainer.R1Interval == 0)
                    dLoss = dLoss + Microsoft.ML.Gan.Training.GanTrainer.R1Interval * GanEstimator.Options.DefaultR1PenaltyWeight
                        * Microsoft.ML.Gan.Training.GradientPenalty.R1(_d.forward, real);
                dLoss.backward();
                long t = Stopwatch.GetTimestamp();
                Tensor? dNorm = null;
                if (Has(BareExtras.GradNorm))
                {
                    if (_dFlat is not null)
                        dNorm = _dFlat.ClipGradients(0);
                    else if (Has(BareExtras.OneRead))
                        dNorm = torch.tensor((float)nn.utils.clip_grad_norm_(_dParams, double.PositiveInfinity));
                    else
                        metrics += nn.utils.clip_grad_norm_(_dParams, double.PositiveInfinity);
                }
                t = Lap(BareExtras.GradNorm, t);
                if (_dFused is not null)
                    _dFused.Step();
                else
                    _dOpt.step();
                t = Stopwatch.GetTimestamp();
                if (Has(BareExtras.Items))
                {
                    using (torch.no_grad())
                    {
                        if (Has(BareExtras.OneRead))
                            metrics += Microsoft.ML.Gan.Training.StepReadings.Read(dNorm is null
                                ? new[] { dLoss, torch.sigmoid(realOut).mean(), torch.sigmoid(fakeOut).mean() }
                                : new[] { dLoss, torch.sigmoid(realOut).mean(), torch.sigmoid(fakeOut).mean(), dNorm }).Sum();
                        else
                            metrics += dLoss.item<float>() + torch.sigmoid(realOut).mean().item<float>() + torch.sigmoid(fakeOut).mean().item<float>()
                                + (dNorm is null ? 0 : dNorm.item<float>());
                    }
                }
                Lap(BareExtras.Items, t);

                // G step on fresh noise, through D.
                if (_gFlat is not null)
                    _gFlat.ZeroGradients();
                else
                    _gOpt.zero_grad();
                t = Stopwatch.GetTimestamp();
                if (Has(BareExtras.FreezeCritic))
                    SetRequiresGrad(_dParams, false);
                var gLoss = F.softplus(-_d.forward(_g.forward(torch.randn(_batch, _latent, device: _rng.device, generator: Microsoft.ML.Gan.Randomness.DeviceDraws.Source(_rng))))).mean();
                gLoss.backward();
                if (Has(BareExtras.FreezeCritic))
                    SetRequiresGrad(_dParams, true);
                t = Lap(BareExtras.FreezeCritic, t);
                Tensor? gNorm = null;
                if (Has(BareExtras.GradNorm))
                {
                    if (_gFlat is not null)
                        gNorm = _gFlat.ClipGradients(0);
                    else if (Has(BareExtras.OneRead))
                        gNorm = torch.tensor((float)nn.utils.clip_grad_norm_(_gParams, double.PositiveInfinity));
                    else
                        metrics += nn.utils.clip_grad_norm_(_gParams, double.PositiveInfinity);
                }
                Lap(BareExtras.GradNorm, t);
                if (_gFused is not null)
                    _gFused.Step();
                else
                    _gOpt.step();
                t = Stopwatch.GetTimestamp();
                if (_flatAverage is not null)
                    _flatAverage.Update();
                else if (Has(BareExtras.Ema))
                    UpdateAverage(0.999);
                t = Lap(BareExtras.Ema, t);
                if (Has(BareExtras.Items))
                {
                    if (Has(BareExtras.OneRead))
                        metrics += Microsoft.ML.Gan.Training.StepReadings.Read(gNorm is null ? new[] { gLoss } : new[] { gLoss, gNorm }).Sum();
                    else
                        metrics += gLoss.item<float>() + (gNorm is null ? 0 : gNorm.item<float>());
                }
                Lap(BareExtras.Items, t);
            }
            order.Dispose();
            double seconds = clock.Elapsed.TotalSeconds;
            GC.KeepAlive(metrics);
            return seconds;
        }

        /// <summary>Runs the generator on <paramref name="rows"/> rows of noise, <paramref name="block"/> at a time, into one array.</summary>
        public float[] Generate(int rows, int block)
        {
            _g.eval();
            int size = _features;
            var result = new float[rows * size];
            using var noGrad = torch.no_grad();
            for (int start = 0; start < rows; start += block)
            {
                using var scope = torch.NewDisposeScope();
                int n = Math.Min(block, rows - start);
                _g.forward(torch.randn(n, _latent, generator: _rng)).data<float>().CopyTo(result.AsSpan(start * size, n * size));
            }
            return result;
        }

        // GeneratorAverage's rule: the decay ramps up as (1 + t) / (10 + t).
        private void UpdateAverage(double maxDecay)
        {
            _emaUpdates++;
            double decay = Math.Min(maxDecay, (1.0 + _emaUpdates) / (10.0 + _emaUpdates));
            using var noGrad = torch.no_grad();
            for (int i = 0; i < _gParams.Length; i++)
                _averageParams[i].mul_(decay).add_(_gParams[i], alpha: 1 - decay);
        }

        private static void SetRequiresGrad(Parameter[] parameters, bool value)
        {
            foreach (var p in parameters)
                p.requires_grad = value;
        }

        public void Dispose()
        {
            _flatAverage?.Dispose();
            _gFused?.Dispose();
            _dFused?.Dispose();
            _gFlat?.Dispose();
            _dFlat?.Dispose();
            _gOpt.Dispose();
            _dOpt.Dispose();
            _g.Dispose();
            _d.Dispose();
            _average.Dispose();
            _rng.Dispose();
        }
    }
}
