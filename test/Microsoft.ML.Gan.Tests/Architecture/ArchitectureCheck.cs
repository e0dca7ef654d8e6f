using System;
using System.Collections.Generic;
using System.Linq;

namespace Microsoft.ML.Gan.Tests.Architecture
{
    /// <summary>
    /// Judges what the library's files use against <see cref="FolderRules"/>: one line per file and folder it may not
    /// use (with the types it uses there), per source folder the table does not list, per name in the table that is
    /// no folder or type of the project, and per type whose source file is unknown. No line means the code keeps the table.
    /// A file may always use its own folder and the types it declares itself.
    /// </summary>
    internal static class ArchitectureCheck
    {
        /// <param name="rules">The table.</param>
        /// <param name="sourceFiles">Every source file of the project, relative to the project folder, '/'-separated.</param>
        /// <param name="types">The types and uses read from the compiled project.</param>
        public static IReadOnlyList<string> Violations(FolderRules rules, IEnumerable<string> sourceFiles, ProjectTypes types)
        {
            var files = sourceFiles.ToList();
            var folders = new HashSet<string>(files.Select(FolderOf), StringComparer.Ordinal);
            var violations = new List<string>();

            foreach (var folder in folders.Where(f => !rules.Folders.ContainsKey(f)).Order(StringComparer.Ordinal))
                violations.Add($"{Show(folder)} holds source files but has no row in the table.");

            var declared = new HashSet<(string Folder, string Name)>(types.Types.SelectMany(t => t.Files.Select(f => (FolderOf(f), t.Name))));
            foreach (var rule in rules.Folders.Values.Append(rules.EveryFolderRule).Distinct())
            {
                foreach (var folder in rule.Folders.Where(f => !folders.Contains(f)))
                    violations.Add($"The table names {Show(folder)}, which holds no source file.");
                foreach (var (folder, name) in rule.Types.Where(t => !declared.Contains(t)))
                    violations.Add($"The table names type {name} of {Show(folder)}, which declares no such type.");
            }
            foreach (var folder in rules.Folders.Keys.Where(f => !folders.Contains(f)))
                violations.Add($"The table has a row for {Show(folder)}, which holds no source file.");

            foreach (var type in types.WithoutSource)
                violations.Add($"Type {type} has no source file in the PDB, so its folder is unknown.");

            // A partial type is one type, whichever folders its parts are in (GanReport: the root and Reporting/).
            var declaredIn = types.Types.ToLookup(t => t.FullName, t => t.Files);
            bool Declares(string file, string type) => declaredIn[type].Any(files => files.Contains(file));
            violations.AddRange(types.Uses
                .Where(u => !rules.Allows(FolderOf(u.File), u.TypeFolder, u.Name) && !Declares(u.File, u.Type))
                .GroupBy(u => (u.File, u.TypeFolder))
                .OrderBy(g => g.Key.File, StringComparer.Ordinal).ThenBy(g => g.Key.TypeFolder, StringComparer.Ordinal)
                .Select(g => $"{g.Key.File} uses {Show(g.Key.TypeFolder)} ({string.Join(", ", g.Select(u => u.Type).Distinct().Order(StringComparer.Ordinal))})"));
            return violations.Distinct().ToList();
        }

        /// <summary>The folder of a project-relative file path ("" for the root).</summary>
        public static string FolderOf(string file)
        {
            int slash = file.LastIndexOf('/');
            return slash < 0 ? FolderRules.Root : file[..slash];
        }

        private static string Show(string folder) => folder == FolderRules.Root ? "the root folder" : folder + "/";
    }
}
