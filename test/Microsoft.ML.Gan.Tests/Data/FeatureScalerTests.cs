using System.Linq;
using Microsoft.ML.Gan.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Data
{
    [TestClass]
    public sealed class FeatureScalerTests
    {
        [TestMethod]
        public void StandardisesEachSlotAndInvertsBackToTheSameUnits()
        {
            var values = new float[] { 1, 100, 5, 3, 300, 5, 5, 200, 5 };
            var rows = TestData.Rows(values, 3);
            var scaler = rows.Moments().Standardiser();
            rows.Scale(scaler);
            using var z = torch.tensor(TestData.Values(rows), new long[] { 3, 3 });

            var mean = z.mean(new long[] { 0 }).data<float>().ToArray();
            var std = z.std(0, unbiased: false).data<float>().ToArray();
            Assert.AreEqual(0f, mean[0], 1e-5f);
            Assert.AreEqual(1f, std[0], 1e-5f);
            Assert.AreEqual(1f, std[1], 1e-5f);

            var t = scaler.InverseTensors();
            using var back = FeatureScaler.Inverse(z, t);
            CollectionAssert.AreEqual(values, back.data<float>().ToArray(), new FloatTolerance(1e-4f));
            t.Scale.Dispose();
            t.Offset.Dispose();
        }

        [TestMethod]
        public void ConstantSlotMapsToZeroAndAnythingMapsBackToTheConstant()
        {
            var rows = TestData.Rows(new float[] { 1, 5, 2, 5, 3, 5 }, 2);
            var scaler = rows.Moments().Standardiser();
            Assert.AreEqual(0f, scaler.Scale[1], "a constant slot has scale 0");
            rows.Scale(scaler);
            Assert.IsTrue(Enumerable.Range(0, 3).All(r => rows.Row(r)[1] == 0f), "constant slot is 0 for the networks");

            var t = scaler.InverseTensors();
            using var anything = torch.tensor(new float[] { 0.3f, 17f, -2f, -4f }, new long[] { 2, 2 });
            using var back = FeatureScaler.Inverse(anything, t);
            var values = back.data<float>().ToArray();
            Assert.AreEqual(5f, values[1]);
            Assert.AreEqual(5f, values[3]);
            t.Scale.Dispose();
            t.Offset.Dispose();
        }

        private sealed class FloatTolerance : System.Collections.IComparer
        {
            private readonly float _tolerance;
            public FloatTolerance(float tolerance) => _tolerance = tolerance;
            public int Compare(object? a, object? b) =>
                System.Math.Abs((float)a! - (float)b!) <= _tolerance * System.Math.Max(1f, System.Math.Abs((float)a!)) ? 0 : 1;
        }
    }
}
