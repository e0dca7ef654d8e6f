using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Gan.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Tabular
{
    /// <summary>
    /// Categorical columns with more than MaxCategories categories: the most frequent keep their slots, the rest are
    /// learned as one "other" slot and generated back by their training frequencies; conditions on a grouped category
    /// give exactly that category.
    /// </summary>
    [TestClass]
    public sealed class CategoryGroupingTests
    {
        // 4,000 rows: a, b, c 1,000 each (kept with MaxCategories = 4), then grouped: g0 500 rows and r000..r499 one each.
        private const int GroupedMax = 4;

        private static MLContext _ml = null!;
        private static IDataView _data = null!;
        private static HashSet<string> _trainingCodes = null!;
        private static TabularGanTransformer _gan = null!;
        private static readonly List<string> Log = new();

        public sealed class CodeRow
        {
            public string Code { get; set; } = "";
            public float Amount { get; set; }
        }

        internal static List<CodeRow> SkewedRows()
        {
            var codes = new List<string>();
            foreach (var k in new[] { "a", "b", "c" })
                codes.AddRange(Enumerable.Repeat(k, 1000));
            codes.AddRange(Enumerable.Repeat("g0", 500));
            codes.AddRange(Enumerable.Range(0, 500).Select(i => $"r{i:D3}"));
            var rng = new Random(3);
            return codes.OrderBy(_ => rng.Next()).Select((c, i) => new CodeRow { Code = c, Amount = (float)(c.Length + rng.NextDouble()) }).ToList();
        }

        internal static TabularGanEstimator.Options Options(int? maxCategories)
        {
            var o = TabularGanTests.Tiny(epochs: 1);
            o.GeneratorHiddenLayers = new[] { 32 };
            o.DiscriminatorHiddenLayers = new[] { 32 };
            o.MaxCategories = maxCategories;
            return o;
        }

        [ClassInitialize]
        public static void Train(TestContext _)
        {
            _ml = new MLContext(1);
            _ml.Log += (_, e) => { lock (Log) Log.Add(e.Message); };
            var rows = SkewedRows();
            _trainingCodes = rows.Select(r => r.Code).ToHashSet();
            _data = _ml.Data.Cache(_ml.Data.LoadFromEnumerable(rows));
            _gan = _ml.Generative().TabularGan(Options(GroupedMax)).Fit(_data);
        }

        [ClassCleanup]
        public static void Release() => _gan?.Dispose();

        [TestMethod]
        public void GroupingKeepsTheMostFrequentBreakingTiesByCategoryOrder()
        {
            var labels = new[] { "a", "b", "c", "d", "e", "f" };
            var set = new CategorySet("X", labels, labels, -1);
            var grouping = CategoryGrouping.Fit(set, new[] { 5, 1, 5, 2, 2, 1 }, maxCategories: 4)!;

            CollectionAssert.AreEqual(new[] { 0, 2, 3 }, grouping.Kept, "a and c (5 rows), then d before e (2 rows each)");
            CollectionAssert.AreEqual(new[] { 1, 4, 5 }, grouping.Members);
            CollectionAssert.AreEqual(new[] { "a", "c", "d", CategoryGrouping.OtherLabel }, grouping.Slots.Labels.ToArray());
            CollectionAssert.AreEqual(new[] { 5, 5, 2, 4 }, grouping.SlotCounts);
            Assert.AreEqual(3, grouping.OtherSlot);
            Assert.AreEqual(3, grouping.SlotOf(4), "e is grouped");
            Assert.AreEqual(2, grouping.SlotOf(3));
            // Members b (1 row), e (2), f (1): a quarter, a half, a quarter of the draws.
            Assert.AreEqual(1, grouping.Member(0.0));
            Assert.AreEqual(1, grouping.Member(0.249));
            Assert.AreEqual(4, grouping.Member(0.25));
            Assert.AreEqual(4, grouping.Member(0.749));
            Assert.AreEqual(5, grouping.Member(0.75));
            Assert.AreEqual(5, grouping.Member(0.999999));
            Assert.AreEqual(4, grouping.MostFrequentMember);
            Assert.IsNull(CategoryGrouping.Fit(set, new[] { 5, 1, 5, 2, 2, 1 }, maxCategories: 6), "six categories fit six slots");
        }

        [TestMethod]
        public void FitLogsEachGroupedColumn()
        {
            string message;
            lock (Log)
                message = Log.First(m => m.Contains("more than MaxCategories = 4:"));
            StringAssert.Contains(message, "Column 'Code' has 504 categories, more than MaxCategories = 4: its 3 most frequent keep their own, the other 501");
            StringAssert.Contains(message, "(1000 of 4000 rows, 25.0 %)");
            Assert.AreEqual(4, _gan.Table().Encoding.Columns[0].Width, "a, b, c and other");
            Assert.AreEqual(4, _gan.Table().Conditions.Width);
        }

        [TestMethod]
        public void GeneratedGroupedValuesFollowTheirTrainingFrequencies()
        {
            var codes = TableTestData.Texts(_gan.Generate(8000, seed: 5), "Code");
            var outside = codes.Where(c => !_trainingCodes.Contains(c)).Distinct().ToList();
            Assert.AreEqual(0, outside.Count, $"values outside the training set: {string.Join(", ", outside.Take(5))}");
            var grouped = codes.Where(c => c.StartsWith('g') || c.StartsWith('r')).ToList();
            Assert.IsTrue(grouped.Count >= 200, $"{grouped.Count} of 8000 rows in the other slot");
            // g0 has half of the grouped training rows; the rare values the other half, one row each.
            double g0 = grouped.Count(c => c == "g0") / (double)grouped.Count;
            Assert.IsTrue(g0 > 0.35 && g0 < 0.65, $"g0 is {g0:P1} of the grouped rows; half expected");
            int rare = grouped.Where(c => c.StartsWith('r')).Distinct().Count();
            Assert.IsTrue(rare >= 50, $"{rare} distinct rare values among {grouped.Count} grouped rows");
        }

        [TestMethod]
        public void ConditionsOnGroupedAndKeptCategoriesGiveThoseValues()
        {
            var rare = TableTestData.Texts(_gan.Generate(300, seed: 2, TableCondition.Equal("Code", "r123")), "Code");
            Assert.AreEqual(300, rare.Length);
            Assert.IsTrue(rare.All(c => c == "r123"), string.Join(", ", rare.Distinct().Take(5)));
            var kept = TableTestData.Texts(_gan.Generate(100, seed: 2, TableCondition.Equal("Code", "b")), "Code");
            Assert.IsTrue(kept.All(c => c == "b"));
            CollectionAssert.Contains(_gan.Categories["Code"].ToArray(), "r123", "a grouped category is listed");
            Assert.AreEqual(504, _gan.Categories["Code"].Count);
        }

        [TestMethod]
        public void ARangeOfRowsIsThoseRowsOfTheWholeStream()
        {
            var whole = TableTestData.Texts(_gan.Generate(1500, seed: 9), "Code");
            var part = TableTestData.Texts(_gan.GenerateRange(700, 800, seed: 9), "Code");
            CollectionAssert.AreEqual(whole[700..], part);
            var again = TableTestData.Texts(_gan.Generate(1500, seed: 9), "Code");
            CollectionAssert.AreEqual(whole, again, "same seed, same rows");
        }

        [TestMethod]
        public void VaeGroupsAndConditionsAlike()
        {
            // Only a is kept: without a condition vector, a condition is met by rejection, so "other" must be common (3/4 of
            // the training rows here).
            var options = new TabularVaeEstimator.Options { Epochs = 1, Seed = 1, MaxCategories = 2, EncoderHiddenLayers = new[] { 16 }, DecoderHiddenLayers = new[] { 16 } };
            using var vae = _ml.Generative().TabularVae(options).Fit(_data);
            Assert.AreEqual(2, vae.Model.Decoder is TableDecoder d ? d.Encoding.Columns[0].Width : -1);
            var codes = TableTestData.Texts(vae.Generate(2000, seed: 1), "Code");
            Assert.IsTrue(codes.All(_trainingCodes.Contains));
            var rare = TableTestData.Texts(vae.Generate(50, seed: 1, TableCondition.Equal("Code", "r007")), "Code");
            Assert.IsTrue(rare.Length == 50 && rare.All(c => c == "r007"));
        }

        /// <summary>
        /// 5,000 categories in 6,000 rows under a 64 MB budget: one-hot encoded whole (6,000 × 5,000 floats, 120 MB) it is
        /// refused by TabularVae, which holds its table (TabularGan would stream it); grouped to 1,000 slots (the default)
        /// it takes a fifth of that, and TabularGan trains and generates it in memory.
        /// </summary>
        [TestMethod]
        public void AFiveThousandCategoryColumnFitsWhenGrouped()
        {
            const long Budget = 64L << 20;
            var rows = Enumerable.Range(0, 6000).Select(r => new CodeRow { Code = $"c{(r < 5000 ? r : r % 10):D4}", Amount = r % 7 }).ToList();
            var data = _ml.Data.Cache(_ml.Data.LoadFromEnumerable(rows));
            var whole = new TabularVaeEstimator.Options { Epochs = 1, Seed = 1, MaxCategories = null, MemoryBudgetBytes = Budget };
            var refusal = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Generative().TabularVae(whole).Fit(data));
            StringAssert.Contains(refusal.Message, "MemoryBudgetBytes");

            var grouped = Options(CategoryGrouping.DefaultMaxCategories);
            grouped.MemoryBudgetBytes = Budget;
            var log = new List<string>();
            var ml = new MLContext(1);
            ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
            using var model = ml.Generative().TabularGan(grouped).Fit(data);
            Assert.IsFalse(log.Any(m => m.Contains("Streaming it")), "grouped, the table fits the budget and is held in memory");
            Assert.AreEqual(1000, model.Table().Conditions.Width);
            var training = rows.Select(r => r.Code).ToHashSet();
            var codes = TableTestData.Texts(model.Generate(1000, seed: 1), "Code");
            Assert.IsTrue(codes.All(training.Contains));
        }

        /// <summary>
        /// A table streamed because it passes the budget is grouped by the whole table's counts (its statistics pass), as one
        /// held in memory is: 10 frequent codes and 5,000 that occur once, MaxCategories = 20.
        /// </summary>
        [TestMethod]
        public void AStreamedTableIsGroupedByTheWholeTablesCounts()
        {
            var rows = Enumerable.Range(0, 30_000).Select(r => new CodeRow { Code = r < 5000 ? $"u{r:D4}" : $"f{r % 10}", Amount = r % 7 }).ToList();
            var data = _ml.Data.LoadFromEnumerable(rows);
            var options = Options(20);
            options.MemoryBudgetBytes = 1 << 20;
            var log = new List<string>();
            var ml = new MLContext(1);
            ml.Log += (_, e) => { lock (log) log.Add(e.Message); };
            using var model = ml.Generative().TabularGan(options).Fit(data);

            Assert.IsTrue(log.Any(m => m.Contains("Streaming it")), "streamed");
            Assert.IsTrue(log.Any(m => m.Contains("Column 'Code' has 5010 categories, more than MaxCategories = 20: its 19 most frequent keep their own, the other 4991")),
                "grouped by the whole table's counts, logged");
            Assert.AreEqual(20, model.Table().Conditions.Width);
            var codes = TableTestData.Texts(model.Generate(2000, seed: 1), "Code");
            var training = rows.Select(r => r.Code).ToHashSet();
            Assert.IsTrue(codes.All(training.Contains), "only training values");
            Assert.IsTrue(Enumerable.Range(0, 10).All(k => codes.Contains($"f{k}")), "every frequent code keeps its slot and is generated");
            Assert.IsTrue(codes.Count(c => c.StartsWith('u')) > 0, "the rare codes are generated from the group");
        }

        [TestMethod]
        public void MaxCategoriesBelowTwoIsRefused()
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Generative().TabularGan(Options(1)));
            StringAssert.Contains(ex.Message, "MaxCategories");
            Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Generative().TabularVae(new TabularVaeEstimator.Options { MaxCategories = 0 }));
        }

        [TestMethod]
        public void TheLabelColumnIsNotGrouped()
        {
            var table = TableTestData.Read(_data);
            var ch = ((Runtime.IHostEnvironment)_ml).Start("test");
            Assert.AreSame(table, CategoryGrouping.Apply(ch, table, GroupedMax, exempt: "Code"));
            Assert.AreSame(table, CategoryGrouping.Apply(ch, table, null, exempt: null));
            var grouped = CategoryGrouping.Apply(ch, table, GroupedMax, exempt: null);
            Assert.AreEqual(4, ((CategoricalColumnData)grouped["Code"]).Categories.Count);
        }
    }
}
