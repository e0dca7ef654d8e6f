using System;
using System.Diagnostics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>
    /// DCGAN for 28x28 (Radford et al.) trained with TorchSharp alone: the same loop as <see cref="BareGanLoop"/>
    /// (Algorithm 1, k = 1, softplus losses on logits, Adam(2e-4, 0.5, 0.999), a dispose scope per iteration)
    /// on convolutional networks; pytorch/mlp_gan.py --model dcgan is the same in PyTorch.
    /// G: Linear(latent, 4ngf*7*7) -> BN, ReLU -> ConvT(4ngf, 2ngf, 4, 2, 1) -> BN, ReLU -> ConvT(2ngf, 1, 4, 2, 1) -> tanh.
    /// D: Conv(1, ndf, 4, 2, 1) -> LeakyReLU(0.2) -> Conv(ndf, 2ndf, 4, 2, 1) -> BN, LeakyReLU(0.2) -> Linear(2ndf*7*7, 1).
    /// </summary>
    internal sealed class BareDcganLoop : IDisposable
    {
        private readonly int _latent;
        private readonly int _batch;
        private readonly torch.Generator _rng;
        private readonly Sequential _g, _d;
        private readonly optim.Optimizer _gOpt, _dOpt;

        /// <param name="device">Where the networks train and the noise is drawn; null: the CPU. <see cref="Train"/>'s images must be there.</param>
        /// <summary>
        /// GanEstimator options for the same DCGAN on 28 × 28 images: one epoch at <paramref name="batch"/>, seed 1. This
        /// loop's generator has 4 ngf maps at 7x7 and 2 ngf at 14x14; the options name the last hidden layer's maps.
        /// </summary>
        public static GanEstimator.Options MatchingOptions(int latent, int ngf, int ndf, int batch) => new()
        {
            Epochs = 1,
            BatchSize = batch,
            LatentDimension = latent,
            ImageHeight = 28,
            ImageWidth = 28,
            GeneratorFeatureMaps = 2 * ngf,
            DiscriminatorFeatureMaps = ndf,
            Seed = 1,
        };

        public BareDcganLoop(int latent, int ngf, int ndf, int batch, int seed = 1, torch.Device? device = null)
        {
            _latent = latent;
            _batch = batch;
            _rng = new torch.Generator((ulong)seed, device ?? torch.CPU);
            torch.manual_seed(seed);
            // TorchSharp makes only CPU generators: on CUDA the draws come from the device's own generator (DeviceDraws.Source).
            if (device is not null && device.type == DeviceType.CUDA)
                torch.cuda.manual_seed(seed);
            (_g, _d) = Networks(latent, ngf, ndf);
            if (device is not null && device.type != DeviceType.CPU)
            {
                _g.to(device);
                _d.to(device);
            }
            _gOpt = optim.Adam(_g.parameters(), 2e-4, 0.5, 0.999);
            _dOpt = optim.Adam(_d.parameters(), 2e-4, 0.5, 0.999);
        }

        public static (Sequential G, Sequential D) Networks(int latent, int ngf, int ndf) =>
        (
            nn.Sequential(
                nn.Linear(latent, 4 * ngf * 7 * 7),
                nn.Unflatten(1, new long[] { 4 * ngf, 7, 7 }),
                nn.BatchNorm2d(4 * ngf), nn.ReLU(),
                nn.ConvTranspose2d(4 * ngf, 2 * ngf, 4, stride: 2, padding: 1),
                nn.BatchNorm2d(2 * ngf), nn.ReLU(),
                nn.ConvTranspose2d(2 * ngf, 1, 4, stride: 2, padding: 1),
                nn.Tanh()),
            nn.Sequential(
                nn.Conv2d(1, ndf, 4, stride: 2, padding: 1), nn.LeakyReLU(0.2),
                nn.Conv2d(ndf, 2 * ndf, 4, stride: 2, padding: 1), nn.BatchNorm2d(2 * ndf), nn.LeakyReLU(0.2),
                nn.Flatten(),
                nn.Linear(2 * ndf * 7 * 7, 1))
        );

        /// <summary>Trains <paramref name="steps"/> iterations on minibatches of <paramref name="images"/> ([rows, 1, 28, 28]); returns seconds.</summary>
        public double Train(Tensor images, int steps)
        {
            _g.train();
            _d.train();
            long rows = images.shape[0];
            var clock = Stopwatch.StartNew();
            using var order = torch.randperm(rows, generator: Microsoft.ML.Gan.Randomness.DeviceDraws.Source(_rng), device: _rng.device);
            for (int step = 0; step < steps; step++)
            {
                long start = (long)step * _batch % (rows - _batch + 1);
                using var scope = torch.NewDisposeScope();
                var real = images.index_select(0, order.narrow(0, start, _batch));
                Tensor fake;
                using (torch.no_grad())
                    fake = _g.forward(torch.randn(_batch, _latent, device: _rng.device, generator: Microsoft.ML.Gan.Randomness.DeviceDraws.Source(_rng)));
                _dOpt.zero_grad();
                var dLoss = F.softplus(-_d.forward(real)).mean() + F.softplus(_d.forward(fake)).mean();
                dLoss.backward();
                _dOpt.step();
                _gOpt.zero_grad();
                var gLoss = F.softplus(-_d.forward(_g.forward(torch.randn(_batch, _latent, device: _rng.device, generator: Microsoft.ML.Gan.Randomness.DeviceDraws.Source(_rng))))).mean();
                gLoss.backward();
                _gOpt.step();
            }
            return clock.Elapsed.TotalSeconds;
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
