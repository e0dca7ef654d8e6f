using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>
    /// A table from a CSV file and back: DataFrame.LoadCsv → TabularGan → ToDataFrame → DataFrame.SaveCsv, with empty
    /// fields in numbers, text and dates. One short training shared by the class, and a one-epoch model it must beat.
    /// </summary>
    [TestClass]
    public sealed class DataFrameCsvTests
    {
        private const int Rows = 400;
        private const string Header = "Age,Income,City,Member,Joined";
        // The real shares of empty fields, chosen away from what an untrained generator gives (about 1/k for k choices).
        private const double AgeBlank = 0.40, IncomeBlank = 0.15, CityBlank = 0.05, JoinedBlank = 0.10;
        private static readonly string[] Cities = { "Paris", "Lyon, FR", "Besançon" };
        private static readonly DateTime FirstDay = new(2019, 1, 1);

        private static string _dir = null!;
        private static DataFrame _real = null!;
        private static MLContext _ml = null!;
        private static TabularGanTransformer _model = null!;
        private static TabularGanTransformer _untrained = null!;

        [ClassInitialize]
        public static void Train(TestContext _)
        {
            _dir = Directory.CreateTempSubdirectory("gan-csv-").FullName;
            string path = Path.Combine(_dir, "people.csv");
            File.WriteAllText(path, Csv(Rows, seed: 1), new UTF8Encoding(false));
            // The two lines a user writes.
            _real = DataFrame.LoadCsv(path);
            _ml = new MLContext(1);
            _model = _ml.Generative().TabularGan(TabularGanTests.Tiny(200)).Fit(_real);
            _untrained = _ml.Generative().TabularGan(TabularGanTests.Tiny(1)).Fit(_real);
        }

        [ClassCleanup]
        public static void Release()
        {
            _model?.Dispose();
            _untrained?.Dispose();
            if (_dir is not null)
                Directory.Delete(_dir, recursive: true);
        }

        // Age: whole numbers (no zero); Income: cents; City: text with a comma and a non-ASCII letter; Member: Boolean
        // without blanks; Joined: ISO dates. Blanks at the shares above, drawn independently per column.
        private static string Csv(int rows, int seed)
        {
            var random = new Random(seed);
            var text = new StringBuilder(Header).Append('\n');
            for (int i = 0; i < rows; i++)
            {
                int age = 18 + random.Next(60);
                string Blank(double share, string value) => random.NextDouble() < share ? "" : value;
                text.Append(Blank(AgeBlank, age.ToString(CultureInfo.InvariantCulture))).Append(',')
                    .Append(Blank(IncomeBlank, (15000 + 800 * age + random.Next(100000) / 100.0).ToString("0.00", CultureInfo.InvariantCulture))).Append(',')
                    .Append(Blank(CityBlank, Quoted(Cities[random.Next(Cities.Length)]))).Append(',')
                    .Append(random.NextDouble() < 0.3 ? "True" : "False").Append(',')
                    .Append(Blank(JoinedBlank, FirstDay.AddDays(random.Next(1500)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
                    .Append('\n');
            }
            return text.ToString();
        }

        private static string Quoted(string value) => value.Contains(',') ? $"\"{value}\"" : value;

        private static string SaveCsv(TabularGanTransformer model, int count, int seed, string name)
        {
            string path = Path.Combine(_dir, name);
            DataFrame.SaveCsv(_ml.Generative().ToDataFrame(model.Generate(count, seed)), path,
                encoding: new UTF8Encoding(false), cultureInfo: CultureInfo.InvariantCulture);
            return path;
        }

        private static double BlankShare(DataFrame frame, string column) => (double)frame[column].NullCount / frame.Rows.Count;

        [TestMethod]
        public void LoadCsvGivesFloatsTextBooleanAndDatesWithTheBlanksAsNulls()
        {
            // What the rest relies on: LoadCsv's inferred types, and blanks as nulls except in text (empty strings there).
            CollectionAssert.AreEqual(new[] { typeof(float), typeof(float), typeof(string), typeof(bool), typeof(DateTime) },
                _real.Columns.Select(c => c.DataType).ToArray());
            Assert.IsTrue(BlankShare(_real, "Age") > 0.3 && BlankShare(_real, "Joined") > 0.05, "blank numbers and dates are nulls");
            Assert.IsTrue(_real["City"].Cast<string>().Count(c => c.Length == 0) > 5, "blank text is empty text");
        }

        [TestMethod]
        public void GeneratedCsvHasTheHeaderTheTypesAndTheBlankSharesOfTheRealOne()
        {
            string trained = SaveCsv(_model, 2000, seed: 7, "trained.csv");
            string untrained = SaveCsv(_untrained, 2000, seed: 7, "untrained.csv");
            Assert.AreEqual(Header, File.ReadLines(trained).First());
            var back = DataFrame.LoadCsv(trained);
            var backUntrained = DataFrame.LoadCsv(untrained);
            Assert.AreEqual(2000L, back.Rows.Count);
            CollectionAssert.AreEqual(_real.Columns.Select(c => c.DataType).ToArray(), back.Columns.Select(c => c.DataType).ToArray());

            // Blank shares of the file read back: text's blanks come back as LoadCsv gives them, empty strings.
            double Share(DataFrame f, string column) => column == "City"
                ? (double)f[column].Cast<string>().Count(c => c.Length == 0) / f.Rows.Count
                : BlankShare(f, column);
            double realCity = Share(_real, "City");
            string[] columns = { "Age", "Income", "City", "Joined" };
            double[] real = columns.Select(c => Share(_real, c)).ToArray();
            double[] errors = columns.Select((c, i) => Math.Abs(Share(back, c) - real[i])).ToArray();
            double[] untrainedErrors = columns.Select((c, i) => Math.Abs(Share(backUntrained, c) - real[i])).ToArray();
            string report = string.Join("; ", columns.Select((c, i) => $"{c} real {real[i]:F3} trained {Share(back, c):F3} one epoch {Share(backUntrained, c):F3}"));
            Assert.IsTrue(errors.Max() < 0.10, report);
            Assert.IsTrue(errors.Sum() < untrainedErrors.Sum() / 2, report);
            Assert.IsTrue(realCity > 0.02, report);

            // The DataFrame is an IDataView to the evaluation too: the trained rows score above the one-epoch rows.
            double quality = _ml.Generative().EvaluateTable(_real, _model.Generate(1000, seed: 9)).Quality.Overall;
            double untrainedQuality = _ml.Generative().EvaluateTable(_real, _untrained.Generate(1000, seed: 9)).Quality.Overall;
            Assert.IsTrue(quality > untrainedQuality + 0.05, $"quality {quality:F3}, one epoch {untrainedQuality:F3}");
        }

        [TestMethod]
        public void BlanksComeOutAsEmptyFieldsNeverAsZerosNaNOrTheYearOne()
        {
            string path = SaveCsv(_model, 1000, seed: 8, "blanks.csv");
            string text = File.ReadAllText(path);
            StringAssert.DoesNotMatch(text, new System.Text.RegularExpressions.Regex("NaN|/0001 "));
            var back = DataFrame.LoadCsv(path);
            // Present values stay inside the real ranges: no blank turned into 0 (the real ages start at 18, incomes above 15,000).
            var ages = back["Age"].Cast<float?>().Where(a => a.HasValue).Select(a => a!.Value).ToArray();
            Assert.IsTrue(ages.Length > 300 && ages.All(a => a >= 18 && a <= 77 && a == MathF.Floor(a)), $"ages {ages.Min()}..{ages.Max()}");
            var incomes = back["Income"].Cast<float?>().Where(a => a.HasValue).Select(a => a!.Value).ToArray();
            Assert.IsTrue(incomes.Length > 500 && incomes.All(a => a >= 15000), $"incomes from {incomes.Min()}");
            // Dates parse as dates inside the real range, whole days as in the file; categories are the real ones.
            var days = back["Joined"].Cast<DateTime?>().Where(d => d.HasValue).Select(d => d!.Value).ToArray();
            var realDays = _real["Joined"].Cast<DateTime?>().Where(d => d.HasValue).Select(d => d!.Value).ToArray();
            Assert.IsTrue(days.Length > 500 && days.All(d => d >= realDays.Min() && d <= realDays.Max() && d.TimeOfDay == TimeSpan.Zero),
                $"dates {days.Min():o}..{days.Max():o}");
            CollectionAssert.IsSubsetOf(back["City"].Cast<string>().Where(c => c.Length > 0).Distinct().ToArray(), Cities);
            Assert.AreEqual(0L, back["Member"].NullCount);
        }

        [TestMethod]
        public void ToDataFrameTurnsEachMissingValueIntoNullAndReadsEveryRow()
        {
            var ml = new MLContext(1);
            var rows = Enumerable.Range(0, 150).Select(i => new Missing
            {
                Number = i % 3 == 0 ? float.NaN : i,
                Precise = i % 5 == 0 ? double.NaN : i / 2.0,
                Name = i % 4 == 0 ? "" : "n" + i,
                Day = i % 6 == 0 ? default : FirstDay.AddDays(i),
                Count = i % 7 == 0 ? 0 : i,
                Flag = i % 2 == 0,
            }).ToArray();
            var view = ml.Data.LoadFromEnumerable(rows);
            var frame = ml.Generative().ToDataFrame(view);
            Assert.AreEqual(150L, frame.Rows.Count);
            Assert.AreEqual(50L, frame["Number"].NullCount);
            Assert.AreEqual(30L, frame["Precise"].NullCount);
            Assert.AreEqual(38L, frame["Name"].NullCount);
            Assert.AreEqual(25L, frame["Day"].NullCount);
            // An integer 0 and false are values, not missing ones.
            Assert.AreEqual(0L, frame["Count"].NullCount);
            Assert.AreEqual(0L, frame["Flag"].NullCount);
            Assert.AreEqual("n1", frame["Name"][1]);
            Assert.AreEqual(FirstDay.AddDays(1), frame["Day"][1]);

            // Key columns come out as their value names, key 0 as null.
            var keyed = ml.Transforms.Conversion.MapValueToKey("Name").Fit(view).Transform(view);
            var names = ml.Generative().ToDataFrame(keyed)["Name"];
            Assert.AreEqual("n1", names[1]);
        }

        private sealed class Missing
        {
            public float Number;
            public double Precise;
            public string Name = "";
            public DateTime Day;
            public int Count;
            public bool Flag;
        }

        [TestMethod]
        public void ABooleanOrIntegerColumnWithBlanksIsRefusedNotLearnedAsFalseOrZero()
        {
            var ml = new MLContext(1);
            var csv = new StringBuilder("Score,Member\n");
            for (int i = 0; i < 200; i++)
                csv.Append(i).Append(',').Append(i % 5 == 0 ? "" : i % 2 == 0 ? "True" : "False").Append('\n');
            var frame = DataFrame.LoadCsvFromString(csv.ToString());
            Assert.AreEqual(40L, frame["Member"].NullCount);
            var e = Assert.Throws<ArgumentException>(() => ml.Generative().TabularGan(TabularGanTests.Tiny(1)).Fit(frame));
            StringAssert.Contains(e.Message, "'Member'");
            StringAssert.Contains(e.Message, "40 empty values");

            // A column that is not learned is not checked.
            var options = TabularGanTests.Tiny(1);
            options.Columns = new[] { "Score" };
            ml.Generative().TabularGan(options).Fit(frame).Dispose();

            // An Int32 column with nulls reads as 0 through the cursor: refused the same way.
            var counts = new DataFrame(new Int32DataFrameColumn("Count", Enumerable.Range(0, 200).Select(i => i % 4 == 0 ? (int?)null : i)));
            var ints = Assert.Throws<ArgumentException>(() => ml.Generative().TabularGan(TabularGanTests.Tiny(1)).Fit(counts));
            StringAssert.Contains(ints.Message, "'Count'");
            StringAssert.Contains(ints.Message, "Single or Double");
        }

        [TestMethod]
        public void ABooleanColumnWithBlanksAsTextComesBackAsBooleansWithBlanks()
        {
            // The remedy the refusal names: True, False and empty as text, learned as categories with a missing one.
            var ml = new MLContext(1);
            var csv = new StringBuilder("Score,Member\n");
            for (int i = 0; i < 200; i++)
                csv.Append(i % 50).Append(',').Append(i % 5 == 0 ? "" : i % 2 == 0 ? "True" : "False").Append('\n');
            var frame = DataFrame.LoadCsvFromString(csv.ToString());
            frame["Member"] = new StringDataFrameColumn("Member", frame["Member"].Cast<bool?>().Select(b => b?.ToString()));
            using var model = ml.Generative().TabularGan(TabularGanTests.Tiny(1)).Fit(frame);
            string path = Path.Combine(_dir, "member.csv");
            DataFrame.SaveCsv(ml.Generative().ToDataFrame(model.Generate(300, seed: 1)), path, cultureInfo: CultureInfo.InvariantCulture);
            var back = DataFrame.LoadCsv(path);
            Assert.AreEqual(typeof(bool), back["Member"].DataType);
            Assert.IsTrue(back["Member"].NullCount > 0 && back["Member"].NullCount < 300, $"{back["Member"].NullCount} blanks");
        }
    }
}
