using System;
using System.Globalization;
using System.Linq;

namespace Microsoft.ML.Gan.Benchmarks
{
    /// <summary>`--name value` options of the table programs.</summary>
    internal static class Options
    {
        public static string? String(string[] args, string name, string? fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        public static int Int(string[] args, string name, int fallback) =>
            String(args, name, null) is string s ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;

        /// <summary>A comma-separated list of integers (e.g. `--sizes 1000,100000`).</summary>
        public static long[] Longs(string[] args, string name, long[] fallback) =>
            String(args, name, null) is string s ? s.Split(',').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray() : fallback;

        public static bool Flag(string[] args, string name) => Array.IndexOf(args, name) >= 0;
    }
}
