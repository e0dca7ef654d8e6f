using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks.Sequence;
using Microsoft.ML.Gan.Randomness;
using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// A sequence GAN's decoder: one generated row of the core is one window, kept as the generator made it, scaled
    /// to [0, 1] (a vector column of length × features, step by step). The windows become rows of the long format
    /// (one per step, in the data's units and types) in <see cref="LongFormatView"/>, which reads them through the core's
    /// one cursor; the scaled windows are also what the sequence scores compare.
    /// </summary>
    internal sealed class SequenceDecoder : RowDecoder
    {
        /// <summary>The core's name for the window column; never shown to users (the long format replaces it).</summary>
        public const string WindowColumnName = "Window";

        private readonly GeneratedColumn[] _columns;

        public SequenceDecoder(SequenceNetworkSpec spec, MinMaxScaling scaling)
        {
            Spec = spec;
            Scaling = scaling;
            _columns = new[] { new GeneratedColumn(WindowColumnName, new VectorDataViewType(NumberDataViewType.Single, spec.Length, spec.StepFeatures)) };
        }

        /// <summary>
        /// A sequence GAN's generator model: windows in blocks of <see cref="RowBlocks.Gan"/> (a GAN's blocks: a window is
        /// one sample of the core, whatever its length).
        /// </summary>
        public static GeneratorModel Model(Sequential network, SequenceNetworkSpec spec, MinMaxScaling scaling) =>
            new(network, spec, ConditionLayout.None, new SequenceDecoder(spec, scaling), RowBlocks.Gan);

        public SequenceNetworkSpec Spec { get; }

        public MinMaxScaling Scaling { get; }

        public override IReadOnlyList<GeneratedColumn> Columns => _columns;

        public override DecodedRows Decode(float[] values, int rows, int[]? slots) =>
            new(rows, new ColumnStore[] { new VectorStore(values, Spec.FeatureSize) }, slots);
    }
}
