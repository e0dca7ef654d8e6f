using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Microsoft.ML.Gan.Tests.Architecture
{
    /// <summary>What one folder may use: whole folders, or single types of a folder ("" is the project's root folder).</summary>
    internal sealed record FolderRule(bool Everything, IReadOnlySet<string> Folders, IReadOnlySet<(string Folder, string Type)> Types);

    /// <summary>
    /// The table "What each folder may use" of docs/ARCHITECTURE.md, read from the markdown: the rules are the
    /// document's, so that changing the document changes what the tests enforce. A row is
    /// <c>| folders | uses |</c>. The first cell holds folders in backticks (<c>`Data/`</c>), "(root)" for the
    /// project folder itself, or "every folder" for what all folders may use. In the second cell a backticked
    /// <c>`Folder/`</c> allows the whole folder, <c>`Folder/Type`</c> one type of it and a bare <c>`Type`</c> one type
    /// of the root; "every folder" allows everything; text outside backticks explains and is not read.
    /// </summary>
    internal sealed class FolderRules
    {
        public const string Root = "";
        private const string RootCell = "(root)";
        private const string EveryFolder = "every folder";

        private FolderRules(IReadOnlyDictionary<string, FolderRule> folders, FolderRule everyFolder)
        {
            Folders = folders;
            EveryFolderRule = everyFolder;
        }

        /// <summary>The row of each folder the table lists, by folder ('/'-separated, no trailing slash; "" for the root).</summary>
        public IReadOnlyDictionary<string, FolderRule> Folders { get; }

        /// <summary>What every folder may use besides its own row.</summary>
        public FolderRule EveryFolderRule { get; }

        /// <summary>Reads the table whose header is <c>| Folder | Uses |</c>; throws when there is none or a row cannot be read.</summary>
        public static FolderRules Parse(string markdown)
        {
            var lines = markdown.Replace("\r\n", "\n").Split('\n');
            int header = Array.FindIndex(lines, l => Regex.IsMatch(l, @"^\|\s*Folder\s*\|\s*Uses\s*\|\s*$"));
            if (header < 0)
                throw new FormatException("No table with the header '| Folder | Uses |'.");
            var folders = new Dictionary<string, FolderRule>(StringComparer.Ordinal);
            FolderRule? every = null;
            for (int i = header + 2; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++)
            {
                var cells = lines[i].Trim().Trim('|').Split('|');
                if (cells.Length != 2)
                    throw new FormatException($"Row '{lines[i]}' does not have two cells.");
                var rule = Uses(cells[1]);
                string subject = cells[0].Trim();
                if (subject == EveryFolder)
                {
                    every = every is null ? rule : throw new FormatException($"Two '{EveryFolder}' rows.");
                    continue;
                }
                var names = subject == RootCell ? new[] { Root } : Backticked(subject).Select(FolderName).ToArray();
                if (names.Length == 0)
                    throw new FormatException($"Row '{lines[i]}' names no folder.");
                foreach (var name in names)
                {
                    if (!folders.TryAdd(name, rule))
                        throw new FormatException($"Folder '{name}/' has two rows.");
                }
            }
            return new FolderRules(folders, every ?? new FolderRule(false, new HashSet<string>(), new HashSet<(string, string)>()));
        }

        /// <summary>Whether a file of <paramref name="folder"/> may use type <paramref name="type"/> of <paramref name="usedFolder"/>.</summary>
        public bool Allows(string folder, string usedFolder, string type)
        {
            if (folder == usedFolder)
                return true;
            return Allows(EveryFolderRule, usedFolder, type) || (Folders.TryGetValue(folder, out var rule) && Allows(rule, usedFolder, type));
        }

        private static bool Allows(FolderRule rule, string usedFolder, string type) =>
            rule.Everything || rule.Folders.Contains(usedFolder) || rule.Types.Contains((usedFolder, type));

        private static FolderRule Uses(string cell)
        {
            var folders = new HashSet<string>(StringComparer.Ordinal);
            var types = new HashSet<(string, string)>();
            foreach (var token in Backticked(cell))
            {
                int slash = token.LastIndexOf('/');
                if (slash < 0)
                    types.Add((Root, token));
                else if (slash == token.Length - 1)
                    folders.Add(FolderName(token));
                else
                    types.Add((token[..slash], token[(slash + 1)..]));
            }
            return new FolderRule(cell.Contains(EveryFolder, StringComparison.Ordinal), folders, types);
        }

        private static IEnumerable<string> Backticked(string cell) =>
            Regex.Matches(cell, "`([^`]+)`").Select(m => m.Groups[1].Value.Trim());

        private static string FolderName(string token) =>
            token.EndsWith('/') ? token.TrimEnd('/') : throw new FormatException($"'{token}' is no folder (a folder ends with '/').");
    }
}
