using System;
using System.Linq;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers.FastTree;
using static TorchSharp.torch;

namespace Microsoft.ML.Gan.Evaluation
{
    /// <summary>
    /// Classifier two-sample test (Lopez-Paz and Oquab 2017, "Revisiting Classifier Two-Sample Tests"): a
    /// small FastTree model learns to tell real (true) from synthetic (false) rows on one half of balanced sets
    /// and is scored on the other half. Accuracy and AUC near 0.5 mean the sets are indistinguishable.
    /// </summary>
    /// <remarks>
    /// The halves are chosen by a seeded hash of each row's values, not by position, so a row present in both
    /// sets (a synthetic copy of a real row) falls in the same half for both labels. With a positional split
    /// the classifier would learn such a row's label in one half and be scored on its twin with the opposite
    /// label in the other, pushing accuracy well below 0.5 for sets that share rows (about 0.3 for identical
    /// sets). Each class's split is about 50/50; if a half would lack a class (only with a handful of rows),
    /// each class is split exactly in half instead.
    /// </remarks>
    internal static class ClassifierTwoSampleTest
    {
        private const string Label = "Label";
        private const string Features = "Features";
        internal const int Trees = 50;
        internal const int Leaves = 8;

        // real, synthetic: rows in a random order, so that a prefix is a random subset.
        public static (double Accuracy, double Auc) Run(IHost host, Tensor real, Tensor synthetic, int seed)
        {
            // Balanced: as many rows of each class (a prefix of each randomly ordered set, n >= 2).
            int n = checked((int)Math.Min(real.shape[0], synthetic.shape[0]));
            var realRows = Rows(real, n);
            var syntheticRows = Rows(synthetic, n);
            var (realTrain, realTest) = Split(realRows, seed);
            var (syntheticTrain, syntheticTest) = Split(syntheticRows, seed);
            if (realTrain.Length == 0 || realTest.Length == 0 || syntheticTrain.Length == 0 || syntheticTest.Length == 0)
            {
                (realTrain, realTest) = (realRows[..(n / 2)], realRows[(n / 2)..]);
                (syntheticTrain, syntheticTest) = (syntheticRows[..(n / 2)], syntheticRows[(n / 2)..]);
            }
            int trainRows = Math.Min(realTrain.Length, syntheticTrain.Length);
            var train = Build(host, realTrain, syntheticTrain);
            var test = Build(host, realTest, syntheticTest);

            var catalog = new BinaryClassificationCatalog(host);
            var trainer = catalog.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = Label,
                FeatureColumnName = Features,
                NumberOfTrees = Trees,
                NumberOfLeaves = Leaves,
                // Default 10, but tiny sets must still be able to split.
                MinimumExampleCountPerLeaf = Math.Clamp(2 * trainRows / (2 * Leaves), 1, 10),
                Seed = seed,
            });
            var model = trainer.Fit(train);
            var metrics = catalog.Evaluate(model.Transform(test), Label);
            return (metrics.Accuracy, metrics.AreaUnderRocCurve);
        }

        /// <summary>Rows whose seeded value hash has its top bit clear train, the others test.</summary>
        private static (float[][] Train, float[][] Test) Split(float[][] rows, int seed)
        {
            var inTrain = Array.ConvertAll(rows, r => (Hash(r, seed) >> 63) == 0);
            return (rows.Where((_, i) => inTrain[i]).ToArray(), rows.Where((_, i) => !inTrain[i]).ToArray());
        }

        /// <summary>FNV-1a over the values' bits (with -0 as 0), seeded, then the SplitMix64 finaliser.</summary>
        internal static ulong Hash(float[] row, int seed)
        {
            ulong h = 14695981039346656037UL ^ (ulong)(uint)seed;
            foreach (float v in row)
            {
                h ^= (uint)BitConverter.SingleToInt32Bits(v == 0 ? 0f : v);
                h *= 1099511628211UL;
            }
            h ^= h >> 30;
            h *= 0xBF58476D1CE4E5B9UL;
            h ^= h >> 27;
            h *= 0x94D049BB133111EBUL;
            return h ^ (h >> 31);
        }

        private static float[][] Rows(Tensor rows, int count)
        {
            int size = checked((int)rows.shape[1]);
            using var block = rows.narrow(0, 0, count).to_type(ScalarType.Float32).contiguous();
            var flat = block.data<float>().ToArray();
            var result = new float[count][];
            for (int i = 0; i < count; i++)
                result[i] = flat.AsSpan(i * size, size).ToArray();
            return result;
        }

        private static IDataView Build(IHostEnvironment env, float[][] real, float[][] synthetic)
        {
            var features = new float[real.Length + synthetic.Length][];
            var labels = new bool[features.Length];
            real.CopyTo(features, 0);
            synthetic.CopyTo(features, real.Length);
            Array.Fill(labels, true, 0, real.Length);
            var builder = new ArrayDataViewBuilder(env);
            builder.AddColumn<bool>(Label, BooleanDataViewType.Instance, labels);
            builder.AddColumn<float>(Features, NumberDataViewType.Single, features);
            return builder.GetDataView();
        }
    }
}
