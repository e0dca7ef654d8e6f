using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Sequences
{
    /// <summary>
    /// Sequences beyond the literature's numeric windows: static attributes and generation for given ones, whole
    /// sequences of varying length, categorical step features and missing values, and their persistence and checks.
    /// </summary>
    [TestClass]
    public sealed class SequenceStructureTests
    {
        /// <summary>A step of a sequence with an attribute (Kind), a categorical feature (State) and a number that may be missing.</summary>
        public sealed class Row
        {
            public int Id;
            public float Time;
            public string Kind = "";
            public string State = "";
            public float Value;
        }

        public sealed class Generated
        {
            public long SequenceId { get; set; }
            public int Step { get; set; }
            public string Kind { get; set; } = "";
            public string State { get; set; } = "";
            public float Value { get; set; }
        }

        /// <summary>
        /// Sequences whose level depends on their Kind ("low" near 0, "high" near 1), whose State is "off" at every third step
        /// (where Value is missing) and "on" elsewhere, of <paramref name="lengths"/>' lengths in turn.
        /// </summary>
        private static List<Row> Data(int sequences, int[] lengths, int seed)
        {
            var rng = new Random(seed);
            var rows = new List<Row>();
            for (int s = 0; s < sequences; s++)
            {
                string kind = s % 2 == 0 ? "low" : "high";
                double level = kind == "high" ? 0.9 : 0.1;
                int length = lengths[s % lengths.Length];
                for (int t = 0; t < length; t++)
                {
                    bool off = t % 3 == 2;
                    rows.Add(new Row { Id = s, Time = t, Kind = kind, State = off ? "off" : "on", Value = off ? float.NaN : (float)(level + 0.05 * (rng.NextDouble() - 0.5)) });
                }
            }
            return rows;
        }

        // Epochs that learn the test data's relations (256 sequences in minibatches of 32: 8 steps an epoch); 150 learn the
        // lengths of whole sequences but not yet how a kind sets the level or where values go missing.
        private const int Trained = 500;

        private static SequenceGanEstimator.Options Options(int epochs, bool whole) => new()
        {
            FeatureColumnNames = new[] { nameof(Row.Value), nameof(Row.State) },
            AttributeColumnNames = new[] { nameof(Row.Kind) },
            SequenceIdColumnName = nameof(Row.Id),
            OrderColumnName = nameof(Row.Time),
            WindowLength = 6,
            WholeSequences = whole,
            GeneratorHiddenLayers = new[] { 16 },
            DiscriminatorHiddenLayers = new[] { 16 },
            Epochs = epochs,
            BatchSize = 32,
            Seed = 1,
        };

        private static List<Generated> Read(MLContext ml, IDataView view) => ml.Data.CreateEnumerable<Generated>(view, reuseRowObject: false).ToList();

        [TestMethod]
        public void AttributesConditionTheStepsAndCanBeGiven()
        {
            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(Data(256, new[] { 6 }, seed: 2));
            using var trained = ml.Generative().SequenceGan(Options(Trained, whole: false)).Fit(data);
            using var untrained = ml.Generative().SequenceGan(Options(1, whole: false)).Fit(data);
            CollectionAssert.AreEqual(new[] { "Kind" }, trained.AttributeColumnNames.ToArray());

            // Unconditional: both kinds, each sequence's kind on every one of its rows.
            var rows = Read(ml, trained.Generate(40, seed: 3));
            Assert.AreEqual(40 * 6, rows.Count);
            foreach (var sequence in rows.GroupBy(r => r.SequenceId))
                Assert.AreEqual(1, sequence.Select(r => r.Kind).Distinct().Count(), $"sequence {sequence.Key} changes kind");
            int high = rows.Count(r => r.Kind == "high") / 6;
            Assert.IsTrue(high is > 5 and < 35, $"{high} of 40 sequences are high");

            // Given attributes: each sequence has the kind it was given, and its level follows the kind once trained.
            var given = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new Row { Kind = i < 10 ? "low" : "high" }).ToList());
            double Gap(SequenceGanTransformer model)
            {
                var made = Read(ml, model.Generate(given, seed: 4));
                Assert.AreEqual(20 * 6, made.Count);
                for (int i = 0; i < made.Count; i++)
                    Assert.AreEqual(i / 6 < 10 ? "low" : "high", made[i].Kind, $"row {i}");
                double Mean(string kind) => made.Where(r => r.Kind == kind && !float.IsNaN(r.Value)).Average(r => r.Value);
                return Mean("high") - Mean("low");
            }
            double trainedGap = Gap(trained), untrainedGap = Gap(untrained);
            Console.WriteLine($"level gap high − low: trained {trainedGap:F3}, untrained {untrainedGap:F3} (real 0.8)");
            Assert.IsTrue(trainedGap > 0.4, $"trained: high sequences are {trainedGap:F3} above low ones (real: 0.8)");
            Assert.IsTrue(Math.Abs(untrainedGap) < trainedGap / 2, $"untrained gap {untrainedGap:F3}, trained {trainedGap:F3}");

            // Same seed, same rows.
            CollectionAssert.AreEqual(Read(ml, trained.Generate(given, seed: 4)).Select(r => r.Value).ToArray(),
                Read(ml, trained.Generate(given, seed: 4)).Select(r => r.Value).ToArray());
        }

        [TestMethod]
        public void WholeSequencesVaryInLengthAsTheRealOnesDo()
        {
            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(Data(256, new[] { 3, 9 }, seed: 2));
            static int[] Lengths(MLContext ml, SequenceGanTransformer model) =>
                Read(ml, model.Generate(60, seed: 3)).GroupBy(r => r.SequenceId).Select(g => g.Count()).ToArray();
            using var trained = ml.Generative().SequenceGan(Options(Trained, whole: true)).Fit(data);
            using var untrained = ml.Generative().SequenceGan(Options(1, whole: true)).Fit(data);
            Assert.IsTrue(trained.WholeSequences);
            Assert.AreEqual(9, trained.WindowLength, "the longest sequence");

            var lengths = Lengths(ml, trained);
            Assert.AreEqual(60, lengths.Length, "every sequence has at least one row");
            Assert.IsTrue(lengths.All(n => n is >= 1 and <= 9));
            // Real: half the sequences 3 steps long, half 9. Steps restart at 0 for every sequence.
            int shortOnes = lengths.Count(n => n <= 5), longOnes = lengths.Count(n => n >= 7);
            Assert.IsTrue(shortOnes >= 12 && longOnes >= 12, $"trained lengths: {string.Join(",", lengths)}");
            var untrainedLengths = Lengths(ml, untrained);
            Console.WriteLine($"lengths ≤ 5 / ≥ 7 of 60: trained {shortOnes} / {longOnes}, untrained {untrainedLengths.Count(n => n <= 5)} / {untrainedLengths.Count(n => n >= 7)} (real: half 3, half 9)");
            Assert.IsTrue(untrainedLengths.Count(n => n >= 7) < longOnes, $"untrained lengths: {string.Join(",", untrainedLengths)}");
            Assert.IsNull(trained.Generate(5, seed: 3).GetRowCount(), "whole sequences' rows are not known before they are made");

            // A range is a slice of the same stream, ids included; Transform gives input row p row p of the stream for the model's seed.
            var all = Read(ml, trained.Generate(5, seed: 3));
            var part = Read(ml, trained.GenerateRange(2, 3, seed: 3));
            var expected = all.Where(r => r.SequenceId >= 2).ToList();
            CollectionAssert.AreEqual(expected.Select(r => (r.SequenceId, r.Step, r.Value)).ToArray(), part.Select(r => (r.SequenceId, r.Step, r.Value)).ToArray());
            var appended = Read(ml, trained.Transform(ml.Data.TakeRows(data, 7)));
            CollectionAssert.AreEqual(Read(ml, trained.Generate(5)).Take(7).Select(r => (r.SequenceId, r.Step, r.Value)).ToArray(), appended.Select(r => (r.SequenceId, r.Step, r.Value)).ToArray());
        }

        [TestMethod]
        public void CategoriesAndMissingValuesAreLearntTogether()
        {
            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(Data(256, new[] { 6 }, seed: 2));
            using var trained = ml.Generative().SequenceGan(Options(Trained, whole: false)).Fit(data);
            using var untrained = ml.Generative().SequenceGan(Options(1, whole: false)).Fit(data);
            double Agreement(SequenceGanTransformer model)
            {
                var rows = Read(ml, model.Generate(40, seed: 3));
                Assert.IsTrue(rows.All(r => r.State is "on" or "off"), "only categories seen in training");
                // Real data: Value is missing exactly where State is off.
                return rows.Count(r => float.IsNaN(r.Value) == (r.State == "off")) / (double)rows.Count;
            }
            double trainedAgreement = Agreement(trained), untrainedAgreement = Agreement(untrained);

            // The scores read every encoded value as a feature: Value, its missing flag, State=off, State=on.
            var trainedScores = ml.Generative().EvaluateSequences(data, trained, 256, null, false, seed: 1, discriminativeSteps: 300, predictiveSteps: 100);
            var untrainedScores = ml.Generative().EvaluateSequences(data, untrained, 256, null, false, seed: 1, discriminativeSteps: 300, predictiveSteps: 100);
            CollectionAssert.AreEqual(new[] { "Value", "Value (missing)", "State=off", "State=on" }, trainedScores.Features.Select(f => f.Feature).ToArray());
            Assert.IsTrue(trainedScores.DiscriminativeScore < untrainedScores.DiscriminativeScore,
                $"discriminative score: trained {trainedScores.DiscriminativeScore:F3}, untrained {untrainedScores.DiscriminativeScore:F3}");
            Console.WriteLine($"discriminative score on encoded steps: trained {trainedScores.DiscriminativeScore:F3}, untrained {untrainedScores.DiscriminativeScore:F3}");
            Console.WriteLine($"missing exactly where off: trained {trainedAgreement:P1}, untrained {untrainedAgreement:P1} (real 100%)");
            Assert.IsTrue(trainedAgreement > 0.8, $"trained: missing where off in {trainedAgreement:P0} of rows");
            Assert.IsTrue(untrainedAgreement < trainedAgreement, $"untrained {untrainedAgreement:P0}, trained {trainedAgreement:P0}");
            var rowsWithState = Read(ml, trained.Generate(40, seed: 3));
            double offShare = rowsWithState.Count(r => r.State == "off") / (double)rowsWithState.Count;
            Assert.IsTrue(offShare is > 0.15 and < 0.5, $"off in {offShare:P0} of rows (real: a third)");
        }

        [TestMethod]
        public void AModelWithEveryStructureSavesAndLoadsToTheSameRows()
        {
            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(Data(16, new[] { 3, 5, 6 }, seed: 2));
            using var model = ml.Generative().SequenceGan(Options(2, whole: true)).Fit(data);
            string path = Path.Combine(Path.GetTempPath(), "seq-structure-" + Guid.NewGuid().ToString("N") + ".zip");
            try
            {
                ml.Model.Save(model, data.Schema, path);
                using var loaded = (SequenceGanTransformer)ml.Model.Load(path, out _);
                Assert.IsTrue(loaded.WholeSequences);
                CollectionAssert.AreEqual(model.AttributeColumnNames.ToArray(), loaded.AttributeColumnNames.ToArray());
                string Dump(SequenceGanTransformer m) => string.Join("\n", Read(ml, m.Generate(12, seed: 5))
                    .Select(r => $"{r.SequenceId} {r.Step} {r.Kind} {r.State} {BitConverter.SingleToInt32Bits(r.Value):x8}"));
                Assert.AreEqual(Dump(model), Dump(loaded));
                var given = ml.Data.LoadFromEnumerable(new[] { new Row { Kind = "high" } });
                CollectionAssert.AreEqual(Read(ml, model.Generate(given, seed: 5)).Select(r => r.Value).ToArray(),
                    Read(ml, loaded.Generate(given, seed: 5)).Select(r => r.Value).ToArray());

            }
            finally
            {
                File.Delete(path);
            }
        }

        public sealed class Mixed
        {
            public string Id = "";
            public bool Alarm;
            public double Reading;
            public float Weight;
        }

        public sealed class GeneratedMixed
        {
            public long SequenceId { get; set; }
            public int Step { get; set; }
            public bool Alarm { get; set; }
            public double Reading { get; set; }
            public float Weight { get; set; }
        }

        [TestMethod]
        public void BooleanFeaturesNumericAttributesAndOneStepSequencesKeepTheirTypes()
        {
            // Sequences of 1 to 4 rows in row order, a Boolean and a Double per step, a Single attribute missing for some.
            var ml = new MLContext(1);
            var rows = new List<Mixed>();
            for (int s = 0; s < 12; s++)
            {
                for (int t = 0; t <= s % 4; t++)
                    rows.Add(new Mixed { Id = $"s{s}", Alarm = t % 2 == 1, Reading = 100 + s + t, Weight = s % 3 == 0 ? float.NaN : 50 + s });
            }
            var data = ml.Data.LoadFromEnumerable(rows);
            using var model = ml.Generative().SequenceGan(new SequenceGanEstimator.Options
            {
                FeatureColumnNames = new[] { nameof(Mixed.Alarm), nameof(Mixed.Reading) },
                AttributeColumnNames = new[] { nameof(Mixed.Weight) },
                SequenceIdColumnName = nameof(Mixed.Id),
                WholeSequences = true,
                MaxSequenceLength = 6,
                GeneratorHiddenLayers = new[] { 8 },
                DiscriminatorHiddenLayers = new[] { 8 },
                Epochs = 2,
                BatchSize = 4,
                Seed = 1,
            }).Fit(data);
            Assert.AreEqual(6, model.WindowLength, "MaxSequenceLength, not the longest sequence");
            var schema = model.Generate(3).Schema;
            Assert.AreEqual(BooleanDataViewType.Instance, schema["Alarm"].Type);
            Assert.AreEqual(NumberDataViewType.Double, schema["Reading"].Type);
            Assert.AreEqual(NumberDataViewType.Single, schema["Weight"].Type);
            var generated = ml.Data.CreateEnumerable<GeneratedMixed>(model.Generate(20, seed: 2), reuseRowObject: false).ToList();
            Assert.IsTrue(generated.All(r => r.Step < 6 && (double.IsFinite(r.Reading))));
            Assert.IsTrue(generated.All(r => float.IsNaN(r.Weight) || r.Weight is >= 49 && r.Weight <= 62), "attributes within the training range, or missing");

            // Given numeric attributes, a missing one included, come back on every row of their sequence.
            var given = ml.Data.LoadFromEnumerable(new[] { new Mixed { Weight = 55 }, new Mixed { Weight = float.NaN } });
            var made = ml.Data.CreateEnumerable<GeneratedMixed>(model.Generate(given, seed: 2), reuseRowObject: false).ToList();
            Assert.IsTrue(made.Where(r => r.SequenceId == 0).All(r => Math.Abs(r.Weight - 55) < 1e-4), "the given weight");
            Assert.IsTrue(made.Where(r => r.SequenceId == 1).All(r => float.IsNaN(r.Weight)), "the given missing weight");
            Assert.AreEqual(2, made.Select(r => r.SequenceId).Distinct().Count());
        }

        [TestMethod]
        public void AResumedRunOfWholeSequencesEndsWithTheSameModel()
        {
            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(Data(16, new[] { 3, 5, 6 }, seed: 2));
            string checkpoints = Path.Combine(Path.GetTempPath(), "seq-resume-" + Guid.NewGuid().ToString("N"));
            try
            {
                SequenceGanEstimator.Options Run(int epochs, string? save = null, string? resume = null)
                {
                    var o = Options(epochs, whole: true);
                    o.BatchSize = 8;
                    o.CheckpointDirectory = save;
                    o.CheckpointInterval = 1;
                    o.ResumeFromCheckpoint = resume;
                    return o;
                }
                using var uninterrupted = ml.Generative().SequenceGan(Run(4)).Fit(data);
                using (ml.Generative().SequenceGan(Run(2, save: checkpoints)).Fit(data)) { }
                using var resumed = ml.Generative().SequenceGan(Run(4, resume: checkpoints)).Fit(data);
                string Dump(SequenceGanTransformer m) => string.Join("\n", Read(ml, m.Generate(10, seed: 2))
                    .Select(r => $"{r.SequenceId} {r.Step} {r.Kind} {r.State} {BitConverter.SingleToInt32Bits(r.Value):x8}"));
                Assert.AreEqual(Dump(uninterrupted), Dump(resumed));

                // Windows are other samples than whole sequences: the checkpoint says so.
                var windows = Run(4, resume: checkpoints);
                windows.WholeSequences = false;
                windows.WindowLength = 3;
                var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().SequenceGan(windows).Fit(data));
                StringAssert.Contains(ex.Message, "whole sequences of up to 6 steps in the checkpoint");
            }
            finally
            {
                if (Directory.Exists(checkpoints))
                    Directory.Delete(checkpoints, recursive: true);
            }
        }

        [TestMethod]
        public void StructureMistakesAreRefusedNamingTheColumn()
        {
            var ml = new MLContext(1);
            var rows = Data(8, new[] { 6 }, seed: 2);
            rows[3].Kind = "high";   // sequence 0 is low
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(Options(1, whole: false)).Fit(ml.Data.LoadFromEnumerable(rows)));
            StringAssert.Contains(ex.Message, "Attribute column 'Kind' changes within sequence '0'");
            StringAssert.Contains(ex.Message, "'high'");

            var noId = Options(1, whole: false);
            noId.SequenceIdColumnName = null;
            var idEx = Assert.Throws<ArgumentException>(() => ml.Generative().SequenceGan(noId));
            StringAssert.Contains(idEx.Message, "AttributeColumnNames needs SequenceIdColumnName");

            var tooLong = Options(1, whole: true);
            tooLong.MaxSequenceLength = 4;
            var longEx = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(tooLong).Fit(ml.Data.LoadFromEnumerable(Data(8, new[] { 6 }, seed: 2))));
            StringAssert.Contains(longEx.Message, "Sequence '0' of sequence id column 'Id' has 6 rows, longer than MaxSequenceLength = 4");

            var allMissing = Data(8, new[] { 6 }, seed: 2);
            allMissing.ForEach(r => r.Value = float.NaN);
            var missingEx = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(Options(1, whole: false)).Fit(ml.Data.LoadFromEnumerable(allMissing)));
            StringAssert.Contains(missingEx.Message, "Feature column 'Value' has only missing values");

            var manyCategories = Data(8, new[] { 200 }, seed: 2);
            for (int i = 0; i < manyCategories.Count; i++)
                manyCategories[i].State = "s" + i;
            var categoriesEx = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(Options(1, whole: false)).Fit(ml.Data.LoadFromEnumerable(manyCategories)));
            StringAssert.Contains(categoriesEx.Message, "Feature column 'State' has 1600 distinct values");

            var data = ml.Data.LoadFromEnumerable(Data(8, new[] { 6 }, seed: 2));
            using var model = ml.Generative().SequenceGan(Options(1, whole: false)).Fit(data);
            var unseen = ml.Data.LoadFromEnumerable(new[] { new Row { Kind = "medium" } });
            var givenEx = Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(unseen, seed: 1));
            StringAssert.Contains(givenEx.Message, "Attribute column 'Kind'");
            StringAssert.Contains(givenEx.Message, "'high', 'low'");

        }
    }
}
