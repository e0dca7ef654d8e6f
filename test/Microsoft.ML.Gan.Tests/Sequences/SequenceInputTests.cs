using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Microsoft.ML.Gan.Tests.Sequences.SequenceTestData;

namespace Microsoft.ML.Gan.Tests.Sequences
{
    /// <summary>Bad long-format input is refused before training, naming the column, what was expected and what was found.</summary>
    [TestClass]
    public sealed class SequenceInputTests
    {
        private sealed class IntegerFeature
        {
            public int Id;
            public float Time;
            public float Value;
            public int Other;
        }

        [TestMethod]
        public void UnsortedOrderColumnIsRefusedNamingTheColumnAndSequence()
        {
            var ml = new MLContext(1);
            var rows = Sines(3, 12, seed: 2);
            // Sequence 1's steps 4 and 5 swapped.
            (rows[12 + 4].Time, rows[12 + 5].Time) = (rows[12 + 5].Time, rows[12 + 4].Time);
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(Tiny()).Fit(View(ml, rows)));
            StringAssert.Contains(ex.Message, "Order column 'Time' is not sorted");
            StringAssert.Contains(ex.Message, "sequence '1'");
            StringAssert.Contains(ex.Message, "has 4 after 5");
        }

        [TestMethod]
        public void SequenceShorterThanTheWindowIsRefusedNamingIt()
        {
            var ml = new MLContext(1);
            var rows = Sines(3, 12, seed: 2).Where(r => r.Id != 2 || r.Time < 5).ToList();
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(Tiny()).Fit(View(ml, rows)));
            StringAssert.Contains(ex.Message, "Sequence '2' of sequence id column 'Id' has 5 rows");
            StringAssert.Contains(ex.Message, "expected at least 8 rows");
        }

        [TestMethod]
        public void NonNumericFeatureIsRefusedBeforeAnyRowIsRead()
        {
            var ml = new MLContext(1);
            // Numbers are learnt as Single or Double and categories as text or Boolean; an integer column is neither.
            var data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new IntegerFeature { Id = i / 10, Time = i, Value = i, Other = i }).ToList());
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(Tiny()).Fit(data));
            StringAssert.Contains(ex.Message, "Other");
            StringAssert.Contains(ex.Message, "scalar Single, Double, text or Boolean");
            StringAssert.Contains(ex.Message, "Int32");
            var shapeEx = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(Tiny()).GetOutputSchema(SchemaShape.Create(data.Schema)));
            StringAssert.Contains(shapeEx.Message, "Other");
        }

        [TestMethod]
        [DataRow("Value")]
        [DataRow("Time")]
        [DataRow("Id")]
        public void MissingColumnIsRefusedNamingIt(string missing)
        {
            var ml = new MLContext(1);
            var options = Tiny();
            if (missing == "Value")
                options.FeatureColumnNames = new[] { "Missing", "Other" };
            else if (missing == "Time")
                options.OrderColumnName = "Missing";
            else
                options.SequenceIdColumnName = "Missing";
            var data = View(ml, Sines(2, 10, seed: 2));
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(options).Fit(data));
            StringAssert.Contains(ex.Message, "'Missing'");
        }

        [TestMethod]
        public void NonFiniteFeatureValueIsRefusedNamingTheColumnAndRow()
        {
            var ml = new MLContext(1);
            var rows = Sines(2, 10, seed: 2);
            // NaN is a missing value, learnt with a flag; an infinity is no value at all.
            rows[13].Value = float.PositiveInfinity;
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(Tiny()).Fit(View(ml, rows)));
            StringAssert.Contains(ex.Message, "Feature column 'Value' has Infinity at row 13");
        }

        [TestMethod]
        public void OptionsAreCheckedWhenTheEstimatorIsMade()
        {
            var ml = new MLContext(1);
            var none = Tiny();
            none.FeatureColumnNames = Array.Empty<string>();
            Assert.Throws<ArgumentException>(() => ml.Generative().SequenceGan(none));
            var shortWindow = Tiny();
            shortWindow.WindowLength = 1;
            Assert.Throws<ArgumentOutOfRangeException>(() => ml.Generative().SequenceGan(shortWindow));
            var clash = Tiny();
            clash.OrderColumnName = "Value";
            Assert.Throws<ArgumentException>(() => ml.Generative().SequenceGan(clash));
        }
    }
}
