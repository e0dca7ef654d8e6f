using Microsoft.ML.Data;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// One usable column of the training table: its name, position in the input schema, original type (the type
    /// generated rows come back in) and how it is modelled. <see cref="KeyValues"/> is the key column's
    /// KeyValues annotation, kept so that generated keys carry the same names.
    /// </summary>
    internal sealed record TableColumn(string Name, int Index, DataViewType Type, ColumnKind Kind)
    {
        public VBuffer<System.ReadOnlyMemory<char>>? KeyValues { get; init; }

        /// <summary>A date column: learned as continuous days (see <see cref="DateValues"/>), generated as DateTime.</summary>
        public bool IsDate => Type is DateTimeDataViewType;

        public override string ToString() => $"{Name} ({Type}, {Kind})";
    }
}
