using System;
using System.Linq;
using Microsoft.ML.Gan.Networks.Sequence;
using Microsoft.ML.Gan.Persistence;
using Microsoft.ML.Runtime;

namespace Microsoft.ML.Gan.Sequences
{
    /// <summary>
    /// How sequences become the rows a sequence GAN learns, and back: a row is a sequence's attributes (weighted by
    /// <see cref="SequenceNetworkSpec.AttributeWeight"/>), then <see cref="Length"/> steps of the step block, and for
    /// whole sequences a present flag per step (1 within the sequence, 0 in the zero padding after it). The codings are
    /// fitted on the training data; generated rows are read back through the same codings.
    /// </summary>
    internal sealed class SequenceEncoding
    {
        public SequenceEncoding(BlockCoding steps, BlockCoding attributes, int length, bool variableLength)
        {
            Steps = steps;
            Attributes = attributes;
            Length = length;
            VariableLength = variableLength;
        }

        public BlockCoding Steps { get; }

        public BlockCoding Attributes { get; }

        /// <summary>Steps per row: the window length, or the longest sequence for whole sequences.</summary>
        public int Length { get; }

        /// <summary>Whether rows are whole sequences of any length up to <see cref="Length"/> (with a present flag per step).</summary>
        public bool VariableLength { get; }

        /// <summary>Encoded values per step, with the present flag.</summary>
        public int StepWidth => Steps.Width + (VariableLength ? 1 : 0);

        /// <summary>Values of a row.</summary>
        public int RowWidth => Attributes.Width + Length * StepWidth;

        /// <summary>What the attributes are multiplied by in a row (<see cref="SequenceNetworkSpec.AttributeWeight"/>).</summary>
        public float AttributeWeight => SequenceNetworkSpec.AttributeWeightFor(Length);

        /// <summary>The network description for rows of this encoding.</summary>
        public SequenceNetworkSpec Spec(int noisePerStep, int[] generatorHidden, int[] discriminatorHidden) =>
            new(Length, Steps.Shape, VariableLength, Attributes.Shape, noisePerStep, 0, generatorHidden, discriminatorHidden);

        /// <summary>The most categories a categorical column may have: each is a value of every step's one-hot.</summary>
        public const int MaxCategories = 1000;

        /// <summary>
        /// Fits every column's coding on the raw training data. A number that is always missing, or a category with more
        /// than <see cref="MaxCategories"/> values, is an error naming the column.
        /// </summary>
        public static SequenceEncoding Fit(IExceptionContext ectx, RawSequences raw, int length, bool variableLength, string paramName)
        {
            var columns = raw.Columns;
            ColumnCoding Coding(string role, string name, Microsoft.ML.Data.DataViewType type, double[] values)
            {
                if (type is not Microsoft.ML.Data.NumberDataViewType)
                {
                    var seen = raw.Seen(name);
                    if (seen.Count > MaxCategories)
                        throw ectx.ExceptParam(paramName, $"{role} column '{name}' has {seen.Count} distinct values; a categorical column may have at most " +
                            $"{MaxCategories} (each is a value of every step's encoding). Group rare values, or give a number as Single or Double.");
                    return ColumnCoding.Categorical(name, type, seen);
                }
                if (values.All(double.IsNaN))
                    throw ectx.ExceptParam(paramName, $"{role} column '{name}' has only missing values (NaN): there is nothing to learn. Drop the column.");
                return ColumnCoding.Numeric(name, type, values);
            }
            var steps = columns.Features.Select((name, f) => Coding("Feature", name, raw.FeatureTypes[f], Column(raw.Steps, f, columns.Features.Length))).ToArray();
            var attributes = columns.Attributes.Select((name, a) => Coding("Attribute", name, raw.AttributeTypes[a], Column(raw.Attributes, a, columns.Attributes.Length))).ToArray();
            var encoding = new SequenceEncoding(new BlockCoding(steps), new BlockCoding(attributes), length, variableLength);
            if (encoding.StepWidth > SequenceNetworkSpec.MaxStepFeatures || encoding.Attributes.Width > SequenceNetworkSpec.MaxStepFeatures
                || (long)encoding.Length * encoding.StepWidth + encoding.Attributes.Width > int.MaxValue / 4)
                throw ectx.ExceptParam(paramName, $"The columns take {encoding.StepWidth} values per step and {encoding.Attributes.Width} per sequence once encoded " +
                    $"(numbers, missing flags, one value per category); at most {SequenceNetworkSpec.MaxStepFeatures} each are allowed. Use fewer or smaller categorical columns.");
            return encoding;
        }

        private static double[] Column(System.Collections.Generic.IReadOnlyList<double> values, int column, int columns)
        {
            var result = new double[values.Count / Math.Max(1, columns)];
            for (int i = 0; i < result.Length; i++)
                result[i] = values[i * columns + column];
            return result;
        }

        /// <summary>
        /// The raw data encoded: each step's block (without the present flag, which the minibatches add) and each series'
        /// attributes (unweighted). A category training never saw, or a missing number where training had none, is an
        /// error naming the column.
        /// </summary>
        public SequenceData Encode(IExceptionContext ectx, RawSequences raw, string paramName)
        {
            var stepRaw = Remap(ectx, raw, raw.Steps, raw.Columns.Features, Steps, "Feature", paramName);
            var attributeRaw = Remap(ectx, raw, raw.Attributes, raw.Columns.Attributes, Attributes, "Attribute", paramName);
            int f = raw.Columns.Features.Length, a = raw.Columns.Attributes.Length;
            int steps = stepRaw.Length / f;
            var encodedSteps = new float[checked(steps * Steps.Width)];
            for (int s = 0; s < steps; s++)
                Steps.Encode(stepRaw.AsSpan(s * f, f), encodedSteps.AsSpan(s * Steps.Width, Steps.Width));
            int series = raw.Lengths.Count;
            var encodedAttributes = new float[checked(series * Attributes.Width)];
            for (int s = 0; s < series && a > 0; s++)
                Attributes.Encode(attributeRaw.AsSpan(s * a, a), encodedAttributes.AsSpan(s * Attributes.Width, Attributes.Width));
            return new SequenceData(this, encodedSteps, encodedAttributes, raw.Lengths.ToArray());
        }

        // Category ids as first seen become the coding's indices; every value is checked against what the coding can hold.
        private static double[] Remap(IExceptionContext ectx, RawSequences raw, System.Collections.Generic.IReadOnlyList<double> values, string[] names,
            BlockCoding block, string role, string paramName)
        {
            var result = values.ToArray();
            int n = names.Length;
            for (int c = 0; c < n; c++)
            {
                var coding = block.Columns[c];
                if (coding.Name != names[c])
                    throw ectx.Except($"{role} column {c} is '{names[c]}' in the data but '{coding.Name}' in the model.");
                int[]? index = coding.IsCategorical ? raw.Seen(names[c]).Select(coding.CategoryOf).ToArray() : null;
                for (int i = c; i < result.Length; i += n)
                {
                    if (index is not null)
                    {
                        int id = (int)result[i];
                        result[i] = index[id] >= 0 ? index[id] : throw ectx.ExceptParam(paramName,
                            $"{role} column '{names[c]}' has {raw.Show(names[c], id)}, a category the model never saw in training: expected one of " +
                            $"{string.Join(", ", coding.Categories.Select(v => v is null ? "a missing value" : $"'{v}'"))}.");
                    }
                    else if (double.IsNaN(result[i]) && !coding.HasMissing)
                        throw ectx.ExceptParam(paramName,
                            $"{role} column '{names[c]}' has a missing value (NaN), but the model learnt it without missing values: expected a finite number.");
                }
            }
            return result;
        }

        /// <summary>The length of a generated row's sequence: every step while its present flag is at least one half (at least one step).</summary>
        public int SequenceLength(ReadOnlySpan<float> row)
        {
            if (!VariableLength)
                return Length;
            int steps = 1;
            while (steps < Length && row[Attributes.Width + steps * StepWidth + Steps.Width] >= 0.5f)
                steps++;
            return steps;
        }

        /// <summary>
        /// A generated row with each present step's block divided by its present flag, in place: the generator multiplies
        /// a step by its flag (so that padding is 0, as in the data), and a flag a little under 1 would otherwise shrink
        /// the step's numbers and flags. Absent steps and windows are left as they are.
        /// </summary>
        public void Unmask(Span<float> row)
        {
            if (!VariableLength)
                return;
            for (int t = 0; t < Length; t++)
            {
                int at = Attributes.Width + t * StepWidth;
                float present = row[at + Steps.Width];
                if (present < 0.5f)
                    break;
                for (int i = 0; i < Steps.Width; i++)
                    row[at + i] /= present;
            }
        }

        /// <summary>
        /// A generated row's steps as the data encodes them, in place (after <see cref="Unmask"/>): flags 0 or 1 and
        /// categories one-hot (<see cref="BlockShape.Harden"/>), and for whole sequences the present flag 1 up to the
        /// sequence's length and every value 0 after it.
        /// </summary>
        public void Harden(Span<float> row)
        {
            int length = SequenceLength(row);
            for (int t = 0; t < Length; t++)
            {
                var step = row.Slice(Attributes.Width + t * StepWidth, StepWidth);
                if (t >= length)
                {
                    step.Clear();
                    continue;
                }
                Steps.Shape.Harden(step[..Steps.Width]);
                if (VariableLength)
                    step[Steps.Width] = 1f;
            }
        }

        /// <summary>What each value of an encoded step is: a number's name, "name (missing)" for its flag, "name=category" for a one-hot, "(present)".</summary>
        public string[] StepValueNames()
        {
            var names = new string[StepWidth];
            var columns = Steps.Columns;
            var numeric = columns.Where(c => !c.IsCategorical).ToArray();
            int at = 0;
            foreach (var c in numeric)
                names[at++] = c.Name;
            foreach (var c in numeric.Where(c => c.HasMissing))
                names[at++] = c.Name + " (missing)";
            foreach (var c in columns.Where(c => c.IsCategorical))
            {
                foreach (string? category in c.Categories)
                    names[at++] = $"{c.Name}={category ?? "(missing)"}";
            }
            if (VariableLength)
                names[at] = "(present)";
            return names;
        }

        /// <summary>Step <paramref name="step"/>'s block of a generated row.</summary>
        public ReadOnlySpan<float> Step(ReadOnlySpan<float> row, int step) => row.Slice(Attributes.Width + step * StepWidth, Steps.Width);

        /// <summary>A generated row's attribute block, unweighted.</summary>
        public float[] AttributeBlock(ReadOnlySpan<float> row)
        {
            var block = row[..Attributes.Width].ToArray();
            float weight = AttributeWeight;
            for (int i = 0; i < block.Length; i++)
                block[i] /= weight;
            return block;
        }

        public void Write(PayloadWriter w)
        {
            Steps.Write(w);
            Attributes.Write(w);
        }

        /// <summary>Reads what <see cref="Write"/> wrote for the network <paramref name="spec"/>: the codings must be the shapes the network generates.</summary>
        public static SequenceEncoding Read(PayloadReader r, SequenceNetworkSpec spec)
        {
            var steps = BlockCoding.Read(r, SequenceNetworkSpec.MaxStepFeatures);
            var attributes = BlockCoding.Read(r, SequenceNetworkSpec.MaxStepFeatures);
            if (!steps.Shape.Equals(spec.Step) || !attributes.Shape.Equals(spec.Attributes) || steps.Columns.Length == 0)
                throw r.Damaged($"its columns ({steps.Shape} per step, attributes {attributes.Shape}) are not what its generator makes ({spec.Step}, {spec.Attributes})");
            var names = steps.Columns.Concat(attributes.Columns).Select(c => c.Name).ToArray();
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
                throw r.Damaged("a column is both a feature and an attribute");
            return new SequenceEncoding(steps, attributes, spec.Length, spec.VariableLength);
        }
    }
}
