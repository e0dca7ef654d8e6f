using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The data as one contiguous [rows, features] tensor (and an optional [rows, condition] tensor):
    /// each epoch is a random permutation, each minibatch one index_select. Does not own the tensors.
    /// </summary>
    internal sealed class InMemoryMinibatches : MinibatchSource
    {
        private readonly Tensor _data;
        private readonly Tensor? _conditions;
        private readonly Tensor? _conditionFrequencies;

        /// <param name="data">The scaled training rows, [rows, features].</param>
        /// <param name="conditions">Per-row condition vectors, or null for an unconditional GAN.</param>
        /// <param name="conditionFrequencies">Probability of each distinct condition for generator steps; with
        /// one-hot conditions, the class frequencies. Null draws the condition of a random training row.</param>
        public InMemoryMinibatches(Tensor data, Tensor? conditions = null, Tensor? conditionFrequencies = null)
        {
            if (conditions is not null && conditions.shape[0] != data.shape[0])
                throw new ArgumentException($"{conditions.shape[0]} condition rows for {data.shape[0]} data rows.", nameof(conditions));
            _data = data;
            _conditions = conditions;
            _conditionFrequencies = conditionFrequencies;
        }

        public override int FeatureSize => (int)_data.shape[1];
        public override int ConditionSize => _conditions is null ? 0 : (int)_conditions.shape[1];
        public override long? Rows => _data.shape[0];

        public override MinibatchEpoch StartEpoch(int batchSize, torch.Generator rng) =>
            new Epoch(this, torch.randperm(_data.shape[0], generator: rng).DetachFromDisposeScope(), batchSize);

        public override Tensor? SampleConditions(long rows, torch.Generator rng)
        {
            if (_conditions is null)
                return null;
            if (_conditionFrequencies is not null)
            {
                // One-hot conditions: draw classes by their training frequency.
                var classes = torch.multinomial(_conditionFrequencies, rows, replacement: true, generator: rng);
                return torch.nn.functional.one_hot(classes, _conditionFrequencies.shape[0]).to_type(ScalarType.Float32);
            }
            var picked = torch.randint(0, _data.shape[0], new[] { rows }, generator: rng);
            return _conditions.index_select(0, picked);
        }

        // A copy, not a view: the caller's dispose scope frees what this returns, and must never free the data.
        public override Tensor MonitoringRows(int rows) => _data.narrow(0, 0, Math.Min(rows, _data.shape[0])).clone();

        private sealed class Epoch : MinibatchEpoch
        {
            private readonly InMemoryMinibatches _source;
            private readonly Tensor _order;
            private readonly int _batch;
            private long _next;

            public Epoch(InMemoryMinibatches source, Tensor order, int batch)
            {
                _source = source;
                _order = order;
                _batch = batch;
            }

            public override bool TryNext(out Minibatch batch)
            {
                if (_next + _batch > _order.shape[0])
                {
                    batch = default;
                    return false;
                }
                var rows = _order.narrow(0, _next, _batch);
                _next += _batch;
                batch = new Minibatch(_source._data.index_select(0, rows), _source._conditions?.index_select(0, rows));
                return true;
            }

            public override void Dispose() => _order.Dispose();
        }
    }
}
