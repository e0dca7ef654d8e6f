using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Data;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Randomness;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// A vector GAN's decoder: the generator's standardised features back to the data's units (the feature
    /// scaler's inverse, on the generator's device) as one vector column of the features' own type and, for a
    /// conditional model, the class each row was generated for as a key column over the class values.
    /// </summary>
    internal sealed class VectorDecoder : RowDecoder
    {
        private readonly (Tensor Scale, Tensor Offset) _inverse;
        private readonly GeneratedColumn[] _columns;

        /// <param name="scaler">The feature scaler fitted on the training data.</param>
        /// <param name="outputType">The generated column's type: the features' own, dimensions included.</param>
        /// <param name="classes">The classes of a conditional model; null when unconditional.</param>
        /// <param name="outputColumnName">The generated column.</param>
        /// <param name="labelColumnName">The generated label column (conditional models).</param>
        public VectorDecoder(FeatureScaler scaler, VectorDataViewType outputType, ClassLabels? classes, string outputColumnName, string? labelColumnName)
        {
            Scaler = scaler;
            OutputType = outputType;
            Classes = classes;
            _inverse = scaler.InverseTensors();
            var columns = new List<GeneratedColumn> { new(outputColumnName, outputType) };
            if (classes is not null && labelColumnName is not null)
                columns.Add(new(labelColumnName, classes.Type, classes.Annotations));
            _columns = columns.ToArray();
        }

        /// <summary>A vector GAN's generator model: rows in blocks of <see cref="RowBlocks.Gan"/>.</summary>
        public static GeneratorModel Model(TorchSharp.Modules.Sequential network, NetworkSpec spec, FeatureScaler scaler, VectorDataViewType outputType,
            ClassLabels? classes, string outputColumnName, string? labelColumnName)
        {
            ConditionLayout conditions = classes is null ? ConditionLayout.None : new ClassConditions(classes);
            return new GeneratorModel(network, spec, conditions, new VectorDecoder(scaler, outputType, classes, outputColumnName, labelColumnName), RowBlocks.Gan);
        }

        public FeatureScaler Scaler { get; }

        public VectorDataViewType OutputType { get; }

        public ClassLabels? Classes { get; }

        public override IReadOnlyList<GeneratedColumn> Columns => _columns;

        public override Tensor OnDevice(Tensor rows) => FeatureScaler.Inverse(rows, _inverse);

        public override DecodedRows Decode(float[] values, int rows, int[]? slots)
        {
            var stores = new List<ColumnStore> { new VectorStore(values, OutputType.Size) };
            if (_columns.Length > 1)
                stores.Add(new ScalarStore<uint>(System.Array.ConvertAll(slots!, s => (uint)s + 1)));
            return new DecodedRows(rows, stores, slots);
        }

        public override void Dispose()
        {
            _inverse.Scale.Dispose();
            _inverse.Offset.Dispose();
        }
    }
}
