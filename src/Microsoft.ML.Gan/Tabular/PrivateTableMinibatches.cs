using System;
using System.Linq;
using Microsoft.ML.Gan.Randomness;
using Microsoft.ML.Gan.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The encoded table as a differentially private trainer's source: Poisson samples (each row in independently with
    /// probability q, what the accountant assumes), each sampled row with a condition taken from the row itself (a
    /// categorical column uniformly, then the row's own category of it), so that a row's term in the critic's loss
    /// depends on that row alone. Training-by-sampling (a category first, then a row having it) would make which rows
    /// are drawn depend on the other rows' categories, which the accountant does not cover. Conditions for generated
    /// rows follow the same law, from the released noisy counts (<see cref="PrivateTableSketch.Conditions"/>): a column
    /// uniformly, then a category by its frequency. Owns neither the encoded tensor nor the conditions.
    /// </summary>
    internal sealed class PrivateTableMinibatches : MinibatchSource
    {
        private readonly Tensor _encoded;
        private readonly Tensor? _slots; // [rows, categorical columns] long: each row's condition slot for each column
        private readonly GenerationConditions _conditions;

        public PrivateTableMinibatches(Tensor encoded, TableData table, GenerationConditions conditions)
        {
            if (encoded.dim() != 2 || encoded.shape[0] != table.Rows)
                throw new ArgumentException($"Expected the encoded table as [{table.Rows}, width], got [{string.Join(", ", encoded.shape)}].", nameof(encoded));
            _encoded = encoded;
            _conditions = conditions;
            var categorical = table.Categorical.ToArray();
            if (categorical.Length != conditions.Columns.Count)
                throw new ArgumentException($"The table has {categorical.Length} categorical columns, the conditions {conditions.Columns.Count}.", nameof(conditions));
            if (categorical.Length == 0)
                return;
            var slots = new long[(long)table.Rows * categorical.Length];
            for (int d = 0; d < categorical.Length; d++)
            {
                var codes = categorical[d].Codes;
                for (int r = 0; r < codes.Length; r++)
                    slots[(long)r * categorical.Length + d] = conditions.Slot(d, codes[r]);
            }
            _slots = torch.tensor(slots, new long[] { table.Rows, categorical.Length });
        }

        public override long? Rows => _encoded.shape[0];

        public override string Order => "Poisson samples";

        public override bool SamplesPoisson => true;

        public override Minibatch PoissonSample(double rate, torch.Generator rng)
        {
            var picked = (torch.rand(_encoded.shape[0], dtype: ScalarType.Float64, generator: DeviceDraws.Source(rng), device: rng.device) < rate)
                .nonzero().reshape(-1).cpu();
            var real = _encoded.index_select(0, picked);
            if (_slots is null)
                return new Minibatch(real, null);
            long count = picked.shape[0];
            var column = torch.randint(0, _slots.shape[1], new[] { count, 1L }, generator: DeviceDraws.Source(rng), device: rng.device).cpu();
            var slot = _slots.index_select(0, picked).gather(1, column).reshape(-1);
            return new Minibatch(real, _conditions.OneHot(slot));
        }

        public override Tensor? SampleConditions(long rows, torch.Generator rng) =>
            _slots is null ? null : _conditions.SampleByFrequency(rows, rng);

        /// <summary>Not used: a private run takes Poisson samples, never an epoch of minibatches.</summary>
        public override MinibatchEpoch StartEpoch(int batchSize, torch.Generator rng) =>
            throw new NotSupportedException("A differentially private table is sampled by Poisson samples only.");

        /// <summary>Private table training runs on the CPU path only: its condition draws are made there.</summary>
        public override void EnterDevicePath(Microsoft.ML.Runtime.IChannel ch, torch.Device device) =>
            throw new NotSupportedException($"Differentially private table training runs on the CPU; Device = \"{device}\" is not supported with Privacy yet.");

        public override Tensor MonitoringRows(int rows) => _encoded.narrow(0, 0, Math.Min(rows, _encoded.shape[0]));

        public override void Dispose() => _slots?.Dispose();
    }
}
