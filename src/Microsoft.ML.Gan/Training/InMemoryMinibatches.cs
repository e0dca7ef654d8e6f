using System;
using Microsoft.ML.Gan.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The data held in memory once (<see cref="FeatureRows"/>, already scaled) and, for a conditional GAN, each
    /// row's class: each epoch is a random permutation, each minibatch a gather of its rows into one tensor (the
    /// classes one-hot per minibatch, never a [rows, classes] copy of the data). Does not own the rows.
    /// </summary>
    internal sealed class InMemoryMinibatches : MinibatchSource
    {
        private readonly FeatureRows _data;
        private readonly int[]? _classes;
        private readonly Tensor? _classFrequencies;

        /// <param name="data">The rows, already scaled.</param>
        /// <param name="classes">Each row's class (0-based), or null for an unconditional GAN.</param>
        /// <param name="classFrequencies">The probability of each class, for the classes of generator steps.</param>
        public InMemoryMinibatches(FeatureRows data, int[]? classes = null, float[]? classFrequencies = null)
        {
            if ((classes is null) != (classFrequencies is null))
                throw new ArgumentException("Row classes and class frequencies go together.", nameof(classes));
            if (classes is not null && classes.Length != data.Rows)
                throw new ArgumentException($"{classes.Length} row classes for {data.Rows} data rows.", nameof(classes));
            _data = data;
            _classes = classes;
            if (classFrequencies is not null)
                _classFrequencies = torch.tensor(classFrequencies).DetachFromDisposeScope();
        }

        public override long? Rows => _data.Rows;

        public override MinibatchEpoch StartEpoch(int batchSize, torch.Generator rng) =>
            new Epoch(this, torch.randperm(_data.Rows, generator: rng).DetachFromDisposeScope(), batchSize);

        /// <summary>Classes drawn by their training frequency, one-hot.</summary>
        public override Tensor? SampleConditions(long rows, torch.Generator rng)
        {
            if (_classFrequencies is null)
                return null;
            var classes = torch.multinomial(_classFrequencies, rows, replacement: true, generator: rng);
            return OneHot(classes);
        }

        public override Tensor MonitoringRows(int rows) => _data.Head(rows);

        private Tensor OneHot(Tensor classes) =>
            torch.nn.functional.one_hot(classes, _classFrequencies!.shape[0]).to_type(ScalarType.Float32);

        public override void Dispose() => _classFrequencies?.Dispose();

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
                // The permutation stays one int64 tensor (8 bytes a row); only a minibatch's indices come out of it.
                ReadOnlySpan<long> rows = _order.narrow(0, _next, _batch).data<long>().ToArray();
                _next += _batch;
                Tensor? condition = null;
                if (_source._classes is { } classes)
                {
                    var picked = new long[rows.Length];
                    for (int i = 0; i < rows.Length; i++)
                        picked[i] = classes[rows[i]];
                    condition = _source.OneHot(torch.tensor(picked));
                }
                batch = new Minibatch(_source._data.Gather(rows), condition);
                return true;
            }

            public override void Dispose() => _order.Dispose();
        }
    }
}
