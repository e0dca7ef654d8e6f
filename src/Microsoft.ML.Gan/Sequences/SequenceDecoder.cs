using System.Collections.Generic;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks.Sequence;
using Microsoft.ML.Gan.Randomness;
using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// A sequence GAN's decoder: one generated row of the core is one sequence (or window), kept as the generator made
    /// it, encoded (a vector column of the attributes and length × step values, <see cref="SequenceEncoding"/>). The
    /// sequences become rows of the long format (one per step, in the data's units and types) in
    /// <see cref="LongFormatView"/>, which reads them through the core's one cursor; the encoded steps are also what the
    /// sequence scores compare.
    /// </summary>
    internal sealed class SequenceDecoder : RowDecoder
    {
        /// <summary>The core's name for the window column; never shown to users (the long format replaces it).</summary>
        public const string WindowColumnName = "Window";

        private readonly GeneratedColumn[] _columns;

        public SequenceDecoder(SequenceNetworkSpec spec, SequenceEncoding encoding)
        {
            Spec = spec;
            Encoding = encoding;
            _columns = new[] { new GeneratedColumn(WindowColumnName, new VectorDataViewType(NumberDataViewType.Single, spec.Length, spec.StepFeatures)) };
        }

        /// <summary>
        /// A sequence GAN's generator model: windows in blocks of <see cref="RowBlocks.Gan"/> (a GAN's blocks: a window is
        /// one sample of the core, whatever its length).
        /// </summary>
        public static GeneratorModel Model(Sequential network, SequenceNetworkSpec spec, SequenceEncoding encoding) =>
            new(network, spec, ConditionLayout.None, new SequenceDecoder(spec, encoding), RowBlocks.Gan);

        public SequenceNetworkSpec Spec { get; }

        public SequenceEncoding Encoding { get; }

        public override IReadOnlyList<GeneratedColumn> Columns => _columns;

        public override DecodedRows Decode(float[] values, int rows, int[]? slots) =>
            new(rows, new ColumnStore[] { new VectorStore(values, Spec.FeatureSize) }, slots);
    }
}
