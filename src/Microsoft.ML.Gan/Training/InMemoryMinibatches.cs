using System;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The data held in memory once (<see cref="FeatureRows"/>, already scaled) and, for a conditional GAN, each
    /// row's class: each epoch is a random permutation, each minibatch a gather of its rows into one tensor (the
    /// classes one-hot per minibatch, never a [rows, classes] copy of the data). Does not own the rows.
    /// On the device path the rows and classes are copied to the device once when they fit, and each minibatch is an
    /// index_select there; the order is drawn on the device, and generator steps' classes by <see cref="DeviceDraws"/>.
    /// </summary>
    internal sealed class InMemoryMinibatches : MinibatchSource
    {
        private readonly FeatureRows _data;
        private readonly int[]? _classes;
        private readonly Tensor? _classFrequencies;
        private Tensor? _rows, _rowClasses;          // resident on the device path: [rows, size] float, [rows] long
        private Tensor? _classCumulative, _lastClass; // the device path's draws of classes
        private bool _devicePath;

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

        public override MinibatchEpoch StartEpoch(int batchSize, torch.Generator rng)
        {
            var order = torch.randperm(_data.Rows, generator: DeviceDraws.Source(rng), device: rng.device).DetachFromDisposeScope();
            // Rows left on the CPU are gathered there: their order is read to the host once an epoch.
            if (_rows is null && order.device_type != DeviceType.CPU)
            {
                using var drawn = order;
                order = drawn.cpu().DetachFromDisposeScope();
            }
            return new Epoch(this, order, batchSize);
        }

        public override bool SamplesPoisson => true;

        public override Minibatch PoissonSample(double rate, torch.Generator rng)
        {
            // Uniforms in float64, so that the inclusion probability is q to 2^-53 rather than float32's 2^-24.
            var picked = (torch.rand(_data.Rows, dtype: ScalarType.Float64, generator: DeviceDraws.Source(rng), device: rng.device) < rate)
                .nonzero().reshape(-1);
            if (_rows is { } resident)
                return new Minibatch(resident.index_select(0, picked), _rowClasses is { } rowClasses ? OneHot(rowClasses.index_select(0, picked)) : null);
            var rows = picked.cpu().data<long>().ToArray();
            Tensor? condition = null;
            if (_classes is { } classes)
                condition = OneHot(torch.tensor(Array.ConvertAll(rows, r => (long)classes[r])));
            return new Minibatch(_data.Gather(rows), condition);
        }

        /// <summary>Classes drawn by their training frequency, one-hot.</summary>
        public override Tensor? SampleConditions(long rows, torch.Generator rng)
        {
            if (_classFrequencies is null)
                return null;
            if (_devicePath)
            {
                var cumulative = _classCumulative!.expand(rows, -1);
                return OneHot(DeviceDraws.Categories(cumulative, _lastClass!.expand(rows), rng));
            }
            var classes = torch.multinomial(_classFrequencies, rows, replacement: true, generator: rng);
            return OneHot(classes);
        }

        public override Tensor MonitoringRows(int rows) => _rows?.narrow(0, 0, Math.Min(rows, _data.Rows)) ?? _data.Head(rows);

        public override void EnterDevicePath(IChannel ch, torch.Device device)
        {
            if (_devicePath)
                return;
            _devicePath = true;
            if (_classFrequencies is not null)
            {
                using var scope = torch.NewDisposeScope();
                _classCumulative = DeviceDraws.Cumulative(_classFrequencies).unsqueeze(0).to(device).DetachFromDisposeScope();
                var frequencies = _classFrequencies.data<float>().ToArray();
                long last = Array.FindLastIndex(frequencies, f => f > 0);
                _lastClass = torch.tensor(new[] { Math.Max(0, last) }, device: device).DetachFromDisposeScope();
            }
            long bytes = _data.Rows * (_data.Size * sizeof(float) + (_classes is null ? 0 : sizeof(long)));
            if (!DeviceResidence.Decide(ch, device, bytes, $"The {_data.Rows} training rows"))
                return;
            using (var all = _data.ToTensor())
                _rows = all.to(device).DetachFromDisposeScope();
            if (_classes is not null)
            {
                using var classes = torch.tensor(Array.ConvertAll(_classes, c => (long)c));
                _rowClasses = classes.to(device).DetachFromDisposeScope();
            }
        }

        private Tensor OneHot(Tensor classes) =>
            torch.nn.functional.one_hot(classes, _classFrequencies!.shape[0]).to_type(ScalarType.Float32);

        public override void Dispose()
        {
            _classFrequencies?.Dispose();
            _rows?.Dispose();
            _rowClasses?.Dispose();
            _classCumulative?.Dispose();
            _lastClass?.Dispose();
        }

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
                if (_source._rows is { } resident)
                {
                    // Resident rows: a gather on the device, no host read.
                    var picked = _order.narrow(0, _next, _batch);
                    _next += _batch;
                    batch = new Minibatch(resident.index_select(0, picked), _source._rowClasses is { } rowClasses
                        ? _source.OneHot(rowClasses.index_select(0, picked)) : null);
                    return true;
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
