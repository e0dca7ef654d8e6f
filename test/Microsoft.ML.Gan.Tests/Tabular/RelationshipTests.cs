using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>
    /// Issue #20's pin: a relation between continuous columns, on a small table with missing values, survives synthesis.
    /// Spend = 2 · Age/10 + 3 · [Region = B] + noise, missing in about 30% of rows, more often for older people; a
    /// regression of Spend on Age fitted to generated rows must find the real slope. With CTGAN's modes and the former
    /// budget of a step or two an epoch, the slope came out near zero (columns generated independently).
    /// </summary>
    [TestClass]
    public sealed class RelationshipTests
    {
        private const int Rows = 600;

        public sealed class Person
        {
            public float Age;
            public string Region = "";
            public float Spend;
        }

        private static List<Person> People(int seed)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, Rows).Select(_ =>
            {
                float age = 20 + 50 * (float)rng.NextDouble();
                string region = rng.NextDouble() < 0.4 ? "B" : "A";
                double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                float spend = (float)(0.2 * age + (region == "B" ? 3 : 0) + noise);
                bool missing = rng.NextDouble() < 0.1 + 0.006 * (age - 20);
                return new Person { Age = age, Region = region, Spend = missing ? float.NaN : spend };
            }).ToList();
        }

        // Least-squares slope of Spend on Age over the rows where Spend is present.
        private static double Slope(IReadOnlyList<Person> rows)
        {
            var present = rows.Where(r => !float.IsNaN(r.Spend)).ToArray();
            double ma = present.Average(r => r.Age), ms = present.Average(r => r.Spend);
            return present.Sum(r => (r.Age - ma) * (r.Spend - ms)) / present.Sum(r => (r.Age - ma) * (r.Age - ma));
        }

        private static double MissingShare(IReadOnlyList<Person> rows) => rows.Count(r => float.IsNaN(r.Spend)) / (double)rows.Count;

        [TestMethod]
        public void TheSlopeOfSpendOnAgeSurvivesWithMissingValues()
        {
            var ml = new MLContext(1);
            var real = People(7);
            var data = ml.Data.LoadFromEnumerable(real);
            double realSlope = Slope(real), realMissing = MissingShare(real);

            // The default options: 300 epochs of 20 steps (the automatic batch of 100 rows, 50 packs of two).
            using var trained = ml.Generative().TabularGan(new TabularGanEstimator.Options { Seed = 3, Threads = 1 }).Fit(data);
            using var untrained = ml.Generative().TabularGan(new TabularGanEstimator.Options { Epochs = 1, Seed = 3, Threads = 1 }).Fit(data);
            var generated = ml.Data.CreateEnumerable<Person>(trained.Generate(3000, seed: 5), reuseRowObject: false).ToList();
            var before = ml.Data.CreateEnumerable<Person>(untrained.Generate(3000, seed: 5), reuseRowObject: false).ToList();

            double slope = Slope(generated), untrainedSlope = Slope(before);
            Console.WriteLine($"slope: real {realSlope:F3}, trained {slope:F3}, untrained {untrainedSlope:F3}; missing: real {realMissing:P1}, generated {MissingShare(generated):P1}");
            Assert.AreEqual(realSlope, slope, 0.2 * realSlope, $"slope of Spend on Age: real {realSlope:F3}, generated {slope:F3} (untrained {untrainedSlope:F3})");
            Assert.IsTrue(Math.Abs(untrainedSlope - realSlope) > 0.2 * realSlope, $"an untrained model must not pass: its slope is {untrainedSlope:F3}");
            Assert.AreEqual(realMissing, MissingShare(generated), 0.05, "Spend's missing share");
            // The missing values stay where they were: more often for older people, in the generated rows too.
            double OlderMissing(IReadOnlyList<Person> rows) => MissingShare(rows.Where(r => r.Age >= 45).ToList()) - MissingShare(rows.Where(r => r.Age < 45).ToList());
            Assert.IsTrue(OlderMissing(generated) > 0.5 * OlderMissing(real), $"older minus younger missing share: real {OlderMissing(real):P1}, generated {OlderMissing(generated):P1}");
        }
    }
}
