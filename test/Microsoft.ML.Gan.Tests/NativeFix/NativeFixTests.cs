using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.Gan.NativeFix;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.Gan.Tests.NativeFix
{
    /// <summary>
    /// The build step that makes TorchSharp's native library load on Debian 12 / Ubuntu 22.04
    /// (docs/ARCHITECTURE.md, fact 2; build/TorchSharpNativeFix.targets, build/NativeFix/ElfVersionNeedPatcher.cs).
    /// The patcher tests use the real libLibTorchSharp.so from the NuGet cache and a fixed notion of
    /// "what the system has" (every version the library needs except GLIBCXX_3.4.32), so they do not
    /// depend on the machine; the last tests check the library this test run actually uses.
    /// </summary>
    [TestClass]
    public sealed class NativeFixTests
    {
        private const string Missing = "GLIBCXX_3.4.32";
        private const string LibraryName = "libLibTorchSharp.so";
        private const string Marker = "_ZSt21ios_base_library_initv";

        private string _temp = "";

        [TestInitialize]
        public void CreateTempDirectory()
        {
            _temp = Path.Combine(Path.GetTempPath(), "gan-nativefix-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_temp);
        }

        [TestCleanup]
        public void DeleteTempDirectory()
        {
            if (Directory.Exists(_temp)) Directory.Delete(_temp, recursive: true);
        }

        [TestMethod]
        public void ShippedLibraryInTheNuGetCacheStillNeedsGlibcxx332()
        {
            // Also shows that the build never patched the cache in place.
            string original = OriginalLibrary();
            Assert.IsTrue(ElfVersionNeedPatcher.NeedsVersion(original, Missing),
                $"{original} no longer asks for {Missing}: either the NuGet cache was modified or TorchSharp changed and the fix may be obsolete");
            PatchResult plan = ElfVersionNeedPatcher.Plan(original, Missing, DebianLike(original));
            Assert.AreEqual(PatchStatus.Patched, plan.Status, plan.ToString());
            Assert.AreEqual("libstdc++.so.6", plan.NeededFrom);
            CollectionAssert.AreEqual(new[] { Marker }, plan.Symbols.ToArray(), "only the iostream marker is bound to " + Missing);
        }

        [TestMethod]
        public void PatchingRemovesTheNeedAndChangesOnlyThatEntry()
        {
            string original = OriginalLibrary();
            byte[] before = File.ReadAllBytes(original);
            string patched = Path.Combine(_temp, "out", LibraryName);

            PatchResult result = ElfVersionNeedPatcher.Patch(original, patched, Missing, DebianLike(original));

            Assert.AreEqual(PatchStatus.Patched, result.Status, result.ToString());
            Assert.IsTrue(result.Changed);
            Assert.AreEqual("GLIBCXX_3.4.30", result.Replacement, "the highest GLIBCXX version below 3.4.32 that the library already needs");
            Assert.IsFalse(ElfVersionNeedPatcher.NeedsVersion(patched, Missing));
            CollectionAssert.AreEqual(before, File.ReadAllBytes(original), "the input is only read");

            IReadOnlyList<VersionNeed> was = ElfVersionNeedPatcher.ReadVersionNeeds(original);
            IReadOnlyList<VersionNeed> now = ElfVersionNeedPatcher.ReadVersionNeeds(patched);
            Assert.AreEqual(was.Count, now.Count);
            VersionNeed entry = was.Single(n => n.Name == Missing);
            for (int i = 0; i < was.Count; i++)
            {
                Assert.AreEqual(was[i].File, now[i].File);
                Assert.AreEqual(was[i].Index, now[i].Index, "version indices (and so .gnu.version) are untouched");
                Assert.AreEqual(was[i].Flags, now[i].Flags);
                Assert.AreEqual(was[i].Name == Missing ? "GLIBCXX_3.4.30" : was[i].Name, now[i].Name);
                Assert.AreEqual(ElfVersionNeedPatcher.ElfHash(now[i].Name), now[i].Hash, $"vna_hash of {now[i].Name}");
            }

            byte[] after = File.ReadAllBytes(patched);
            Assert.AreEqual(before.Length, after.Length);
            int[] changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
            Assert.IsTrue(changed.Length > 0);
            Assert.IsTrue(changed.All(i => i >= entry.EntryOffset && i < entry.EntryOffset + 16),
                "only the Vernaux entry's hash and name offset change, bytes changed at: " + string.Join(", ", changed));
        }

        [TestMethod]
        public void PatchingAPatchedFileIsAByteIdenticalNoOp()
        {
            string original = OriginalLibrary();
            string once = Path.Combine(_temp, "once.so");
            string twice = Path.Combine(_temp, "twice.so");
            Assert.AreEqual(PatchStatus.Patched, ElfVersionNeedPatcher.Patch(original, once, Missing, DebianLike(original)).Status);

            PatchResult again = ElfVersionNeedPatcher.Patch(once, twice, Missing, DebianLike(original));

            Assert.AreEqual(PatchStatus.NotNeeded, again.Status, again.ToString());
            Assert.IsFalse(again.Changed);
            CollectionAssert.AreEqual(File.ReadAllBytes(once), File.ReadAllBytes(twice));
        }

        [TestMethod]
        public void AVersionTheLibraryDoesNotNeedIsReportedAsNothingToDo()
        {
            string original = OriginalLibrary();
            string output = Path.Combine(_temp, LibraryName);
            Assert.IsFalse(ElfVersionNeedPatcher.NeedsVersion(original, "GLIBCXX_9.9.99"));

            PatchResult result = ElfVersionNeedPatcher.Patch(original, output, "GLIBCXX_9.9.99", _ => false);

            Assert.AreEqual(PatchStatus.NotNeeded, result.Status);
            Assert.IsNull(result.Replacement);
            CollectionAssert.AreEqual(File.ReadAllBytes(original), File.ReadAllBytes(output), "the output is an unchanged copy");
        }

        [TestMethod]
        public void NothingIsRewrittenWhenTheSystemHasTheVersionOrNoStandInExists()
        {
            string original = OriginalLibrary();
            byte[] bytes = File.ReadAllBytes(original);
            string has = Path.Combine(_temp, "has.so");
            string none = Path.Combine(_temp, "none.so");

            PatchResult systemHas = ElfVersionNeedPatcher.Patch(original, has, Missing, _ => true);
            PatchResult noStandIn = ElfVersionNeedPatcher.Patch(original, none, Missing, _ => false);

            Assert.AreEqual(PatchStatus.SystemHasVersion, systemHas.Status);
            Assert.AreEqual(PatchStatus.NoReplacement, noStandIn.Status);
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(has));
            CollectionAssert.AreEqual(bytes, File.ReadAllBytes(none));
        }

        [TestMethod]
        public void ANonElfFileGivesAClearException()
        {
            string text = Path.Combine(_temp, "not-elf.so");
            File.WriteAllText(text, "this is not a shared library\n");
            string output = Path.Combine(_temp, "out.so");

            var ex = Assert.ThrowsExactly<ElfFormatException>(() => ElfVersionNeedPatcher.Patch(text, output, Missing, _ => false));

            StringAssert.Contains(ex.Message, "not an ELF file");
            StringAssert.Contains(ex.Message, text);
            Assert.IsFalse(File.Exists(output), "nothing is written for a bad input");
            Assert.ThrowsExactly<ElfFormatException>(() => ElfVersionNeedPatcher.NeedsVersion(text, Missing));
        }

        [TestMethod]
        public void ATruncatedElfFileGivesAClearException()
        {
            string truncated = Path.Combine(_temp, "truncated.so");
            byte[] head = File.ReadAllBytes(OriginalLibrary()).Take(4096).ToArray();
            File.WriteAllBytes(truncated, head);

            var ex = Assert.ThrowsExactly<ElfFormatException>(() => ElfVersionNeedPatcher.ReadVersionNeeds(truncated));

            StringAssert.Contains(ex.Message, "truncated");
        }

        [TestMethod]
        public void TheSystemLibstdcxxIsFoundAndItsVersionDefinitionsRead()
        {
            RequireLinux();
            string? libstdcxx = ElfVersionNeedPatcher.FindSystemLibrary("libstdc++.so.6", ElfVersionNeedPatcher.ReadMachine(OutputLibrary()));

            Assert.IsNotNull(libstdcxx, "libstdc++.so.6 not found via ldconfig -p or the usual directories");
            Assert.IsTrue(ElfVersionNeedPatcher.LibraryDefinesVersion(libstdcxx, "GLIBCXX_3.4"));
            Assert.IsTrue(ElfVersionNeedPatcher.LibraryDefinesVersion(libstdcxx, "CXXABI_1.3"));
            Assert.IsFalse(ElfVersionNeedPatcher.LibraryDefinesVersion(libstdcxx, "GLIBCXX_0.0.1"));
        }

        [TestMethod]
        public void AVersionWhoseSymbolsAreRelocatedIsNotRewritten()
        {
            // The system libstdc++ needs e.g. GLIBC_2.14 for memcpy, which it relocates against:
            // renaming such a need could bind a different symbol version, so the patcher refuses.
            RequireLinux();
            string? libstdcxx = ElfVersionNeedPatcher.FindSystemLibrary("libstdc++.so.6", ElfVersionNeedPatcher.ReadMachine(OutputLibrary()));
            Assert.IsNotNull(libstdcxx);
            VersionNeed? relocated = null;
            PatchResult? plan = null;
            foreach (VersionNeed need in ElfVersionNeedPatcher.ReadVersionNeeds(libstdcxx))
            {
                plan = ElfVersionNeedPatcher.Plan(libstdcxx, need.Name, v => v != need.Name);
                if (plan.RelocatedSymbols.Count > 0) { relocated = need; break; }
            }
            Assert.IsNotNull(relocated, "libstdc++ relocates against some versioned symbol");
            Assert.IsNotNull(plan);
            Assert.AreEqual(PatchStatus.Unsafe, plan.Status, plan.ToString());

            string output = Path.Combine(_temp, "libstdc++.so.6");
            PatchResult result = ElfVersionNeedPatcher.Patch(libstdcxx, output, relocated.Name, v => v != relocated.Name);

            Assert.AreEqual(PatchStatus.Unsafe, result.Status);
            CollectionAssert.AreEqual(File.ReadAllBytes(libstdcxx), File.ReadAllBytes(output));
        }

        [TestMethod]
        public void TheLibraryThisTestRunUsesNeedsNoVersionTheSystemLacksAndLoads()
        {
            RequireLinux();
            string used = OutputLibrary();
            ushort machine = ElfVersionNeedPatcher.ReadMachine(used);

            var lacking = new List<string>();
            foreach (IGrouping<string, VersionNeed> file in ElfVersionNeedPatcher.ReadVersionNeeds(used).GroupBy(n => n.File))
            {
                string? system = ElfVersionNeedPatcher.FindSystemLibrary(file.Key, machine);
                Assert.IsNotNull(system, $"{file.Key}, needed by {used}, not found on this system");
                var defined = new HashSet<string>(ElfVersionNeedPatcher.ReadVersionDefinitions(system));
                lacking.AddRange(file.Where(n => !n.IsWeak && !defined.Contains(n.Name)).Select(n => $"{n.Name} ({system})"));
            }
            Assert.AreEqual(0, lacking.Count, $"{used} needs versions the system lacks: {string.Join(", ", lacking)}");

            // The real proof: the dynamic loader accepts it (its libtorch dependencies sit next to it).
            IntPtr handle = NativeLibrary.Load(used);
            Assert.AreNotEqual(IntPtr.Zero, handle);
            Assert.IsTrue(NativeLibrary.TryGetExport(handle, "THSTorch_manual_seed", out _), "an entry point TorchSharp calls");
        }

        private static void RequireLinux()
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
                Assert.Inconclusive("The native fix acts on Linux only.");
        }

        // What a Debian 12 libstdc++ has, as far as this library is concerned: everything it needs but 3.4.32.
        private static Func<string, bool> DebianLike(string library)
        {
            var has = new HashSet<string>(ElfVersionNeedPatcher.ReadVersionNeeds(library).Select(n => n.Name));
            has.Remove(Missing);
            return has.Contains;
        }

        /// <summary>The libLibTorchSharp.so copied next to the tests (RID-less or RID-specific layout).</summary>
        private static string OutputLibrary()
        {
            string baseDir = AppContext.BaseDirectory;
            foreach (string candidate in new[]
            {
                Path.Combine(baseDir, "runtimes", "linux-x64", "native", LibraryName),
                Path.Combine(baseDir, "runtimes", "linux-arm64", "native", LibraryName),
                Path.Combine(baseDir, LibraryName),
            })
            {
                if (File.Exists(candidate)) return candidate;
            }
            Assert.Fail($"{LibraryName} is not in the test output directory {baseDir}");
            return "";
        }

        /// <summary>The package's own libLibTorchSharp.so in the NuGet global packages folder.</summary>
        private static string OriginalLibrary()
        {
            string packagePath = TorchSharpPackagePath();
            var roots = new List<string>();
            string? env = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            if (!string.IsNullOrEmpty(env)) roots.Add(env);
            roots.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
            foreach (string root in roots)
            {
                string path = Path.Combine(root, packagePath, "runtimes", "linux-x64", "native", LibraryName);
                if (File.Exists(path)) return path;
            }
            Assert.Fail($"{LibraryName} of {packagePath} not found under {string.Join(" or ", roots)} (set NUGET_PACKAGES)");
            return "";
        }

        // "torchsharp/0.107.0", from the test assembly's deps.json, so the version is the one restored.
        private static string TorchSharpPackagePath()
        {
            string name = Assembly.GetExecutingAssembly().GetName().Name!;
            string deps = Path.Combine(AppContext.BaseDirectory, name + ".deps.json");
            Assert.IsTrue(File.Exists(deps), deps + " not found");
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(deps));
            foreach (JsonProperty library in doc.RootElement.GetProperty("libraries").EnumerateObject())
            {
                if (!library.Name.StartsWith("TorchSharp/", StringComparison.OrdinalIgnoreCase)) continue;
                if (library.Value.TryGetProperty("path", out JsonElement path) && path.GetString() is string p) return p;
                return library.Name.ToLowerInvariant();
            }
            Assert.Fail("TorchSharp is not listed in " + deps);
            return "";
        }
    }
}
