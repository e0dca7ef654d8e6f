using System;
using System.Collections.Generic;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Gan.Tests.Persistence;
using Microsoft.ML.Gan.Training;
using Microsoft.ML.Runtime;
using Microsoft.ML.Gan.Tests.Tabular;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using TorchSharp;

namespace Microsoft.ML.Gan.Tests.Training
{
    /// <summary>TabularGan's Device and Threads, used as the GAN uses them.</summary>
    [TestClass]
    public sealed class TabularDeviceTests
    {
        [TestMethod]
        public void CudaIsRefusedClearlyBeforeAnyRowIsRead()
        {
            var ml = new MLContext(1);
            var options = ModelFiles.SmallestTabular();
            options.Device = "cuda";
            var table = new UnreadableView(TableTestData.Mixed(ml, 10).Schema);

            var ex = Assert.Throws<ArgumentException>(() => ml.Generative().TabularGan(options).Fit(table));

            Assert.AreEqual("Device", ex.ParamName);
            StringAssert.Contains(ex.Message, "Device = \"cuda\"");
            StringAssert.Contains(ex.Message, "TorchSharp-cpu", "the cause");
            StringAssert.Contains(ex.Message, "Device = \"cpu\"", "a remedy");
            Assert.AreEqual(0, table.CursorsOpened, "refused before any row is read");
        }

        [TestMethod]
        public void ThreadsApplyDuringTableTrainingAndAreRestored()
        {
            var ml = new MLContext(1);
            int before = torch.get_num_threads();
            var observed = new List<int>();
            var options = ModelFiles.SmallestTabular(epochs: 2);
            options.Threads = before == 1 ? 2 : 1;
            options.Progress = new Reporter(() => observed.Add(torch.get_num_threads()));
            using var model = ml.Generative().TabularGan(options).Fit(ml.Data.Cache(TableTestData.Mixed(ml, 200)));
            CollectionAssert.AreEqual(new[] { options.Threads.Value, options.Threads.Value }, observed, "the asked-for count while training");
            Assert.AreEqual(before, torch.get_num_threads(), "the process's setting afterwards");
        }

        [TestMethod]
        public void ATableTrainsOnOneThreadUnlessThreadsOrOmpNumThreadsSayOtherwise()
        {
            var ml = new MLContext(1);
            var observed = new List<int>();
            var options = ModelFiles.SmallestTabular(epochs: 1);
            Assert.IsNull(options.Threads, "the default is unset");
            options.Progress = new Reporter(() => observed.Add(torch.get_num_threads()));
            using (ml.Generative().TabularGan(options).Fit(ml.Data.Cache(TableTestData.Mixed(ml, 200))))
            {
            }
            bool fromEnvironment = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_NUM_THREADS"));
            Assert.AreEqual(fromEnvironment ? torch.get_num_threads() : 1, observed[0], "one thread, or libtorch's setting where OMP_NUM_THREADS sets it");

            IHostEnvironment env = ml;
            using var ch = env.Start("threads");
            Assert.AreEqual(1, TrainingThreads.ForTables(null, null, ch), "unset, no OMP_NUM_THREADS: one thread");
            Assert.AreEqual(3, TrainingThreads.ForTables(3, null, ch), "Threads wins");
            Assert.AreEqual(3, TrainingThreads.ForTables(3, "2", ch), "Threads wins over the environment too");
            Assert.IsNull(TrainingThreads.ForTables(null, "2", ch), "OMP_NUM_THREADS: libtorch's setting, which follows it");
        }

        private sealed class Reporter(Action report) : IProgress<GanProgress>
        {
            public void Report(GanProgress value) => report();
        }

        /// <summary>A view with a table's schema whose rows cannot be read: it counts the attempts.</summary>
        private sealed class UnreadableView(DataViewSchema schema) : IDataView
        {
            public int CursorsOpened { get; private set; }

            public bool CanShuffle => false;

            public DataViewSchema Schema { get; } = schema;

            public long? GetRowCount() => null;

            public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
            {
                CursorsOpened++;
                throw new InvalidOperationException("A row was read.");
            }

            public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            {
                CursorsOpened++;
                throw new InvalidOperationException("A row was read.");
            }
        }
    }
}
