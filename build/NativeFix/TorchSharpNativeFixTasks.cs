// MSBuild tasks of build/TorchSharpNativeFix.targets. Compiled by RoslynCodeTaskFactory from one file
// that the targets compose from this file and ElfVersionNeedPatcher.cs (a Code element takes a single
// Source). Not part of any project's compilation.

#nullable enable

namespace Microsoft.ML.Gan.NativeFix
{
    using System;
    using System.Collections.Generic;
    using Microsoft.Build.Framework;
    using Microsoft.Build.Utilities;

    /// <summary>
    /// Decides which native libraries need the fix: those that ask for <see cref="Version"/> while the
    /// system library they need it from (located like the loader would, for the same e_machine) does
    /// not define it. Returns them with the stand-in version as metadata; logs why nothing is done
    /// otherwise. Reads only; runs on every build.
    /// </summary>
    public sealed class TorchSharpNativeFixInspect : Task
    {
        [Required] public ITaskItem[] Libraries { get; set; } = new ITaskItem[0];
        [Required] public string Version { get; set; } = "";
        /// <summary>Optional: the system library to compare with, instead of locating it.</summary>
        public string SystemLibrary { get; set; } = "";

        [Output] public ITaskItem[] LibrariesToPatch { get; set; } = new ITaskItem[0];

        /// <summary>The system libraries compared with (';'-separated), so that the build can redo the
        /// decision when one of them changes; empty when none was needed or found.</summary>
        [Output] public string SystemLibraries { get; set; } = "";

        public override bool Execute()
        {
            var toPatch = new List<ITaskItem>();
            var systems = new Dictionary<ushort, string?>();
            foreach (ITaskItem lib in Libraries)
            {
                string path = lib.GetMetadata("FullPath");
                string name = lib.GetMetadata("Filename") + lib.GetMetadata("Extension");
                try
                {
                    VersionNeed? need = null;
                    foreach (VersionNeed n in ElfVersionNeedPatcher.ReadVersionNeeds(path))
                        if (n.Name == Version) { need = n; break; }
                    if (need == null)
                    {
                        Log.LogMessage(MessageImportance.Normal, "TorchSharpNativeFix: {0} does not need {1}; used as shipped ({2}).", name, Version, path);
                        continue;
                    }

                    ushort machine = ElfVersionNeedPatcher.ReadMachine(path);
                    string? system;
                    if (!systems.TryGetValue(machine, out system))
                    {
                        system = SystemLibrary.Length > 0 ? SystemLibrary : ElfVersionNeedPatcher.FindSystemLibrary(need.File, machine);
                        systems[machine] = system;
                    }
                    if (system == null)
                    {
                        Log.LogMessage(MessageImportance.Normal, "TorchSharpNativeFix: no system {0} for e_machine {1} found; {2} used as shipped.", need.File, machine, name);
                        continue;
                    }

                    var defined = new HashSet<string>(ElfVersionNeedPatcher.ReadVersionDefinitions(system), StringComparer.Ordinal);
                    PatchResult plan = ElfVersionNeedPatcher.Plan(path, Version, defined.Contains);
                    switch (plan.Status)
                    {
                        case PatchStatus.Patched:
                            var item = new TaskItem(lib);
                            item.SetMetadata("TorchSharpNativeFixReplacement", plan.Replacement);
                            item.SetMetadata("TorchSharpNativeFixSystemLibrary", system);
                            item.SetMetadata("TorchSharpNativeFixSymbols", string.Join(" ", plan.Symbols));
                            toPatch.Add(item);
                            break;
                        case PatchStatus.SystemHasVersion:
                            Log.LogMessage(MessageImportance.Normal, "TorchSharpNativeFix: {0} defines {1}; {2} used as shipped.", system, Version, name);
                            break;
                        case PatchStatus.NotNeeded:
                            Log.LogMessage(MessageImportance.Normal, "TorchSharpNativeFix: {0} does not need {1}; used as shipped.", name, Version);
                            break;
                        default:
                            Log.LogWarning("TorchSharpNativeFix: {0} needs {1}, which {2} lacks, and cannot be mended: {3}. It is used as shipped and will probably not load.",
                                           path, Version, system, plan);
                            break;
                    }
                }
                catch (Exception e) when (e is System.IO.IOException || e is BadImageFormatException || e is UnauthorizedAccessException)
                {
                    Log.LogWarning("TorchSharpNativeFix: cannot inspect {0}: {1}. It is used as shipped.", path, e.Message);
                }
            }
            LibrariesToPatch = toPatch.ToArray();
            var compared = new List<string>();
            foreach (string? system in systems.Values)
                if (system != null && !compared.Contains(system)) compared.Add(system);
            SystemLibraries = string.Join(";", compared);
            return !Log.HasLoggedErrors;
        }
    }

    /// <summary>
    /// Writes each library's patched copy to its <c>PatchedPath</c> metadata (the input is only read).
    /// The stand-in version is the one <see cref="TorchSharpNativeFixInspect"/> chose.
    /// </summary>
    public sealed class TorchSharpNativeFixPatch : Task
    {
        [Required] public ITaskItem[] Libraries { get; set; } = new ITaskItem[0];
        [Required] public string Version { get; set; } = "";

        public override bool Execute()
        {
            foreach (ITaskItem lib in Libraries)
            {
                string input = lib.GetMetadata("FullPath");
                string output = lib.GetMetadata("PatchedPath");
                string replacement = lib.GetMetadata("TorchSharpNativeFixReplacement");
                if (output.Length == 0 || replacement.Length == 0)
                {
                    Log.LogError("TorchSharpNativeFix: {0} has no PatchedPath or TorchSharpNativeFixReplacement metadata.", input);
                    continue;
                }
                try
                {
                    PatchResult result = ElfVersionNeedPatcher.Patch(input, output, Version,
                        v => string.Equals(v, replacement, StringComparison.Ordinal));
                    if (result.Status != PatchStatus.Patched)
                        Log.LogError("TorchSharpNativeFix: patching {0} did not succeed: {1}.", input, result);
                    else
                        Log.LogMessage(MessageImportance.Low, "TorchSharpNativeFix: wrote {0}: {1}.", output, result);
                }
                catch (Exception e) when (e is System.IO.IOException || e is BadImageFormatException || e is UnauthorizedAccessException)
                {
                    Log.LogError("TorchSharpNativeFix: cannot patch {0} into {1}: {2}", input, output, e.Message);
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
}
