using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace Microsoft.ML.Gan.Benchmarks.Suite
{
    /// <summary>
    /// The suite's tables: the CSVs that Debian's python3-sklearn and python3-statsmodels install (nothing is copied
    /// into the repository). Sources, licences and what each target is are in docs/BENCHMARKS.md. Integer codes of a
    /// category are written with a prefix (occupation 3 as "occ3") so that every reader takes them as categories.
    /// </summary>
    public static class SuiteTables
    {
        private const string Sklearn = "/usr/lib/python3/dist-packages/sklearn/datasets/data/";
        private const string Statsmodels = "/usr/lib/python3/dist-packages/statsmodels/datasets/";
        private const string SklearnLicence = "BSD-3-Clause (scikit-learn)";

        // Before All: static fields are initialised in the order they are written.
        private static readonly string[] BreastCancerFeatures = new[] { "mean", "se", "worst" }.SelectMany(p => new[]
        {
            "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave_points", "symmetry", "fractal_dimension",
        }.Select(b => p + "_" + b)).ToArray();

        private static readonly string[] WineFeatures =
        {
            "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids", "nonflavanoid_phenols",
            "proanthocyanins", "color_intensity", "hue", "od280_od315", "proline",
        };

        private static readonly string[] FertilityYears = { "1960", "1970", "1980", "1990", "2000", "2010" };

        private static readonly string[] Parties = { "strong-dem", "weak-dem", "indep-dem", "indep-indep", "indep-rep", "weak-rep", "strong-rep" };

        public static readonly IReadOnlyList<SuiteTable> All = new[]
        {
            new SuiteTable("breast-cancer", "python3-sklearn", Sklearn + "breast_cancer.csv", SklearnLicence + "; UCI Breast Cancer Wisconsin (Diagnostic), CC BY 4.0",
                SuiteTask.Binary, "diagnosis", "malignant", Numbers(BreastCancerFeatures).Append(new SuiteColumn("diagnosis", true)).ToArray(),
                path => SklearnRows(path, BreastCancerFeatures.Length), "30 numbers; malignant 37%"),
            new SuiteTable("wine", "python3-sklearn", Sklearn + "wine_data.csv", SklearnLicence + "; UCI Wine, CC BY 4.0",
                SuiteTask.Multiclass, "cultivar", null, Numbers(WineFeatures).Append(new SuiteColumn("cultivar", true)).ToArray(),
                path => SklearnRows(path, WineFeatures.Length), "13 numbers, 3 classes, 178 rows"),
            new SuiteTable("diabetes", "python3-sklearn", Sklearn + "diabetes_data_raw.csv.gz", SklearnLicence + "; Efron et al. (2004), Least Angle Regression",
                SuiteTask.Regression, "progression", null,
                new[] { Number("age"), Category("sex") }.Concat(Numbers("bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")).Append(Number("progression")).ToArray(),
                Diabetes, "original scale (not sklearn's standardised copy); sex as a category; the target from diabetes_target.csv.gz"),
            new SuiteTable("affairs", "python3-statsmodels", Statsmodels + "fair/fair.csv", "statsmodels: \"Included with permission of the author\" (Fair 1978)",
                SuiteTask.Binary, "affair", "yes",
                Numbers("rate_marriage", "age", "yrs_married", "children", "religious", "educ").Concat(new[] { Category("occupation"), Category("occupation_husb"), Category("affair") }).ToArray(),
                Affairs, "target affairs > 0 (32%), the affairs column itself dropped; occupation 1 is 0.6% of rows"),
            new SuiteTable("anes96", "python3-statsmodels", Statsmodels + "anes96/anes96.csv", "statsmodels: public domain (American National Election Studies 1996)",
                SuiteTask.Multiclass, "PID", null,
                Numbers("popul", "TVnews", "selfLR", "ClinLR", "DoleLR", "age", "income").Concat(new[] { Category("educ"), Category("vote"), Category("PID") }).ToArray(),
                Anes96, "party identification, 7 classes, the rarest (independent-independent) 3.9%"),
            new SuiteTable("grunfeld", "python3-statsmodels", Statsmodels + "grunfeld/grunfeld.csv", "statsmodels: public domain (Grunfeld 1950)",
                SuiteTask.Regression, "invest", null, new[] { Number("value"), Number("capital"), Category("firm"), Number("year"), Number("invest") },
                Grunfeld, "11 firms x 20 years; firm names as text"),
            new SuiteTable("randhie", "python3-statsmodels", Statsmodels + "randhie/randhie.csv", "statsmodels: public domain (RAND Health Insurance Experiment)",
                SuiteTask.Binary, "visit", "no",
                Numbers("lncoins", "lpi", "fmde", "physlm", "disea").Concat(new[] { Category("idp"), Category("health"), Category("visit") }).ToArray(),
                RandHie, "target mdvis > 0, positive class no visit (31%); hlthg/hlthf/hlthp as one category health"),
            new SuiteTable("fertility", "python3-statsmodels", Statsmodels + "fertility/fertility.csv", "statsmodels: World Bank terms of use (World Development Indicators)",
                SuiteTask.Regression, "y2010", null, Numbers(FertilityYears.Select(y => "y" + y).ToArray()).ToArray(),
                Fertility, "births per woman in 1960, 1970, ..., 2000 and 2010 per country; missing values as published"),
        };

        public static SuiteTable Find(string name) =>
            All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"Unknown table '{name}'; use one of {string.Join(", ", All.Select(t => t.Name))}.");

        private static SuiteColumn Number(string name) => new(name, false);

        private static SuiteColumn Category(string name) => new(name, true);

        private static IEnumerable<SuiteColumn> Numbers(params string[] names) => names.Select(Number);

        // sklearn's own layout: a first line "rows,features,class names...", then features and a class index per row.
        private static List<string[]> SklearnRows(string path, int features)
        {
            var lines = File.ReadAllLines(path);
            var classes = lines[0].Split(',').Skip(2).ToArray();
            return lines.Skip(1).Where(l => l.Length > 0).Select(l =>
            {
                var f = l.Split(',');
                return f.Take(features).Append(classes[int.Parse(f[features], CultureInfo.InvariantCulture)]).ToArray();
            }).ToList();
        }

        private static List<string[]> Diabetes(string path)
        {
            var data = GzipLines(path);
            var target = GzipLines(path.Replace("diabetes_data_raw", "diabetes_target", StringComparison.Ordinal));
            if (data.Count != target.Count)
                throw new InvalidDataException($"{path}: {data.Count} rows but {target.Count} targets.");
            return data.Select((l, r) =>
            {
                var f = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                f[1] = "sex" + f[1];
                return f.Append(Invariant(Parse(target[r]))).ToArray();
            }).ToList();
        }

        private static List<string[]> Affairs(string path) => Csv(path, ',', h => new Func<string[], string[]>(f => new[]
        {
            f[h["rate_marriage"]], f[h["age"]], f[h["yrs_married"]], f[h["children"]], f[h["religious"]], f[h["educ"]],
            "occ" + Code(f[h["occupation"]]), "occ" + Code(f[h["occupation_husb"]]), Parse(f[h["affairs"]]) > 0 ? "yes" : "no",
        }));

        private static List<string[]> Anes96(string path) => Csv(path, '\t', h => new Func<string[], string[]>(f => new[]
        {
            f[h["popul"]], f[h["TVnews"]], f[h["selfLR"]], f[h["ClinLR"]], f[h["DoleLR"]], f[h["age"]], f[h["income"]],
            "educ" + Code(f[h["educ"]]), Code(f[h["vote"]]) == "1" ? "Dole" : "Clinton", Parties[int.Parse(Code(f[h["PID"]]), CultureInfo.InvariantCulture)],
        }));

        private static List<string[]> Grunfeld(string path) => Csv(path, ',', h => new Func<string[], string[]>(f => new[]
        {
            f[h["value"]], f[h["capital"]], f[h["firm"]], f[h["year"]], f[h["invest"]],
        }));

        private static List<string[]> RandHie(string path) => Csv(path, ',', h => new Func<string[], string[]>(f => new[]
        {
            f[h["lncoins"]], f[h["lpi"]], f[h["fmde"]], f[h["physlm"]], f[h["disea"]],
            Code(f[h["idp"]]) == "1" ? "deductible" : "none",
            Code(f[h["hlthg"]]) == "1" ? "good" : Code(f[h["hlthf"]]) == "1" ? "fair" : Code(f[h["hlthp"]]) == "1" ? "poor" : "excellent",
            Parse(f[h["mdvis"]]) > 0 ? "yes" : "no",
        }));

        // The file quotes the indicator name, which holds a comma; the year columns are plain numbers or empty.
        private static List<string[]> Fertility(string path)
        {
            var lines = File.ReadAllLines(path);
            var header = SplitQuoted(lines[0], ',');
            var at = FertilityYears.Select(y => Array.IndexOf(header, y)).ToArray();
            return lines.Skip(1).Where(l => l.Length > 0).Select(l =>
            {
                var f = SplitQuoted(l, ',');
                return at.Select(i => f[i].Length == 0 ? "" : Invariant(Parse(f[i]))).ToArray();
            }).ToList();
        }

        private static List<string[]> Csv(string path, char separator, Func<Dictionary<string, int>, Func<string[], string[]>> map)
        {
            var lines = File.ReadAllLines(path);
            var header = SplitQuoted(lines[0], separator).Select(h => h.Trim('\'')).Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i);
            var row = map(header);
            return lines.Skip(1).Where(l => l.Trim().Length > 0).Select(l => row(SplitQuoted(l, separator))).ToList();
        }

        /// <summary>One line's fields: a separator inside double quotes is part of the field; the quotes themselves are dropped.</summary>
        internal static string[] SplitQuoted(string line, char separator)
        {
            var fields = new List<string>();
            var current = new System.Text.StringBuilder();
            bool quoted = false;
            foreach (char c in line)
            {
                if (c == '"')
                    quoted = !quoted;
                else if (c == separator && !quoted)
                {
                    fields.Add(current.ToString());
                    current.Clear();
                }
                else
                    current.Append(c);
            }
            fields.Add(current.ToString());
            return fields.ToArray();
        }

        private static List<string> GzipLines(string path)
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
            var lines = new List<string>();
            for (string? l = reader.ReadLine(); l is not null; l = reader.ReadLine())
            {
                if (l.Trim().Length > 0)
                    lines.Add(l.Trim());
            }
            return lines;
        }

        private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

        // "3" or "3.0" as "3".
        private static string Code(string text) => Invariant(Parse(text));

        private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
