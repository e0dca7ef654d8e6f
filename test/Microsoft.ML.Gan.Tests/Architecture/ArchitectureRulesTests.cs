using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.Architecture
{
    /// <summary>
    /// The library keeps docs/ARCHITECTURE.md's table "What each folder may use": the table is read from the
    /// document and every use the compiled library makes of its own types is judged against it.
    /// </summary>
    [TestClass]
    public sealed class ArchitectureRulesTests
    {
        private const string ProjectFolder = "src/Microsoft.ML.Gan";

        [TestMethod]
        public void EveryFolderUsesOnlyWhatTheArchitectureTableAllows()
        {
            string root = RepositoryRoot();
            var rules = FolderRules.Parse(File.ReadAllText(Path.Combine(root, "docs", "ARCHITECTURE.md")));
            var types = ProjectTypes.Read(typeof(GanEstimator).Assembly.Location, ProjectFolder);

            var violations = ArchitectureCheck.Violations(rules, SourceFiles(root), types);

            Assert.IsEmpty(violations,
                $"{violations.Count} use(s) against docs/ARCHITECTURE.md, 'What each folder may use' (move the code or change the table):\n"
                + string.Join("\n", violations));
        }

        [TestMethod]
        public void TheReaderSeesUsesTheSourceMakes()
        {
            // An empty reading would keep every rule; these uses are in the source, each through a different route.
            var types = ProjectTypes.Read(typeof(GanEstimator).Assembly.Location, ProjectFolder);
            var uses = types.Uses.Select(u => (u.File, u.Name)).ToHashSet();

            Assert.Contains(("Training/GanTrainer.cs", "Discriminator"), uses, "a local and a call");
            Assert.Contains(("Training/TrainingState.cs", "NetworkNoise"), uses, "a constructor and a property");
            Assert.Contains(("Evaluation/TableSimilarity.cs", "ColumnKind"), uses, "an enum value passed as a constant");
            Assert.IsEmpty(types.WithoutSource);
            Assert.IsTrue(types.Types.Any(t => t.Name == "ColumnKind" && t.Files.Count == 1), "an enum (no code) has its file");
        }

        [TestMethod]
        public void AUseTheTableDoesNotAllowIsReportedWithItsFileAndFolder()
        {
            var rules = FolderRules.Parse("""
                | Folder | Uses |
                | --- | --- |
                | (root) | every folder |
                | `Data/` | nothing of this project, but `Shared` |
                | `Training/`, `Networks/` | `Data/`, `Networks/` (the networks it trains) |
                | every folder | `GanLoss` |
                """);
            var types = new ProjectTypes(
                new[]
                {
                    new DeclaredType("Microsoft.ML.Gan.GanLoss", "GanLoss", new[] { "GanLoss.cs" }),
                    new DeclaredType("Microsoft.ML.Gan.Shared", "Shared", new[] { "Shared.cs" }),
                    new DeclaredType("Microsoft.ML.Gan.Data.Rows", "Rows", new[] { "Data/Rows.cs" }),
                    new DeclaredType("Microsoft.ML.Gan.Training.Trainer", "Trainer", new[] { "Training/Trainer.cs" }),
                    new DeclaredType("Microsoft.ML.Gan.Networks.Net", "Net", new[] { "Networks/Net.cs" }),
                },
                new[]
                {
                    new TypeUse("Training/Trainer.cs", "Microsoft.ML.Gan.Networks.Net", "Net", "Networks"),
                    new TypeUse("Data/Rows.cs", "Microsoft.ML.Gan.GanLoss", "GanLoss", ""),
                    new TypeUse("Data/Rows.cs", "Microsoft.ML.Gan.Shared", "Shared", ""),
                    new TypeUse("GanLoss.cs", "Microsoft.ML.Gan.Training.Trainer", "Trainer", "Training"),
                    // Against the table: the data reaching up to training, a network reaching back to training.
                    new TypeUse("Data/Rows.cs", "Microsoft.ML.Gan.Training.Trainer", "Trainer", "Training"),
                    new TypeUse("Networks/Net.cs", "Microsoft.ML.Gan.Training.Trainer", "Trainer", "Training"),
                    new TypeUse("Networks/Net.cs", "Microsoft.ML.Gan.Training.Trainer+Step", "Step", "Training"),
                },
                Array.Empty<string>());
            var files = new[] { "GanLoss.cs", "Shared.cs", "Data/Rows.cs", "Training/Trainer.cs", "Networks/Net.cs" };

            var violations = ArchitectureCheck.Violations(rules, files, types);

            CollectionAssert.AreEqual(new[]
            {
                "Data/Rows.cs uses Training/ (Microsoft.ML.Gan.Training.Trainer)",
                "Networks/Net.cs uses Training/ (Microsoft.ML.Gan.Training.Trainer, Microsoft.ML.Gan.Training.Trainer+Step)",
            }, violations.ToArray());
        }

        [TestMethod]
        public void AFolderOrNameTheTableDoesNotKnowIsReported()
        {
            var rules = FolderRules.Parse("""
                | Folder | Uses |
                | --- | --- |
                | (root) | every folder |
                | `Data/` | `Gone/`, `Missing` |
                """);
            var types = new ProjectTypes(Array.Empty<DeclaredType>(), Array.Empty<TypeUse>(), new[] { "Microsoft.ML.Gan.Lost" });

            var violations = ArchitectureCheck.Violations(rules, new[] { "Data/Rows.cs", "Fresh/New.cs" }, types);

            CollectionAssert.AreEquivalent(new[]
            {
                "Fresh/ holds source files but has no row in the table.",
                "The table names Gone/, which holds no source file.",
                "The table names type Missing of the root folder, which declares no such type.",
                "The table has a row for the root folder, which holds no source file.",
                "Type Microsoft.ML.Gan.Lost has no source file in the PDB, so its folder is unknown.",
            }, violations.ToArray());
        }

        [TestMethod]
        public void TheTableIsFoundAndReadFromTheDocument()
        {
            var rules = FolderRules.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "ARCHITECTURE.md")));

            Assert.IsTrue(rules.Folders.ContainsKey(FolderRules.Root));
            Assert.IsTrue(rules.Folders.ContainsKey("Training"));
            Assert.IsFalse(rules.Allows("Data", "Training", "GanTrainer"), "the data must not reach up to training");
            Assert.IsTrue(rules.Allows("Training", "Data", "FeatureRows"));
        }

        private static IEnumerable<string> SourceFiles(string root)
        {
            string project = Path.Combine(root, ProjectFolder);
            return Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(project, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal));
        }

        // The repository is the first folder above the test's output that holds the solution.
        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Microsoft.ML.Gan.sln")))
                    return dir.FullName;
            }
            throw new DirectoryNotFoundException($"No Microsoft.ML.Gan.sln above {AppContext.BaseDirectory}.");
        }
    }
}
