using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML;

namespace Microsoft.ML.Gan.Benchmarks.Tabular
{
    /// <summary>One row of UCI Adult: numbers as Single (ML.NET's usual type), categories as text without the CSV's leading spaces.</summary>
    public sealed class AdultRow
    {
        public float Age;
        public string Workclass = "";
        public float Fnlwgt;
        public string Education = "";
        public float EducationNum;
        public string MaritalStatus = "";
        public string Occupation = "";
        public string Relationship = "";
        public string Race = "";
        public string Sex = "";
        public float CapitalGain;
        public float CapitalLoss;
        public float HoursPerWeek;
        public string NativeCountry = "";
        public string Income = "";
    }

    /// <summary>
    /// Loads UCI Adult (adult.csv of the shared data folder beside the repository: 32,561 rows, 15 columns, header, ", "-separated). The unknown
    /// marker '?' is kept as a category of its own, as the published benchmarks do.
    /// </summary>
    public static class AdultData
    {
        public const string FileName = "adult.csv";

        public static readonly string[] Categorical =
        {
            nameof(AdultRow.Workclass), nameof(AdultRow.Education), nameof(AdultRow.MaritalStatus), nameof(AdultRow.Occupation),
            nameof(AdultRow.Relationship), nameof(AdultRow.Race), nameof(AdultRow.Sex), nameof(AdultRow.NativeCountry),
        };

        public static readonly string[] Numeric =
        {
            nameof(AdultRow.Age), nameof(AdultRow.Fnlwgt), nameof(AdultRow.EducationNum), nameof(AdultRow.CapitalGain),
            nameof(AdultRow.CapitalLoss), nameof(AdultRow.HoursPerWeek),
        };

        public const string Label = nameof(AdultRow.Income);
        public const string Positive = ">50K";

        // The file's header, in order; checked so that a different file fails loudly rather than misreads.
        private static readonly string[] Header =
        {
            "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
            "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
        };

        public static IDataView Load(MLContext ml, string? path = null) => ml.Data.LoadFromEnumerable(ReadRows(path ?? Find()));

        public static List<AdultRow> ReadRows(string path)
        {
            using var reader = new StreamReader(path);
            var header = (reader.ReadLine() ?? "").Split(',').Select(h => h.Trim()).ToArray();
            if (!header.SequenceEqual(Header))
                throw new InvalidDataException($"{path}: expected the header {string.Join(",", Header)}, found {string.Join(",", header)}.");
            var rows = new List<AdultRow>(32_561);
            int line = 1;
            for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
            {
                line++;
                if (text.Trim().Length == 0)
                    continue;
                var f = text.Split(',').Select(v => v.Trim()).ToArray();
                if (f.Length != Header.Length)
                    throw new InvalidDataException($"{path}:{line}: {f.Length} fields, expected {Header.Length}.");
                rows.Add(new AdultRow
                {
                    Age = Number(f[0], path, line), Workclass = f[1], Fnlwgt = Number(f[2], path, line), Education = f[3],
                    EducationNum = Number(f[4], path, line), MaritalStatus = f[5], Occupation = f[6], Relationship = f[7],
                    Race = f[8], Sex = f[9], CapitalGain = Number(f[10], path, line), CapitalLoss = Number(f[11], path, line),
                    HoursPerWeek = Number(f[12], path, line), NativeCountry = f[13], Income = f[14].TrimEnd('.'),
                });
            }
            return rows;
        }

        /// <summary>Rows as a CSV with the file's own header (numbers invariant, categories without padding), written to a temporary name then moved.</summary>
        public static void WriteCsv(string path, IEnumerable<AdultRow> rows)
        {
            string temp = path + ".tmp";
            using (var writer = new StreamWriter(temp))
            {
                writer.WriteLine(string.Join(",", Header));
                foreach (var r in rows)
                    writer.WriteLine(string.Join(",", new object[]
                    {
                        r.Age, r.Workclass, r.Fnlwgt, r.Education, r.EducationNum, r.MaritalStatus, r.Occupation, r.Relationship,
                        r.Race, r.Sex, r.CapitalGain, r.CapitalLoss, r.HoursPerWeek, r.NativeCountry, r.Income,
                    }.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
            }
            File.Move(temp, path, overwrite: true);
        }

        /// <summary>
        /// ADULT_CSV if set, else adult.csv in a data/ or shared/data/ folder beside of the current directory or any
        /// parent (the repo's own copy, then the shared one next to the repo).
        /// </summary>
        public static string Find()
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("ADULT_CSV");
            if (!string.IsNullOrEmpty(fromEnvironment))
                return File.Exists(fromEnvironment) ? fromEnvironment : throw new FileNotFoundException($"ADULT_CSV points to {fromEnvironment}, which does not exist.");
            var tried = new List<string>();
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    foreach (var candidate in new[] { Path.Combine(dir.FullName, "data", FileName), Path.Combine(dir.FullName, "..", "shared", "data", FileName) })
                    {
                        if (File.Exists(candidate))
                            return Path.GetFullPath(candidate);
                        tried.Add(Path.GetFullPath(candidate));
                    }
                }
            }
            throw new FileNotFoundException($"{FileName} not found; set ADULT_CSV. Looked in: {string.Join(", ", tried.Distinct().Take(6))}, ...");
        }

        private static float Number(string text, string path, int line) =>
            float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float v)
                ? v
                : throw new InvalidDataException($"{path}:{line}: '{text}' is not a number.");
    }
}
