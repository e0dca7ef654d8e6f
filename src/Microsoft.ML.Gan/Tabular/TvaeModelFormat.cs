using System;
using System.IO;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The saved form of a tabular VAE's model: latent size and the decoder's hidden widths, the table part
    /// (<see cref="TableModelFormat.WriteTable"/>: columns, normalisers, categories, constraints), and the decoder's weights
    /// (its learned scales included) last. The encoder is not kept: generation needs only the decoder.
    /// </summary>
    internal static class TvaeModelFormat
    {
        /// <summary>Writes the model; <paramref name="groupsStored"/> false writes the 1.2 layout, without groupings.</summary>
        public static void Write(PayloadWriter w, GeneratorModel model, bool groupsStored = true)
        {
            var spec = (TvaeNetworkSpec)model.Spec;
            byte[] weights = ModuleBytes.Save(model.Network);
            w.Write(spec.LatentDimension);
            w.WriteInts(spec.DecoderHidden);
            TableModelFormat.WriteTable(w, (TableDecoder)model.Decoder, groupsStored);
            w.WriteBlock(weights);
        }

        /// <summary>
        /// Reads what <see cref="Write"/> wrote, to the end of <paramref name="r"/>; <paramref name="numericEncodingStored"/> is
        /// false for the 1.1 format (modes only), <paramref name="groupsStored"/> false before 1.3 (no grouped columns).
        /// </summary>
        public static GeneratorModel Read(PayloadReader r, bool numericEncodingStored, bool groupsStored)
        {
            int latent = r.ReadInt32();
            int[] hidden = NetworkSpec.ReadLayerSizes(r);
            int columnCount = TableModelFormat.ReadColumnCount(r);
            if (latent < 1 || latent > 1 << 16 || hidden.Length == 0)
                throw new InvalidDataException($"{r.What} has inconsistent decoder shapes: latent {latent}, hidden [{string.Join(", ", hidden)}].");
            var table = TableModelFormat.ReadTable(r, columnCount, numericEncodingStored, groupsStored);
            var spec = new TvaeNetworkSpec(latent, table.Encoding.Spans, Array.Empty<int>(), hidden);
            return TableModelFormat.ReadNetwork(r, spec, table,
                (network, conditions) => TableDecoder.Unconditional(network, spec, table.Encoding, conditions, table.Constraints));
        }
    }
}
