using System;
using System.Linq;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    [TestClass]
    public sealed class GaussianMixture1DTests
    {
        [TestMethod]
        public void FindsTwoSeparatedModesWithTheirWeights()
        {
            var rng = new Random(3);
            var values = Enumerable.Range(0, 4000)
                .Select(i => i % 4 == 0 ? 100 + 2 * TableTestData.Normal(rng) : -50 + 5 * TableTestData.Normal(rng)).ToArray();
            var gmm = GaussianMixture1D.Fit(values, 10, new Random(1));
            // Components covering each cluster: their weights add to the cluster's share and their means sit in it.
            double high = Enumerable.Range(0, gmm.Count).Where(k => gmm.Means[k] > 25).Sum(k => gmm.Weights[k]);
            Assert.AreEqual(0.25, high, 0.02);
            Assert.AreEqual(1.0, gmm.Weights.Sum(), 1e-9);
            Assert.IsTrue(gmm.Weights.All(w => w >= GaussianMixture1D.MinimumWeight), string.Join(", ", gmm.Weights));
            Assert.AreEqual(0, gmm.MostLikely(-50) == gmm.MostLikely(100) ? 1 : 0, "the two clusters have different modes");
            double meanHigh = Enumerable.Range(0, gmm.Count).Where(k => gmm.Means[k] > 25).Sum(k => gmm.Weights[k] * gmm.Means[k]) / high;
            Assert.AreEqual(100, meanHigh, 1.0);
        }

        [TestMethod]
        public void FewDistinctValuesGiveAtMostThatManyComponents()
        {
            var values = Enumerable.Range(0, 1000).Select(i => (double)(i % 3) * 10).ToArray();
            var gmm = GaussianMixture1D.Fit(values, 10, new Random(1));
            Assert.AreEqual(3, gmm.Count);
            CollectionAssert.AreEqual(new[] { 0.0, 10.0, 20.0 }, gmm.Means.Select(m => Math.Round(m, 6)).ToArray());
            Assert.IsTrue(gmm.StdDevs.All(s => s > 0), "the variance floor keeps spikes from collapsing");
        }

        [TestMethod]
        public void ConstantValuesGiveOneComponent()
        {
            var gmm = GaussianMixture1D.Fit(Enumerable.Repeat(4.0, 50).ToArray(), 10, new Random(1));
            Assert.AreEqual(1, gmm.Count);
            Assert.AreEqual(4.0, gmm.Means[0]);
            Assert.IsTrue(gmm.StdDevs[0] > 0);
        }

        [TestMethod]
        public void SameSeedSameFit()
        {
            var rng = new Random(5);
            var values = Enumerable.Range(0, 2000).Select(_ => Math.Exp(TableTestData.Normal(rng))).ToArray();
            var a = GaussianMixture1D.Fit(values, 10, new Random(7));
            var b = GaussianMixture1D.Fit(values, 10, new Random(7));
            CollectionAssert.AreEqual(a.Means, b.Means);
            CollectionAssert.AreEqual(a.Weights, b.Weights);
        }

        [TestMethod]
        public void FitsFortyThousandRowsAndTenComponentsWithinTheIterationBudget()
        {
            // The cost is O(rows × components) per iteration, so the iteration count bounds it (no wall clock here:
            // timings on a shared machine say nothing about the code).
            var rng = new Random(9);
            var values = Enumerable.Range(0, 40_000)
                .Select(i => i % 10 == 0 ? 0.0 : Math.Exp(10 + TableTestData.Normal(rng))).ToArray();
            var gmm = GaussianMixture1D.Fit(values, 10, new Random(1));
            Assert.IsTrue(gmm.Iterations <= 100, $"{gmm.Iterations} iterations");
            // The spike at zero is a mode of its own.
            int zero = gmm.MostLikely(0);
            Assert.AreEqual(0, gmm.Means[zero], 1.0);
            Assert.AreEqual(0.1, gmm.Weights[zero], 0.01);
        }
    }
}
