using System;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// The samples of <see cref="SequenceData"/> (windows, or whole sequences) in random order: each epoch a permutation
    /// of the samples, each minibatch its samples gathered into one [batch, row width] tensor (a sample is copied only
    /// when a minibatch takes it, so the memory is the series' steps, not windows × length). Does not own the data.
    /// </summary>
    internal sealed class WindowMinibatches : MinibatchSource
    {
        private readonly SequenceData _data;

        public WindowMinibatches(SequenceData data) => _data = data;

        public override long? Rows => _data.Count;

        /// <summary>Windows of one length, cut at stride 1: another length or stride gives other samples.</summary>
        public override string Order => _data.Encoding.VariableLength
            ? $"in memory, whole sequences of up to {_data.Encoding.Length} steps"
            : $"in memory, windows of {_data.Encoding.Length} at stride 1";

        public override MinibatchEpoch StartEpoch(int batchSize, torch.Generator rng)
        {
            using var order = torch.randperm(_data.Count, generator: DeviceDraws.Source(rng), device: rng.device);
            using var onCpu = order.cpu();
            return new Epoch(this, onCpu.data<long>().ToArray(), batchSize);
        }

        public override Tensor MonitoringRows(int rows)
        {
            int n = Math.Min(rows, _data.Count);
            var picked = new long[n];
            for (int i = 0; i < n; i++)
                picked[i] = i;
            return Gather(picked);
        }

        private Tensor Gather(ReadOnlySpan<long> windows)
        {
            int size = _data.Encoding.RowWidth;
            var values = new float[windows.Length * size];
            for (int i = 0; i < windows.Length; i++)
                _data.Row((int)windows[i], values.AsSpan(i * size, size));
            return torch.tensor(values, new long[] { windows.Length, size });
        }

        private sealed class Epoch : MinibatchEpoch
        {
            private readonly WindowMinibatches _source;
            private readonly long[] _order;
            private readonly int _batch;
            private int _next;

            public Epoch(WindowMinibatches source, long[] order, int batch)
            {
                _source = source;
                _order = order;
                _batch = batch;
            }

            public override bool TryNext(out Minibatch batch)
            {
                if (_next + _batch > _order.Length)
                {
                    batch = default;
                    return false;
                }
                batch = new Minibatch(_source.Gather(_order.AsSpan(_next, _batch)), null);
                _next += _batch;
                return true;
            }
        }
    }
}
