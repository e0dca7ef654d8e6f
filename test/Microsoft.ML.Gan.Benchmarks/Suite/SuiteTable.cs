using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Microsoft.ML.Gan.Benchmarks.Suite
{
    /// <summary>What a table's target asks: two classes, several classes, or a number.</summary>
    public enum SuiteTask
    {
        Binary,
        Multiclass,
        Regression,
    }

    /// <summary>A column of a suite table: text categories or Single numbers (a missing number is NaN, written empty).</summary>
    public sealed record SuiteColumn(string Name, bool Categorical);

    /// <summary>
    /// One public table of the suite, read where a Debian package installs it. <see cref="Read"/> turns the file into
    /// rows of strings in <see cref="Columns"/>' order (numbers invariant, a missing number empty, categories as text
    /// that does not parse as a number, so that a CSV reader such as pandas keeps them categorical).
    /// </summary>
    /// <param name="Name">Short name for `--tables`.</param>
    /// <param name="Package">The Debian package that installs <see cref="Path"/>.</param>
    /// <param name="Path">Absolute path of the file as the package installs it.</param>
    /// <param name="Positive">Binary tasks: the class whose F1 is reported (the minority class).</param>
    public sealed record SuiteTable(string Name, string Package, string Path, string Licence, SuiteTask Task, string Target,
        string? Positive, SuiteColumn[] Columns, Func<string, List<string[]>> Read, string Note)
    {
        /// <summary>The columns other than the target.</summary>
        public IEnumerable<SuiteColumn> Features => Columns.Where(c => c.Name != Target);

        /// <summary>The rows, or a message naming the package to install when the file is not there.</summary>
        public List<string[]> Load()
        {
            if (!File.Exists(Path))
                throw new FileNotFoundException($"Table '{Name}': {Path} not found. It comes with the Debian package {Package}: apt-get install {Package}.");
            var rows = Read(Path);
            foreach (var row in rows)
            {
                if (row.Length != Columns.Length)
                    throw new InvalidDataException($"Table '{Name}': a row of {row.Length} fields, expected {Columns.Length}.");
            }
            return rows;
        }
    }
}
