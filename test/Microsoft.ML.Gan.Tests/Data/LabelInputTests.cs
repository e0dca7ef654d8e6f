using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Data
{
    /// <summary>Label columns that cannot condition anything: no rows at all, or a single class.</summary>
    [TestClass]
    public sealed class LabelInputTests
    {
        private sealed class TextRow { [VectorType(2)] public float[] Features = new float[2]; public string Label = ""; }
        private sealed class BoolRow { [VectorType(2)] public float[] Features = new float[2]; public bool Label = false; }
        private sealed class NumberRow { [VectorType(2)] public float[] Features = new float[2]; public float Label = 0; }

        private static GanEstimator.Options Conditional()
        {
            var options = TestData.Tiny(epochs: 1);
            options.LabelColumnName = "Label";
            return options;
        }

        [TestMethod]
        public void EmptyDataWithATextBooleanOrNumberLabelSaysNoRows()
        {
            var ml = new MLContext(seed: 1);
            foreach (var data in new[]
            {
                ml.Data.LoadFromEnumerable(Array.Empty<TextRow>()),
                ml.Data.LoadFromEnumerable(Array.Empty<BoolRow>()),
                ml.Data.LoadFromEnumerable(Array.Empty<NumberRow>()),
            })
            {
                var ex = Assert.Throws<InvalidOperationException>(() => ml.Generative().Gan(Conditional()).Fit(data));
                StringAssert.Contains(ex.Message, "no rows", data.Schema["Label"].Type.ToString());
                StringAssert.Contains(ex.Message, "'Label'");
            }
        }

        [TestMethod]
        public void ALabelWithOneClassWarns()
        {
            var ml = new MLContext(seed: 1);
            var log = new List<string>();
            ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
            var rows = TestData.Gaussian(64, 2, 0, 1, seed: 1).Select(f => new TextRow { Features = f, Label = "only" }).ToArray();
            using var model = ml.Generative().Gan(Conditional()).Fit(ml.Data.LoadFromEnumerable(rows));
            Assert.IsTrue(log.Any(m => m.Contains("one class") && m.Contains("'only'")), "a warning names the single class");

            log.Clear();
            var two = rows.Select((r, i) => new TextRow { Features = r.Features, Label = i % 2 == 0 ? "a" : "b" }).ToArray();
            using var other = ml.Generative().Gan(Conditional()).Fit(ml.Data.LoadFromEnumerable(two));
            Assert.IsFalse(log.Any(m => m.Contains("one class")), "no warning with two classes");
        }
    }
}
