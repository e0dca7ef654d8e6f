using System;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The encoded table as the trainer's minibatch source, with training-by-sampling: each minibatch draws
    /// conditions from the <see cref="ConditionalSampler"/> and, for each, a real row having that category
    /// (Real = encoded rows, Condition = condition vectors). An epoch is rows / batch minibatches, and at least
    /// the minimum the owner asks for (rows are drawn with replacement, so a small table's epoch can pass over it more
    /// than once). Without categorical columns, rows are drawn uniformly and there is no condition. Owns neither the encoded tensor
    /// nor the sampler. On the CPU path the table and every draw stay on the CPU (the draws from the trainer's seeded
    /// CPU generator). On the device path the draws are made on the device (the sampler's <see cref="Randomness.DeviceDraws"/>),
    /// and the encoded table and the sampler's index tables move there once when they fit (<see cref="DeviceResidence"/>):
    /// a minibatch is then gathered without a host copy; otherwise the trainer copies each one to the device.
    /// </summary>
    internal sealed class TableMinibatches : MinibatchSource
    {
        private readonly Tensor _encoded;
        private readonly ConditionalSampler _sampler;

        private readonly int _minimumSteps;
        private Tensor? _resident; // the encoded table on the training device (the device path, when it fits)

        public TableMinibatches(Tensor encoded, ConditionalSampler sampler, int minimumSteps = 1)
        {
            _minimumSteps = Math.Max(1, minimumSteps);
            if (encoded.dim() != 2)
                throw new ArgumentException($"Expected the encoded table as [rows, width], got [{string.Join(", ", encoded.shape)}].", nameof(encoded));
            if (sampler.Width > 0 && sampler.Rows != encoded.shape[0])
                throw new ArgumentException($"The sampler has {sampler.Rows} rows, the encoded table {encoded.shape[0]}.", nameof(sampler));
            _encoded = encoded;
            _sampler = sampler;
        }

        public override long? Rows => _encoded.shape[0];

        public override MinibatchEpoch StartEpoch(int batchSize, torch.Generator rng)
        {
            if (batchSize < 1)
                throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "At least one row per minibatch.");
            return new Epoch(this, batchSize, Math.Max(_minimumSteps, _encoded.shape[0] / batchSize), rng);
        }

        public override Tensor? SampleConditions(long rows, torch.Generator rng) =>
            _sampler.Width == 0 ? null : _sampler.SampleTrainingConditions(rows, rng);

        public override Tensor MonitoringRows(int rows) => Table.narrow(0, 0, Math.Min(rows, _encoded.shape[0]));

        public override void EnterDevicePath(IChannel ch, torch.Device device)
        {
            if (_sampler.OnDevicePath)
                return;
            long bytes = _encoded.NumberOfElements * _encoded.ElementSize + _sampler.IndexBytes;
            bool resident = DeviceResidence.Decide(ch, device, bytes, $"The {_encoded.shape[0]} encoded training rows and the condition sampler's index");
            _sampler.EnterDevicePath(device, moveIndex: resident);
            if (resident && _encoded.device_type != device.type)
                _resident = _encoded.to(device).DetachFromDisposeScope();
        }

        public override void Dispose() => _resident?.Dispose();

        // The rows minibatches are gathered from: the resident copy, or the encoded table itself.
        private Tensor Table => _resident ?? _encoded;

        private sealed class Epoch : MinibatchEpoch
        {
            private readonly TableMinibatches _source;
            private readonly int _batch;
            private readonly long _steps;
            private readonly torch.Generator _rng;
            private long _step;

            public Epoch(TableMinibatches source, int batch, long steps, torch.Generator rng)
            {
                _source = source;
                _batch = batch;
                _steps = steps;
                _rng = rng;
            }

            public override bool TryNext(out Minibatch batch)
            {
                if (_step >= _steps)
                {
                    batch = default;
                    return false;
                }
                _step++;
                if (_source._sampler.Width == 0)
                {
                    var rows = torch.randint(0, _source._encoded.shape[0], new[] { (long)_batch }, device: _rng.device, generator: DeviceDraws.Source(_rng));
                    batch = new Minibatch(_source.Table.index_select(0, rows.On(_source.Table.device)), null);
                    return true;
                }
                var (condition, indices) = _source._sampler.SampleForTraining(_batch, _rng);
                batch = new Minibatch(_source.Table.index_select(0, indices.On(_source.Table.device)), condition);
                return true;
            }
        }
    }
}
