using System;
using Microsoft.ML.Gan.Numerics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Numerics
{
    /// <summary>erfc and log erfc to double precision, also far in the tail; log1p, expm1 and log-space sums.</summary>
    [TestClass]
    public sealed class ErrorFunctionTests
    {
        // scipy.special.erfc (scipy 1.10) at each point, as Python printed it.
        [TestMethod]
        [DataRow(-3.0, 1.9999779095030015)]
        [DataRow(-1.0, 1.8427007929497148)]
        [DataRow(0.0, 1.0)]
        [DataRow(0.25, 0.7236736098317631)]
        [DataRow(0.46875, 0.507386526782062)]
        [DataRow(0.5, 0.4795001221869535)]
        [DataRow(1.0, 0.15729920705028516)]
        [DataRow(2.0, 0.004677734981047266)]
        [DataRow(3.9, 3.479224859723178e-08)]
        [DataRow(4.0, 1.541725790028002e-08)]
        [DataRow(4.1, 6.7000276540849075e-09)]
        [DataRow(6.0, 2.1519736712498913e-17)]
        [DataRow(10.0, 2.0884875837625446e-45)]
        [DataRow(26.0, 5.663192408856145e-296)]
        public void ErfcIsDoublePrecise(double x, double expected)
        {
            Assert.AreEqual(expected, ErrorFunction.Erfc(x), 1e-14 * expected, $"erfc({x})");
            Assert.AreEqual(Math.Log(expected), ErrorFunction.LogErfc(x), 1e-14 * Math.Max(1, Math.Abs(Math.Log(expected))), $"log erfc({x})");
        }

        // log 2 + scipy.special.log_ndtr(−x√2), Opacus's log erfc, where erfc itself underflows.
        [TestMethod]
        [DataRow(27.0, -732.8688865078977)]
        [DataRow(30.0, -903.9741171106442)]
        [DataRow(100.0, -10005.177585122668)]
        [DataRow(500.0, -250006.78697504138)]
        public void LogErfcStaysFiniteWhereErfcUnderflows(double x, double expected)
        {
            Assert.AreEqual(0, ErrorFunction.Erfc(x));
            Assert.AreEqual(expected, ErrorFunction.LogErfc(x), 1e-14 * Math.Abs(expected));
        }

        [TestMethod]
        [DataRow(-3.0)]
        [DataRow(0.3)]
        [DataRow(1.0)]
        [DataRow(4.0)]
        [DataRow(6.0)]
        public void TheApproximateErfcIsWithinItsBound(double x)
        {
            double exact = ErrorFunction.Erfc(x);
            Assert.AreEqual(exact, ErrorFunction.ApproximateErfc(x), 1.2e-7 * exact, $"erfc({x})");
        }

        [TestMethod]
        public void LogSpaceKeepsSmallQuantitiesExact()
        {
            Assert.AreEqual(1e-20, LogSpace.Log1p(1e-20));
            Assert.AreEqual(1e-10 - 5e-21, LogSpace.Log1p(1e-10), 1e-25);
            Assert.AreEqual(1e-20, LogSpace.Expm1(1e-20));
            Assert.AreEqual(1e-10 + 5e-21, LogSpace.Expm1(1e-10), 1e-25);
            Assert.AreEqual(Math.E - 1, LogSpace.Expm1(1), 1e-15);
            Assert.AreEqual(Math.Log(5), LogSpace.Add(Math.Log(2), Math.Log(3)), 1e-15);
            Assert.AreEqual(Math.Log(3), LogSpace.Add(double.NegativeInfinity, Math.Log(3)));
            Assert.AreEqual(Math.Log(1), LogSpace.Subtract(Math.Log(3), Math.Log(2)), 1e-15);
            Assert.AreEqual(double.NegativeInfinity, LogSpace.Subtract(2, 2));
            Assert.AreEqual(800, LogSpace.Subtract(800, 1), "e^799 − 1 overflows: the smaller term is negligible");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LogSpace.Subtract(1, 2));
        }
    }
}
