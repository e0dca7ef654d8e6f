using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// One epoch's step figures (losses, critic scores, gradient norms), summed in double precision in step order,
    /// and the divergence check on the losses. With a read interval of 1 (the CPU path) each step's figures are read to
    /// the host at once, as <see cref="StepReadings"/> always did. With a longer interval (the device path) they are
    /// added on the device into float64 sums, which are read every interval steps (to check them) and at the end of the
    /// epoch: the same float32 figures added in the same order in the same precision, so the metrics are bit-identical
    /// whatever the interval. A non-finite loss makes its sum non-finite, so divergence is still caught, up to an
    /// interval of steps late. Nothing reads the figures between epochs (metrics, progress, observers and early
    /// stopping all act once an epoch), so the interval only bounds how long a diverged run goes on.
    /// </summary>
    internal sealed class EpochReadings : IDisposable
    {
        /// <summary>Steps between reads on the device path (an epoch's end always reads).</summary>
        public const int DeviceReadInterval = 100;

        // Critic: loss, real score, fake score, gradient norm, then the look-ahead steps' loss (checked, not reported).
        private const int CriticFigures = 5, LookAheadLoss = 4;
        private readonly double[] _critic = new double[CriticFigures];
        private readonly double[] _generator = new double[2];
        private readonly Tensor? _criticSums, _generatorSums;
        private readonly int _interval;
        private readonly Action<double, string> _checkLoss;
        private int _sinceRead;

        /// <param name="interval">Steps between host reads; 1 reads every step.</param>
        /// <param name="device">Where the networks train (the device sums live there).</param>
        /// <param name="checkLoss">Throws when a loss (or loss sum) is not finite; given the value and the network's name.</param>
        public EpochReadings(int interval, torch.Device device, Action<double, string> checkLoss)
        {
            if (interval < 1)
                throw new ArgumentOutOfRangeException(nameof(interval), interval, "Read at least once an interval of one step.");
            _interval = interval;
            _checkLoss = checkLoss;
            if (interval > 1)
            {
                _criticSums = torch.zeros(CriticFigures, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
                _generatorSums = torch.zeros(2, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
            }
        }

        public int DiscriminatorUpdates { get; private set; }
        public int GeneratorUpdates { get; private set; }

        /// <summary>A discriminator step's figures; a look-ahead step (<paramref name="counted"/> false) only has its loss checked.</summary>
        public void Discriminator(Tensor loss, Tensor realScore, Tensor fakeScore, Tensor gradientNorm, bool counted = true)
        {
            if (_criticSums is null)
            {
                // One host read for the step's four figures.
                var values = StepReadings.Read(loss, realScore, fakeScore, gradientNorm);
                _checkLoss(values[0], "discriminator");
                if (!counted)
                    return;
                for (int i = 0; i < 4; i++)
                    _critic[i] += values[i];
            }
            else if (counted)
                Add(_criticSums.narrow(0, 0, 4), loss, realScore, fakeScore, gradientNorm);
            else
                Add(_criticSums.narrow(0, LookAheadLoss, 1), loss);
            if (counted)
                DiscriminatorUpdates++;
            Stepped();
        }

        /// <summary>A generator step's figures.</summary>
        public void Generator(Tensor loss, Tensor gradientNorm)
        {
            if (_generatorSums is null)
            {
                var values = StepReadings.Read(loss, gradientNorm);
                _checkLoss(values[0], "generator");
                _generator[0] += values[0];
                _generator[1] += values[1];
            }
            else
                Add(_generatorSums, loss, gradientNorm);
            GeneratorUpdates++;
            Stepped();
        }

        /// <summary>The epoch's metrics (the sums read back and checked first).</summary>
        public GanEpochMetrics ToMetrics(int epoch, double seconds, double diversity)
        {
            Read();
            return new()
            {
                Epoch = epoch,
                DiscriminatorLoss = Mean(_critic[0], DiscriminatorUpdates),
                GeneratorLoss = Mean(_generator[0], GeneratorUpdates),
                MeanRealScore = Mean(_critic[1], DiscriminatorUpdates),
                MeanFakeScore = Mean(_critic[2], DiscriminatorUpdates),
                DiscriminatorGradientNorm = Mean(_critic[3], DiscriminatorUpdates),
                GeneratorGradientNorm = Mean(_generator[1], GeneratorUpdates),
                DiversityRatio = diversity,
                DiscriminatorUpdates = DiscriminatorUpdates,
                GeneratorUpdates = GeneratorUpdates,
                Seconds = seconds,
            };
        }

        // The figures as float32 (as the host read gives them), widened exactly to float64 and added on the device.
        private static void Add(Tensor sums, params Tensor[] scalars)
        {
            using var noGrad = torch.no_grad();
            using var figures = torch.stack(scalars).to_type(ScalarType.Float32);
            using var wide = figures.to_type(ScalarType.Float64);
            sums.add_(wide);
        }

        private void Stepped()
        {
            if (_criticSums is not null && ++_sinceRead >= _interval)
                Read();
        }

        // One host read of the running sums (never reset, so the order of additions does not depend on the interval).
        private void Read()
        {
            if (_criticSums is null)
                return;
            _sinceRead = 0;
            using var scope = torch.NewDisposeScope();
            var both = torch.cat(new[] { _criticSums, _generatorSums! }).cpu();
            var values = both.data<double>().ToArray();
            Array.Copy(values, _critic, CriticFigures);
            Array.Copy(values, CriticFigures, _generator, 0, 2);
            _checkLoss(_critic[0], "discriminator");
            _checkLoss(_critic[LookAheadLoss], "discriminator");
            _checkLoss(_generator[0], "generator");
        }

        private static double Mean(double sum, int count) => count > 0 ? sum / count : double.NaN;

        public void Dispose()
        {
            _criticSums?.Dispose();
            _generatorSums?.Dispose();
        }
    }
}
