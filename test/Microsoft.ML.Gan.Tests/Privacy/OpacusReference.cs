using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Microsoft.ML.Gan.Tests.Privacy
{
    /// <summary>
    /// Opacus's accountant values, as Privacy/opacus-grid.py wrote them (embedded in the test assembly): each row a
    /// dictionary from the CSV header's names to the values, read back to the doubles Python printed.
    /// </summary>
    internal static class OpacusReference
    {
        public static IReadOnlyList<IReadOnlyDictionary<string, double>> Read(string file)
        {
            using var stream = typeof(OpacusReference).Assembly.GetManifestResourceStream("Privacy." + file)
                ?? throw new InvalidOperationException($"The test assembly embeds no '{file}'.");
            using var reader = new StreamReader(stream);
            var header = reader.ReadLine()!.Split(',');
            var rows = new List<IReadOnlyDictionary<string, double>>();
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                if (line.Length == 0)
                    continue;
                var cells = line.Split(',');
                if (cells.Length != header.Length)
                    throw new FormatException($"'{file}': '{line}' has {cells.Length} cells, the header {header.Length}.");
                rows.Add(header.Zip(cells).ToDictionary(p => p.First, p => double.Parse(p.Second, NumberStyles.Float, CultureInfo.InvariantCulture)));
            }
            return rows;
        }

        public static double RelativeDifference(double actual, double expected) =>
            actual == expected ? 0 : Math.Abs(actual - expected) / Math.Abs(expected);
    }
}
