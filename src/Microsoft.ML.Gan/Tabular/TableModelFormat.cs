using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Generation;
using Microsoft.ML.Gan.Networks;
using Microsoft.ML.Gan.Networks.Tabular;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Gan.Randomness;
using TorchSharp.Modules;

namespace Microsoft.ML.Gan.Tabular
{
    /// <summary>
    /// The saved form of a table's generator model: generator shape, the columns (name, type, kind, key values), each
    /// column's mode normaliser or category set with its training counts (since 1.3 with the categories a grouped column
    /// keeps, <see cref="CategoryGrouping"/>), the constraints, and the generator's weights last. Sizes are checked before anything of their size is allocated, and the weights against the network they declare
    /// before the network or the condition tables are built.
    /// </summary>
    internal static class TableModelFormat
    {
        /// <summary>A saved table part: the encoding, the categorical columns with their training counts, the constraints.</summary>
        internal sealed record SavedTable(TableEncoding Encoding, IReadOnlyList<(CategorySet Categories, int[] Counts)> Categories, int ConditionWidth,
            ConstraintPlan Constraints);

        /// <param name="w">Where the model goes.</param>
        /// <param name="model">A table's generator model.</param>
        /// <param name="groupsStored">False writes the 1.2 layout, without groupings (for a model that has none).</param>
        public static void Write(PayloadWriter w, GeneratorModel model, bool groupsStored = true)
        {
            var spec = (TabularNetworkSpec)model.Spec;
            byte[] weights = ModuleBytes.Save(model.Network);
            w.Write(spec.LatentDimension);
            w.Write(spec.Temperature);
            w.WriteInts(spec.GeneratorHidden);
            WriteTable(w, (TableDecoder)model.Decoder, groupsStored);
            // The weights last: the parts before them say how many bytes they can take.
            w.WriteBlock(weights);
        }

        /// <summary>
        /// Reads what <see cref="Write"/> wrote, to the end of <paramref name="r"/>; <paramref name="numericEncodingStored"/> is
        /// false for the 1.1 format (modes only), <paramref name="groupsStored"/> false before 1.3 (no grouped columns).
        /// </summary>
        public static GeneratorModel Read(PayloadReader r, bool numericEncodingStored, bool groupsStored)
        {
            int latent = r.ReadInt32();
            double temperature = r.ReadDouble();
            int[] hidden = NetworkSpec.ReadLayerSizes(r);
            int columnCount = ReadColumnCount(r);
            if (latent < 1 || latent > 1 << 16 || !(temperature > 0) || !double.IsFinite(temperature) || hidden.Length == 0)
                throw new InvalidDataException($"{r.What} has inconsistent generator shapes: latent {latent}, hidden [{string.Join(", ", hidden)}], temperature {temperature}.");
            var table = ReadTable(r, columnCount, numericEncodingStored, groupsStored);
            var spec = new TabularNetworkSpec(latent, table.ConditionWidth, table.Encoding.Spans, hidden, Array.Empty<int>(), 0, temperature);
            return ReadNetwork(r, spec, table, (network, conditions) => TableDecoder.Model(network, spec, table.Encoding, conditions, table.Constraints));
        }

        /// <summary>
        /// The table part every table model saves, whatever its network: the columns (name, type, kind, key values),
        /// each column's mode normaliser or category set with its training counts, then the constraints.
        /// </summary>
        public static void WriteTable(PayloadWriter w, TableDecoder decoder, bool groupsStored = true)
        {
            w.Write(decoder.Encoding.Columns.Count);
            int categorical = 0;
            foreach (var c in decoder.Encoding.Columns)
            {
                WriteColumn(w, c.Column);
                if (c.Normalizer is { } n)
                    WriteNormalizer(w, n);
                else
                    WriteCategories(w, c.Column, c.Categories!, decoder.Conditions.Counts[categorical++], groupsStored);
            }
            ConstraintPlanFormat.Write(w, decoder.Constraints);
        }

        /// <summary>The column count that starts <see cref="WriteTable"/>'s part.</summary>
        public static int ReadColumnCount(PayloadReader r) =>
            // A column takes at least a name, an index, a type, a kind, a flag and a one-mode normaliser or one category.
            r.ReadCount("columns", 12, 1 << 16);

        /// <summary>The rest of <see cref="WriteTable"/>'s part, after its <paramref name="columnCount"/>.</summary>
        public static SavedTable ReadTable(PayloadReader r, int columnCount, bool numericEncodingStored, bool groupsStored)
        {
            var columns = new List<ColumnEncoding>(columnCount);
            var categories = new List<(CategorySet, int[])>();
            long start = 0;
            int conditionWidth = 0;
            for (int i = 0; i < columnCount; i++)
            {
                var column = ReadColumn(r);
                ColumnEncoding encoding;
                if (column.Kind == ColumnKind.Continuous)
                {
                    var n = ReadNormalizer(r, column.Name, numericEncodingStored);
                    encoding = new ColumnEncoding(column, (int)start, n.Width, n, null);
                }
                else
                {
                    var (set, counts) = ReadCategories(r, column, groupsStored);
                    categories.Add((set, counts));
                    conditionWidth += set.Count;
                    encoding = new ColumnEncoding(column, (int)start, set.Count, null, set);
                }
                columns.Add(encoding);
                start += encoding.Width;
            }
            if (start == 0)
                throw r.Damaged("no column has an encoded value");
            var tableEncoding = new TableEncoding(columns);
            return new SavedTable(tableEncoding, categories, conditionWidth, ConstraintPlanFormat.Read(r, tableEncoding));
        }

        /// <summary>
        /// The generator's weights, the last block of <paramref name="r"/>, into the network <paramref name="spec"/> declares,
        /// then the model <paramref name="make"/> builds from it and the table's condition tables. The weights are checked
        /// against that network before anything of the declared size exists: the network, and the [categorical columns,
        /// largest category count] frequency table generation draws from.
        /// </summary>
        public static GeneratorModel ReadNetwork(PayloadReader r, NetworkSpec spec, SavedTable table,
            Func<Sequential, GenerationConditions, GeneratorModel> make)
        {
            byte[] weights = r.ReadLastBlock("generator weights", spec.MaximumWeightBlockBytes());
            spec.CheckWeightsCanHold(weights, r.What);
            var categories = table.Categories;
            long frequencyTable = (long)categories.Count * (categories.Count == 0 ? 0 : categories.Max(c => c.Categories.Count));
            if (frequencyTable > 4L * weights.Length / sizeof(float) + (1 << 20))
                throw r.Damaged($"its {categories.Count} categorical columns would need a {frequencyTable}-value frequency table for {weights.Length} bytes of weights");
            var network = spec.CreateGenerator();
            try
            {
                ModuleBytes.Load(network, weights, r.What);
                return make(network, new GenerationConditions(categories));
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }

        internal static void WriteColumn(PayloadWriter w, TableColumn c)
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

        private static TableColumn ReadColumn(PayloadReader r)
        {
            string name = r.ReadString();
            int index = r.ReadInt32();
            var type = TableTypes.Read(r);
            var kind = (ColumnKind)r.ReadByte();
            if (name.Length == 0 || kind is not (ColumnKind.Continuous or ColumnKind.Categorical) || index < 0)
                throw r.Damaged($"column '{name}' has kind {(int)kind} and index {index}");
            VBuffer<ReadOnlyMemory<char>>? keyValues = null;
            if (r.ReadBoolean())
            {
                int n = r.ReadCount($"key values of column '{name}'", 1, 1 << 24);
                var names = new ReadOnlyMemory<char>[n];
                for (int i = 0; i < n; i++)
                    names[i] = r.ReadString().AsMemory();
                keyValues = new VBuffer<ReadOnlyMemory<char>>(n, names);
            }
            return new TableColumn(name, index, type, kind) { KeyValues = keyValues };
        }

        private static void WriteNormalizer(PayloadWriter w, ModeNormalizer n)
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
            w.Write(n.Quantiles is not null);
            if (n.Quantiles is { } q)
            {
                w.Write(q.Knots.Length);
                foreach (double knot in q.Knots)
                    w.Write(knot);
            }
        }

        // Statistics must be finite (a spike may be NaN: that mode has none), weights and deviations not negative.
        private static ModeNormalizer ReadNormalizer(PayloadReader r, string column, bool numericEncodingStored)
        {
            double min = r.ReadFinite($"column '{column}''s minimum"), max = r.ReadFinite($"column '{column}''s maximum");
            bool isInteger = r.ReadBoolean(), hasMissing = r.ReadBoolean();
            int k = r.ReadCount($"modes of column '{column}'", 32, 1024);
            var weights = new double[k];
            var means = new double[k];
            var stds = new double[k];
            var spikes = new double[k];
            for (int i = 0; i < k; i++)
            {
                weights[i] = r.ReadFinite($"column '{column}''s mode weight");
                means[i] = r.ReadFinite($"column '{column}''s mode mean");
                stds[i] = r.ReadFinite($"column '{column}''s mode deviation");
                spikes[i] = r.ReadDouble();
                if (weights[i] < 0 || stds[i] < 0 || double.IsInfinity(spikes[i]))
                    throw r.Damaged($"column '{column}' has mode weight {weights[i]}, deviation {stds[i]}, spike {spikes[i]}");
            }
            if (k == 0 || !(min <= max) || !(weights.Sum() > 0))
                throw r.Damaged($"column '{column}' has {k} modes of total weight {weights.Sum()} and range [{min}, {max}]");
            var modes = new GaussianMixture1D(weights, means, stds);
            if (!numericEncodingStored || !r.ReadBoolean())
                return new ModeNormalizer(column, modes, min, max, isInteger, hasMissing, spikes);
            int count = r.ReadCount($"quantiles of column '{column}'", sizeof(double), QuantileMap.MaxKnots);
            var knots = new double[count];
            for (int i = 0; i < count; i++)
                knots[i] = r.ReadFinite($"column '{column}''s quantile");
            try
            {
                return new ModeNormalizer(column, modes, min, max, isInteger, hasMissing, spikes, new QuantileMap(knots, min, max));
            }
            catch (ArgumentException e)
            {
                throw r.Damaged($"column '{column}''s normal scores: {e.Message}");
            }
        }

        /// <summary>
        /// A categorical column's every category with its training count, then (<paramref name="groupsStored"/>, since 1.3) the
        /// ones a grouped column keeps, none for a column learned whole; <paramref name="set"/> and <paramref name="counts"/> are
        /// the model's (a grouped column's slots).
        /// </summary>
        internal static void WriteCategories(PayloadWriter w, TableColumn column, CategorySet set, int[] counts, bool groupsStored = true)
        {
            int[] kept = set.Grouping?.Kept ?? Array.Empty<int>();
            if (set.Grouping is { } grouping)
            {
                if (!groupsStored)
                    throw new InvalidOperationException($"Column '{column.Name}' is grouped; the 1.2 layout cannot hold it.");
                (set, counts) = (grouping.All, grouping.AllCounts);
            }
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
            if (groupsStored)
                w.WriteInts(kept);
        }

        // The model's categories of the column: its own, or a grouped column's slots with their counts.
        private static (CategorySet, int[]) ReadCategories(PayloadReader r, TableColumn column, bool groupsStored)
        {
            // A category takes at least a one-byte value, a one-byte label and a four-byte count.
            int n = r.ReadCount($"categories of column '{column.Name}'", 6, 1 << 24);
            int missing = r.ReadInt32();
            if (n == 0 || missing < -1 || missing >= n)
                throw r.Damaged($"column '{column.Name}' has {n} categories, missing index {missing}");
            var values = new object[n];
            var labels = new string[n];
            var counts = new int[n];
            long total = 0;
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
                    throw r.Damaged($"column '{column.Name}' has a negative count");
                total += counts[k];
            }
            if (total == 0)
                throw r.Damaged($"column '{column.Name}' has no training rows in any of its {n} categories");
            var set = new CategorySet(column.Name, values, labels, missing);
            // At least one category is grouped: a column keeps fewer than it has.
            int[] kept = groupsStored ? r.ReadInts($"kept categories of column '{column.Name}'", n - 1) : Array.Empty<int>();
            if (kept.Length == 0)
                return (set, counts);
            try
            {
                var grouping = new CategoryGrouping(set, counts, kept);
                return (grouping.Slots, grouping.SlotCounts);
            }
            catch (ArgumentException e)
            {
                throw r.Damaged($"column '{column.Name}' keeps {kept.Length} of its {n} categories, which are not distinct ascending indices below {n} ({e.GetType().Name})");
            }
        }
    }
}
