using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Tabular
{
    internal sealed partial class TableModel
    {
        private const int PayloadVersion = 2;

        /// <summary>The oldest payload this version reads: version 1 has no constraints section.</summary>
        private const int OldestPayloadVersion = 1;

        /// <summary>
        /// Everything generation needs as one payload: generator shape, the columns (name, type, kind, key values),
        /// each column's mode normaliser or category set with its training counts, and the generator's weights.
        /// </summary>
        public byte[] ToBytes()
        {
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream))
            {
                w.Write(PayloadVersion);
                w.Write(LatentDimension);
                w.Write(Temperature);
                w.Write(GeneratorHidden.Length);
                foreach (int h in GeneratorHidden)
                    w.Write(h);
                w.Write(Encoding.Columns.Count);
                int categorical = 0;
                foreach (var c in Encoding.Columns)
                {
                    WriteColumn(w, c.Column);
                    if (c.Normalizer is { } n)
                        WriteNormalizer(w, n);
                    else
                        WriteCategories(w, c.Column, c.Categories!, Conditions.Counts[categorical++]);
                }
                byte[] weights = ModuleBytes.Save(Network);
                w.Write(weights.Length);
                w.Write(weights);
                // Version 2: the constraints, after everything version 1 holds.
                ConstraintPlanFormat.Write(w, Constraints);
            }
            return stream.ToArray();
        }

        /// <summary>Rebuilds a model from <see cref="ToBytes"/>; sizes are checked before any network is built.</summary>
        public static TableModel FromBytes(byte[] payload, string what)
        {
            try
            {
                using var r = new BinaryReader(new MemoryStream(payload, writable: false));
                int version = r.ReadInt32();
                if (version < OldestPayloadVersion || version > PayloadVersion)
                    throw new InvalidDataException($"{what} has table payload version {version}; this version reads {OldestPayloadVersion} to {PayloadVersion}.");
                int latent = r.ReadInt32();
                double temperature = r.ReadDouble();
                int[] hidden = ReadInts(r, what);
                int columnCount = Count(r, what, "columns", 1 << 16);
                if (latent < 1 || latent > 1 << 16 || !(temperature > 0) || hidden.Length == 0 || hidden.Any(h => h < 1 || h > 1 << 20))
                    throw new InvalidDataException($"{what} has inconsistent generator shapes: latent {latent}, hidden [{string.Join(", ", hidden)}], temperature {temperature}.");

                var columns = new List<ColumnEncoding>(columnCount);
                var categories = new List<(CategorySet, int[])>();
                int start = 0;
                for (int i = 0; i < columnCount; i++)
                {
                    var column = ReadColumn(r, what);
                    ColumnEncoding encoding;
                    if (column.Kind == ColumnKind.Continuous)
                    {
                        var n = ReadNormalizer(r, what, column.Name);
                        encoding = new ColumnEncoding(column, start, n.Width, n, null);
                    }
                    else
                    {
                        var (set, counts) = ReadCategories(r, what, column);
                        categories.Add((set, counts));
                        encoding = new ColumnEncoding(column, start, set.Count, null, set);
                    }
                    columns.Add(encoding);
                    start += encoding.Width;
                }
                var tableEncoding = new TableEncoding(columns);
                var conditions = new GenerationConditions(categories);
                int weightBytes = r.ReadInt32();
                long remaining = r.BaseStream.Length - r.BaseStream.Position;
                if (weightBytes < 0 || weightBytes > remaining)
                    throw new InvalidDataException($"{what} is damaged: it declares {weightBytes} bytes of generator weights, {remaining} remain.");
                byte[] weights = r.ReadBytes(weightBytes);
                var constraints = version >= 2
                    ? ConstraintPlanFormat.Read(r, what, tableEncoding)
                    : ConstraintPlan.None(columns.Select(c => c.Column.Name).ToArray());

                using var spec = new TabularNetworkSpec(latent, conditions.Width, tableEncoding.Spans, hidden, Array.Empty<int>(), 0, temperature, 0);
                var network = spec.CreateGenerator();
                try
                {
                    ModuleBytes.Load(network, weights, what);
                    return new TableModel(network, latent, hidden, temperature, tableEncoding, conditions, constraints);
                }
                catch
                {
                    network.Dispose();
                    conditions.Dispose();
                    throw;
                }
            }
            catch (EndOfStreamException)
            {
                throw new InvalidDataException($"{what} is truncated.");
            }
        }

        private static void WriteColumn(BinaryWriter w, TableColumn c)
        {
            w.Write(c.Name);
            w.Write(c.Index);
            TableTypes.Write(w, c.Type);
            w.Write((byte)c.Kind);
            w.Write(c.KeyValues.HasValue);
            if (c.KeyValues is { } names)
            {
                w.Write(names.Length);
                for (int i = 0; i < names.Length; i++)
                    w.Write(names.GetItemOrDefault(i).ToString());
            }
        }

        private static TableColumn ReadColumn(BinaryReader r, string what)
        {
            string name = r.ReadString();
            int index = r.ReadInt32();
            var type = TableTypes.Read(r, what);
            var kind = (ColumnKind)r.ReadByte();
            if (kind is not (ColumnKind.Continuous or ColumnKind.Categorical) || index < 0)
                throw new InvalidDataException($"{what} is damaged: column '{name}' has kind {(int)kind} and index {index}.");
            VBuffer<ReadOnlyMemory<char>>? keyValues = null;
            if (r.ReadBoolean())
            {
                int n = Count(r, what, "key values", 1 << 24);
                var names = new ReadOnlyMemory<char>[n];
                for (int i = 0; i < n; i++)
                    names[i] = r.ReadString().AsMemory();
                keyValues = new VBuffer<ReadOnlyMemory<char>>(n, names);
            }
            return new TableColumn(name, index, type, kind) { KeyValues = keyValues };
        }

        private static void WriteNormalizer(BinaryWriter w, ModeNormalizer n)
        {
            w.Write(n.Min);
            w.Write(n.Max);
            w.Write(n.IsInteger);
            w.Write(n.HasMissing);
            w.Write(n.Modes.Count);
            for (int k = 0; k < n.Modes.Count; k++)
            {
                w.Write(n.Modes.Weights[k]);
                w.Write(n.Modes.Means[k]);
                w.Write(n.Modes.StdDevs[k]);
                w.Write(n.Spikes[k]);
            }
        }

        private static ModeNormalizer ReadNormalizer(BinaryReader r, string what, string column)
        {
            double min = r.ReadDouble(), max = r.ReadDouble();
            bool isInteger = r.ReadBoolean(), hasMissing = r.ReadBoolean();
            int k = Count(r, what, "modes", 1024);
            var weights = new double[k];
            var means = new double[k];
            var stds = new double[k];
            var spikes = new double[k];
            for (int i = 0; i < k; i++)
            {
                weights[i] = r.ReadDouble();
                means[i] = r.ReadDouble();
                stds[i] = r.ReadDouble();
                spikes[i] = r.ReadDouble();
            }
            if (k == 0 || !(min <= max))
                throw new InvalidDataException($"{what} is damaged: column '{column}' has {k} modes and range [{min}, {max}].");
            return new ModeNormalizer(column, new GaussianMixture1D(weights, means, stds), min, max, isInteger, hasMissing, spikes);
        }

        private static void WriteCategories(BinaryWriter w, TableColumn column, CategorySet set, int[] counts)
        {
            w.Write(set.Count);
            w.Write(set.MissingIndex);
            for (int k = 0; k < set.Count; k++)
            {
                switch (set.Values[k])
                {
                    case string s: w.Write(s); break;
                    case bool b: w.Write(b); break;
                    case ulong u: w.Write(u); break;
                    case double d: w.Write(d); break;
                    default: throw new InvalidOperationException($"Column '{column.Name}' has a category of type {set.Values[k].GetType().Name}.");
                }
                w.Write(set.Labels[k]);
                w.Write(counts[k]);
            }
        }

        private static (CategorySet, int[]) ReadCategories(BinaryReader r, string what, TableColumn column)
        {
            int n = Count(r, what, "categories", 1 << 24);
            int missing = r.ReadInt32();
            if (n == 0 || missing < -1 || missing >= n)
                throw new InvalidDataException($"{what} is damaged: column '{column.Name}' has {n} categories, missing index {missing}.");
            var values = new object[n];
            var labels = new string[n];
            var counts = new int[n];
            for (int k = 0; k < n; k++)
            {
                values[k] = column.Type switch
                {
                    TextDataViewType => r.ReadString(),
                    BooleanDataViewType => r.ReadBoolean(),
                    KeyDataViewType => r.ReadUInt64(),
                    _ => (object)r.ReadDouble(),
                };
                labels[k] = r.ReadString();
                counts[k] = r.ReadInt32();
                if (counts[k] < 0)
                    throw new InvalidDataException($"{what} is damaged: column '{column.Name}' has a negative count.");
            }
            return (new CategorySet(column.Name, values, labels, missing), counts);
        }

        private static int[] ReadInts(BinaryReader r, string what)
        {
            int n = Count(r, what, "layer sizes", 64);
            var values = new int[n];
            for (int i = 0; i < n; i++)
                values[i] = r.ReadInt32();
            return values;
        }

        private static int Count(BinaryReader r, string what, string of, int max)
        {
            int n = r.ReadInt32();
            if (n < 0 || n > max)
                throw new InvalidDataException($"{what} is damaged: it declares {n} {of}.");
            return n;
        }
    }
}
