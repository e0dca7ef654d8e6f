using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Microsoft.ML.Gan.Benchmarks;

// Benchmarks of Microsoft.ML.Gan. The first argument picks what to run:
//   persistence      quick table program (Stopwatch, markdown to stdout), as in docs/BENCHMARKS.md
//   hostile-files    re-checksummed model files declaring huge sizes: refusal, time and peak memory (markdown table)
//   training [opts]  GanEstimator.Fit and generation against a bare TorchSharp loop, same networks (markdown table)
//   speed [opts]     issue #15's table: Fit against a plain and a like-for-like TorchSharp loop, generation against a
//                    bare forward pass, DCGAN, shares of the matmul ceiling; interleaved rounds (run without PASSIVE)
//   compare [opts]   Fit, bare TorchSharp loop and PyTorch on the same workloads, with the matmul ceiling (markdown table)
//   scale [opts]     streaming vs in-memory epochs and peak memory per size, Fit's peak memory against the budget
//                    (child processes), Fit scaling curves (PNG)
//   adult [opts]     real-data baseline of the Adult efficacy protocol (classifiers trained on the real 80%)
//   tabular [opts]   TabularGan on Adult: efficacy (synthetic vs real), KS/TVD, associations, memorisation, s/epoch
//   generalise [opts] TabularGan's defaults on tables not tuned on (a missing target that depends on the others, a small table)
//   suite [opts]     issue #20's suite: eight public tables (Debian's sklearn/statsmodels CSVs), TabularGan and TVAE vs the reference CTGAN
//   table-stream [--rows 10000,10000000] [--columns 8|15]  peak memory and speed of reading TabularGan rows through a cursor, per row count
//   busy [opts]      Fit's seconds per workload and thread setting, idle and beside busy processes (child processes)
//   categories [--rows 20000 --epochs 1]  TabularGan on a column with a category a row: every category learned (refused) against MaxCategories' grouping
//   table-fit [--runs rows:budget,...]  TabularGan Fit in memory and streamed (tables larger than memory): times and peak memory
//   soak [opts]      one long Fit (10^5 steps), native memory growth from the end of warm-up to the end
//   gpu [opts]       issue #24's GPU table: MLP, DCGAN (Fit vs a plain loop, ms a step) and TabularGan on Adult (s an epoch)
//                    on CUDA; skipped (one line, exit 0) without CUDA; --device cpu dry-runs it with tiny sizes (Gpu/README.md)
//   sequences [opts] issue #22's scoring protocol checked: the discriminative and predictive scores of baselines on Sines and Stocks
//   seqgan [opts]    issue #22's goal table: SequenceGan's defaults trained on Sines and Stocks, scored by that protocol
//   mixtures [opts]  mode coverage on the 8-Gaussian ring and 25-Gaussian grid per loss and seed (markdown table)
//   bdn [args...]    hands the remaining arguments to BenchmarkDotNet's switcher, e.g. `bdn --filter *Persistence*`
//                    (a bare filter such as `bdn *Persistence*` is taken as --filter; `--job short` for a quick run)
// Usage: dotnet run -c Release --project test/Microsoft.ML.Gan.Benchmarks -- <command> [args...]
string command = args.Length > 0 ? args[0].ToLowerInvariant() : "";
string[] rest = args.Skip(1).ToArray();
// libtorch's GNU OpenMP workers spin while waiting; on a shared 2-core machine with other load that made the
// same epoch 15x slower (25 s against 1.6 s). The variable is read when libgomp loads, so the table programs
// run themselves again with it set (--omp-default keeps the spinning, to measure it).
if (command is "compare" or "scale" or "curves" or "tabular" or "soak" or "sidebyside" or "generalise" or "suite" or "table-fit" or "sequences" or "seqgan" && Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null && !rest.Contains("--omp-default"))
    return ChildProcess.Inherit(args, ("OMP_WAIT_POLICY", "PASSIVE"));
switch (command)
{
    case "persistence":
        return PersistenceBenchmark.Run(rest);
    case "hostile-files":
        return HostileFileBenchmark.Run(rest);
    case "mixtures":
        return MixtureBenchmark.Run(rest);
    case "sequences":
        return Microsoft.ML.Gan.Benchmarks.Sequences.SequenceBenchmark.Run(rest);
    case "seqgan":
        return Microsoft.ML.Gan.Benchmarks.Sequences.SequenceGanBenchmark.Run(rest);
    case "adult":
        return Microsoft.ML.Gan.Benchmarks.Tabular.AdultEfficacyBaseline.Run(rest);
    case "tabular":
        return Microsoft.ML.Gan.Benchmarks.Tabular.TabularBenchmark.Run(rest);
    case "sidebyside":
        return Microsoft.ML.Gan.Benchmarks.Tabular.SideBySideBenchmark.Run(rest);
    case "generalise":
        return Microsoft.ML.Gan.Benchmarks.Generalise.GeneraliseBenchmark.Run(rest);
    case "suite":
        return Microsoft.ML.Gan.Benchmarks.Suite.SuiteBenchmark.Run(rest);
    case "training":
        return TrainingBenchmark.Run(rest);
    case "speed":
        return SpeedBenchmark.Run(rest);
    case "gpu":
        return Microsoft.ML.Gan.Benchmarks.Gpu.GpuBenchmark.Run(rest);
    case "compare":
        return CompareBenchmark.Run(rest);
    case "scale":
        return ScaleBenchmark.Run(rest);
    case "scale-child": // hidden: one epoch of the scale area in its own process
        return ScaleBenchmark.Child(rest);
    case "scale-fit": // hidden: one Fit of the scale area in its own process
        return FitMemory.Child(rest);
    case "table-stream":
        return TableStreamBenchmark.Run(rest);
    case "table-stream-child": // hidden: one streamed generation in its own process
        return TableStreamBenchmark.Child(rest);
    case "busy":
        return BusyMachineBenchmark.Run(rest);
    case "busy-child": // hidden: one Fit of the busy area in its own process
        return BusyMachineBenchmark.Child(rest);
    case "busy-spin": // hidden: keeps one core busy until killed
        return BusyMachineBenchmark.Spin();
    case "categories":
        return HighCardinalityBenchmark.Run(rest);
    case "categories-child": // hidden: one Fit of the categories area in its own process
        return HighCardinalityBenchmark.Child(rest);
    case "table-fit":
        return TableFitBenchmark.Run(rest);
    case "table-fit-child": // hidden: one TabularGan Fit in its own process
        return TableFitBenchmark.Child(rest);
    case "soak":
        return SoakBenchmark.Run(rest);
    case "curves":
        return ScalingCurves.Run(Options.String(rest, "--png-dir", ".")!, Options.Int(rest, "--reps", 1), Options.Int(rest, "--threads", Environment.ProcessorCount));
    case "bdn":
        if (rest.Length > 0 && !rest[0].StartsWith('-'))
            rest = new[] { "--filter" }.Concat(rest).ToArray();
        var config = BdnConfig(ref rest);
        BenchmarkSwitcher.FromAssembly(typeof(PersistenceBenchmarks).Assembly).Run(rest, config);
        return 0;
    default:
        Console.Error.WriteLine("usage: Microsoft.ML.Gan.Benchmarks <command> [args...]");
        Console.Error.WriteLine("  persistence        save/load size and timings of a 2-D and a ~1M-parameter model (markdown table)");
        Console.Error.WriteLine("  hostile-files      model files declaring huge sizes (valid checksum): refusal, time, peak RSS (markdown table)");
        Console.Error.WriteLine("  training [--steps 1000] [--reps 3] [--threads N]  Fit and generation vs a bare TorchSharp loop (markdown table)");
        Console.Error.WriteLine("  speed [--rounds 5] [--epochs 20] [--dcgan-steps 100] [--threads N]  Fit vs plain and like-for-like loops, generation, ceiling shares");
        Console.Error.WriteLine("  compare [--reps 3] [--threads N] [--workloads mlp2,mlp100,dcgan] [--no-pytorch]  Fit vs bare TorchSharp vs PyTorch, GFLOP/s vs ceiling");
        Console.Error.WriteLine("  scale [--sizes 100000,1000000,10000000] [--reps 3] [--batch 1024] [--buffer 65536] [--budgets B1,B2] [--no-epochs] [--no-fit] [--png-dir docs/images]");
        Console.Error.WriteLine("                     streaming vs in-memory epochs and peak RSS; Fit's peak RSS against MemoryBudgetBytes; curves");
        Console.Error.WriteLine("  table-stream [--rows 10000,10000000] [--columns 8|15]  peak memory and speed of streaming generated table rows (child processes)");
        Console.Error.WriteLine("  busy [--workloads table,adult,mlp,dcgan] [--threads auto,1,2] [--spin library,0,...] [--neighbours 0,1] [--rounds 2]  Fit beside busy processes");
        Console.Error.WriteLine("  table-fit [--runs rows:budget,...]  TabularGan Fit in memory and streamed: times and peak memory (child processes)");
        Console.Error.WriteLine("  curves [--png-dir DIR] [--reps 1]  only the Fit scaling curves (time per epoch vs rows and vs batch size)");
        Console.Error.WriteLine("  adult [--csv path] [--seed 1]  Adult efficacy baseline: FastTree and logistic regression on the real 80%");
        Console.Error.WriteLine("  tabular [--epochs 100] [--seed 1] [--csv path] [--batch 500] [--ema 0.999] [--privacy]  TabularGan on Adult (markdown tables; --privacy adds the privacy checks)");
        Console.Error.WriteLine("  soak [--steps 100000] [--batch 64] [--threads 1]  native memory growth over a long Fit (goal < 5%)");
        Console.Error.WriteLine("  sidebyside [--seeds 1,2,3] [--epochs N] [--peer-epochs 300] [--only ours|peer] [--set Name=value,...]  TabularGan vs the reference CTGAN on the same Adult splits");
        Console.Error.WriteLine("  generalise [--tables generated,small] [--seeds 1,2,3] [--epochs N] [--set Name=value,...]  defaults on tables not tuned on: R², missingness F1, quality, closest-row distance");
        Console.Error.WriteLine("  suite [--tables a,b] [--seeds 1,2,3] [--epochs N] [--vae on|off] [--vae-epochs N] [--peer on|off] [--peer-epochs 300] [--work dir] [--set Name=value,...] [--only peer] [--out docs/BENCHMARKS.md]  tables users bring: TabularGan and TVAE vs the reference CTGAN");
        Console.Error.WriteLine("  gpu [--device cuda|cpu] [--reps 3] [--mlp-steps 2000] [--dcgan-steps 500] [--adult-epochs 10] [--adult-rows N] [--csv path] [--only mlp,dcgan,adult] [--cpu-path]");
        Console.Error.WriteLine("                     Fit vs a plain loop on one CUDA device (ms a step), TabularGan on Adult (s an epoch); skipped without CUDA; --device cpu: a dry run");
        Console.Error.WriteLine("  sequences [--sets sines,stocks] [--runs 3] [--seed 1] [--csv path] [--png dir] [--discriminative-steps 2000] [--predictive-steps 5000]  scoring baselines (markdown table)");
        Console.Error.WriteLine("  mixtures [--seeds 3] [--epochs 100] [--datasets ring,grid] [--configs Default,Mmd,...]");
        Console.Error.WriteLine("  bdn [filter|args]  BenchmarkDotNet, e.g. `bdn *Persistence*` or `bdn --list flat`");
        return command is "" or "-h" or "--help" or "help" ? 0 : 2;
}

// BenchmarkDotNet builds each job as a generated project under bin/ that sets ImportDirectoryBuildTargets=false,
// so the repo's Directory.Build.targets (the TorchSharp native fix for Debian 12's libstdc++) would be skipped
// and libLibTorchSharp.so would fail to load there. A global MSBuild property wins over the project's own
// setting, so every job gets /p:ImportDirectoryBuildTargets=true. A config's default job replaces the one
// --job names, so --job is read here (and removed) to pick the base job that the argument is added to.
static IConfig BdnConfig(ref string[] args)
{
    Job baseJob = Job.Default;
    var rest = new List<string>();
    for (int i = 0; i < args.Length; i++)
    {
        if ((args[i] is "--job" or "-j") && i + 1 < args.Length)
        {
            baseJob = args[++i].ToLowerInvariant() switch
            {
                "default" => Job.Default,
                "dry" => Job.Dry,
                "short" => Job.ShortRun,
                "medium" => Job.MediumRun,
                "long" => Job.LongRun,
                "verylong" => Job.VeryLongRun,
                var other => throw new ArgumentException($"Unknown --job '{other}'; use default, dry, short, medium, long or verylong."),
            };
        }
        else
            rest.Add(args[i]);
    }
    args = rest.ToArray();
    return DefaultConfig.Instance.AddJob(
        baseJob.WithArguments(new[] { new MsBuildArgument("/p:ImportDirectoryBuildTargets=true") }).AsDefault());
}
