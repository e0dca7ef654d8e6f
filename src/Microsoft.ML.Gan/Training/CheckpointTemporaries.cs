using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;

namespace Microsoft.ML.Gan.Training
{
    /// <summary>
    /// The temporary files checkpoints are written through. A process killed between writing one and moving it into
    /// place leaves it behind, so every checkpoint write first removes the abandoned ones of its directory. Two runs
    /// may write into one directory at once, so a temporary is removed only when it is provably abandoned: its name
    /// (<c>.gan-epoch-NNNNNN.ckpt.PID.GUID.tmp</c>) names a process that is not running on this machine, and no one
    /// holds it open. Its writer holds it open, locked, from creation until after the rename (an exclusive
    /// <see cref="FileShare.None"/> lock on Unix, which .NET takes with flock; on Windows the sharing mode, which
    /// still lets the writer rename it), so a writer on another machine sharing the directory keeps its temporary too.
    /// A process id reused by an unrelated process only delays the removal until that process ends.
    /// </summary>
    internal static class CheckpointTemporaries
    {
        private static readonly Regex Name = new(@"^\.gan-epoch-[0-9]+\.ckpt\.(?<pid>[0-9]{1,10})\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant);

        /// <summary>A new temporary's path for checkpoint <paramref name="fileName"/>: unique, and naming this process.</summary>
        public static string NewPath(string directory, string fileName) =>
            Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $".{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));

        /// <summary>Creates the temporary, held (see the class summary) until the returned stream is disposed.</summary>
        public static FileStream Create(string path) =>
            new(path, FileMode.CreateNew, FileAccess.Write, OperatingSystem.IsWindows() ? FileShare.Delete : FileShare.None);

        /// <summary>Moves the still-held temporary into place: there is no moment when it exists unheld under its temporary name.</summary>
        public static void MoveIntoPlace(FileStream held, string temp, string path)
        {
            held.Flush();
            File.Move(temp, path, overwrite: true);
        }

        /// <summary>Removes the temporaries of <paramref name="directory"/> that are provably abandoned; returns how many.</summary>
        public static int RemoveAbandoned(string directory)
        {
            int removed = 0;
            foreach (string path in Directory.EnumerateFiles(directory, ".gan-epoch-*.tmp"))
            {
                var match = Name.Match(Path.GetFileName(path));
                if (!match.Success || !int.TryParse(match.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                    || IsRunning(pid))
                    continue;
                try
                {
                    // Opening it exclusively fails while anyone holds it; once open, it goes when closed.
                    using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
                    removed++;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Held by a live writer (or gone already, or not ours to remove): left alone.
                }
            }
            return removed;
        }

        private static bool IsRunning(int pid)
        {
            if (pid == Environment.ProcessId)
                return true;
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                return false;
            }
        }
    }
}
