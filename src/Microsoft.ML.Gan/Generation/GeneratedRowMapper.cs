using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// Row-at-a-time mapping for prediction engines: the generated value of a row comes from its
    /// latent and label columns when the input has them (one generator pass per row, the only choice for
    /// single rows), otherwise from seeded noise at the row's position.
    /// </summary>
    internal sealed class GeneratedRowMapper : IRowToRowMapper
    {
        private readonly OutputBinding _binding;

        public GeneratedRowMapper(OutputBinding binding) => _binding = binding;

        public DataViewSchema InputSchema => _binding.InputSchema;
        public DataViewSchema OutputSchema => _binding.OutputSchema;

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
        {
            var (input, generated) = _binding.Split(dependingColumns);
            return generated ? input.Concat(_binding.DrivingColumns()).Distinct() : input;
        }

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
        {
            bool generated = activeColumns.Any(c => c.Index >= _binding.OutputIndex);
            SampleSource? source = generated ? _binding.CreateRowSource(input) : null;
            return new Row(_binding, input, source);
        }

        private sealed class Row : DataViewRow
        {
            private readonly OutputBinding _binding;
            private readonly DataViewRow _input;
            private readonly SampleSource? _source;

            public Row(OutputBinding binding, DataViewRow input, SampleSource? source)
            {
                _binding = binding;
                _input = input;
                _source = source;
            }

            public override DataViewSchema Schema => _binding.OutputSchema;
            public override long Position => _input.Position;
            public override long Batch => _input.Batch;
            public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();
            public override bool IsColumnActive(DataViewSchema.Column column) => _binding.IsColumnActive(_input, column, _source != null);
            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
                _binding.GetGetter<TValue>(this, _input, column, _source);

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                    _source?.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
