using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Persistence;

namespace Microsoft.ML.Gan.Data
{
    /// <summary>
    /// The classes of a conditional GAN: their values (as text, in key order) and training frequencies.
    /// Generated label columns are keys over these values, with the values as the KeyValues annotation,
    /// so ML.NET's MapKeyToValue and trainers see the training labels.
    /// </summary>
    internal sealed class ClassLabels
    {
        private readonly Dictionary<string, int> _index;

        public ClassLabels(string[] values, float[] frequencies)
        {
            if (values.Length == 0 || values.Length != frequencies.Length)
                throw new ArgumentException($"{values.Length} class values for {frequencies.Length} frequencies.");
            Values = values;
            Frequencies = frequencies;
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < values.Length; i++)
                _index.TryAdd(values[i], i);
            Type = new KeyDataViewType(typeof(uint), values.Length);
            var annotations = new DataViewSchema.Annotations.Builder();
            var names = values.Select(v => v.AsMemory()).ToArray();
            annotations.AddKeyValues(values.Length, TextDataViewType.Instance,
                (ref VBuffer<ReadOnlyMemory<char>> dst) => dst = new VBuffer<ReadOnlyMemory<char>>(names.Length, names));
            Annotations = annotations.ToAnnotations();
        }

        /// <summary>Class values in key order (class i is key i + 1).</summary>
        public string[] Values { get; }

        /// <summary>Share of each class in the training data (generation draws classes with these).</summary>
        public float[] Frequencies { get; }

        public int Count => Values.Length;

        /// <summary>The generated label column's type: Key&lt;UInt32, Count&gt;.</summary>
        public KeyDataViewType Type { get; }

        /// <summary>KeyValues: the class values as text.</summary>
        public DataViewSchema.Annotations Annotations { get; }

        public bool TryGetClass(string value, out int index) => _index.TryGetValue(value, out index);

        /// <summary>The class of <paramref name="value"/>, or an exception listing the known values.</summary>
        public int ClassOf(string value, string columnName) =>
            _index.TryGetValue(value, out int index) ? index
                : throw new ArgumentException(
                    $"Label '{value}' is not one of the {Count} classes the GAN was trained on in column '{columnName}': {Describe()}.");

        public string Describe(int max = 20) =>
            string.Join(", ", Values.Take(max).Select(v => $"'{v}'")) + (Count > max ? $", ... ({Count} in all)" : "");

        public void Write(PayloadWriter w)
        {
            w.Write(Count);
            foreach (var v in Values)
                w.Write(v);
            foreach (var f in Frequencies)
                w.Write(f);
        }

        /// <summary>Reads what <see cref="Write"/> wrote; frequencies must be finite, non-negative and not all zero.</summary>
        public static ClassLabels Read(PayloadReader r)
        {
            // Each class takes at least a one-byte string and a four-byte frequency.
            int count = r.ReadCount("classes", 5, 1 << 20);
            if (count < 1)
                throw r.Damaged("it declares 0 classes");
            var values = new string[count];
            for (int i = 0; i < count; i++)
                values[i] = r.ReadString();
            var frequencies = new float[count];
            for (int i = 0; i < count; i++)
                frequencies[i] = r.ReadSingle();
            if (frequencies.Any(f => !(f >= 0) || !float.IsFinite(f)) || !(frequencies.Sum() > 0))
                throw r.Damaged("the class frequencies are negative, not finite or all zero");
            return new ClassLabels(values, frequencies);
        }
    }
}
