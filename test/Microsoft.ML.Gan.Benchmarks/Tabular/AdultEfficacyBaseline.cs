using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.ML;

namespace Microsoft.ML.Gan.Benchmarks.Tabular
{
    /// <summary>
    /// The real-data row of the Adult efficacy table: classifiers trained on the real 80% and tested on the real
    /// 20%. The synthetic rows (phase 2) use the same split and <see cref="MachineLearningEfficacy"/>.
    /// Arguments: [--csv path] [--seed 1]. Prints a markdown table.
    /// </summary>
    public static class AdultEfficacyBaseline
    {
        public static int Run(string[] args)
        {
            string? csv = null;
            int seed = 1;
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--csv" when i + 1 < args.Length: csv = args[++i]; break;
                    case "--seed" when i + 1 < args.Length: seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    default:
                        Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: [--csv path] [--seed 1]");
                        return 2;
                }
            }
            var ml = new MLContext(seed);
            string path = csv ?? AdultData.Find();
            var all = AdultData.Load(ml, path);
            var protocol = MachineLearningEfficacy.ForAdult(ml);
            var (train, test) = protocol.Split(all, seed: seed);
            long trainRows = train.Preview(int.MaxValue).RowView.Length, testRows = test.Preview(int.MaxValue).RowView.Length;

            var watch = Stopwatch.StartNew();
            var results = protocol.Evaluate(train, test);
            watch.Stop();
            Console.WriteLine($"Adult ({path}): {trainRows} training rows, {testRows} test rows, split seed {seed}; evaluated in {watch.Elapsed.TotalSeconds:F1} s");
            Console.WriteLine();
            Console.WriteLine("| training data | classifier | F1 (>50K) | accuracy | AUC | precision | recall |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            foreach (var r in results)
                Console.WriteLine(FormattableString.Invariant($"| real 80% | {r.Classifier} | {r.F1:F3} | {r.Accuracy:F3} | {r.Auc:F3} | {r.Precision:F3} | {r.Recall:F3} |"));
            return 0;
        }
    }
}
