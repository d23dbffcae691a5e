using System.Diagnostics;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Pruners;
using MlPipeline.Tuning.Samplers;
using MlPipeline.Tuning.Storage;
using static MlPipeline.Benchmarks.CommandLine;

namespace MlPipeline.Benchmarks.Tuning;

/// <summary>Prints sampler quality, suggest latency and storage throughput tables. Args: [--seeds N] [--only quality|suggest|storage].</summary>
internal static class TuningBench
{
    public static int Run(string[] args)
    {
        var seeds = Arg(args, "--seeds", 30);
        var only = Arg(args, "--only");
        if (only is null or "quality") Quality(seeds);
        if (only is null or "suggest") SuggestLatency();
        if (only is null or "storage") StorageThroughput();
        return 0;
    }

    private static void Quality(int seeds)
    {
        Console.WriteLine($"## Best value (median [IQR] over {seeds} seeds)");
        Console.WriteLine($"{"function",-14} {"sampler",-10} {"after 50",-28} {"after 200",-28}");
        var functions = new (string Name, Func<Trial, double> F)[]
        {
            ("Quadratic2D", TestFunctions.Quadratic), ("Branin", TestFunctions.Branin),
            ("Hartmann6", TestFunctions.Hartmann6), ("Rosenbrock10", TestFunctions.Rosenbrock10),
        };
        var samplers = new (string Name, Func<int, ISampler> Make)[]
        {
            ("Random", s => new RandomSampler(s)), ("TPE", s => new TpeSampler(s)),
            ("TPE-mv", s => new TpeSampler(s, new TpeSettings(Multivariate: true))),
        };
        foreach (var (fname, f) in functions)
        {
            foreach (var (sname, make) in samplers)
            {
                var at50 = new double[seeds];
                var at200 = new double[seeds];
                Parallel.For(0, seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, s =>
                {
                    var study = Study.Create("bench", sampler: make(s), pruner: new NopPruner());
                    study.Optimize(f, nTrials: 200);
                    var values = study.Trials.Select(t => t.Value ?? double.PositiveInfinity).ToArray();
                    at50[s] = values.Take(50).Min();
                    at200[s] = values.Min();
                });
                Console.WriteLine($"{fname,-14} {sname,-10} {Summary(at50),-28} {Summary(at200),-28}");
            }
        }

        Console.WriteLine();
    }

    private static void SuggestLatency()
    {
        Console.WriteLine("## TPE time per suggest (4 float params, in-memory)");
        Console.WriteLine($"{"completed",-10} {"sampler",-10} {"ms/suggest",12}");
        foreach (var n in new[] { 100, 1000 })
        {
            foreach (var (name, sampler) in new (string, ISampler)[]
                     { ("TPE", new TpeSampler(1)), ("TPE-mv", new TpeSampler(1, new TpeSettings(Multivariate: true))) })
            {
                var study = Study.Create("lat", sampler: new RandomSampler(1), pruner: new NopPruner());
                study.Optimize(Four, nTrials: n);
                var timed = Study.CreateOrLoad("lat", study.Storage, sampler: sampler, pruner: new NopPruner());
                const int reps = 20;
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < reps; i++)
                {
                    var t = timed.Ask();
                    Four(t);
                    timed.Tell(t, TrialState.Failed, null, "timing only");
                }

                Console.WriteLine($"{n,-10} {name,-10} {sw.Elapsed.TotalMilliseconds / (reps * 4),12:F3}");
            }
        }

        Console.WriteLine();
    }

    private static double Four(Trial t) => Enumerable.Range(0, 4).Sum(i => Math.Pow(t.SuggestFloat($"p{i}", 0, 1) - 0.3, 2));

    private static void StorageThroughput()
    {
        Console.WriteLine("## Storage throughput (Random sampler, 2 params, trivial objective)");
        Console.WriteLine($"{"backend",-12} {"workers",8} {"trials",8} {"trials/s",10}");
        var pg = Environment.GetEnvironmentVariable("MLPIPELINE_TEST_POSTGRES");
        var backends = new List<(string, Func<IStudyStorage>)>
        {
            ("memory", () => new InMemoryStudyStorage()),
            ("sqlite", () => SqlStudyStorage.OpenSqlite(Path.Combine(Path.GetTempPath(), $"tuning-bench-{Guid.NewGuid():N}.db"))),
        };
        if (!string.IsNullOrEmpty(pg)) backends.Add(("postgresql", () => SqlStudyStorage.OpenPostgres(pg)));
        else Console.WriteLine("(postgresql skipped: MLPIPELINE_TEST_POSTGRES not set; see tests/ci-postgres.sh)");
        foreach (var (name, open) in backends)
        {
            foreach (var workers in new[] { 1, 4 })
            {
                var storage = open();
                var study = Study.Create($"tp-{Guid.NewGuid():N}", storage, sampler: new RandomSampler(1), pruner: new NopPruner());
                var n = name == "memory" ? 5000 : 400;
                var sw = Stopwatch.StartNew();
                study.Optimize(t => t.SuggestFloat("x", 0, 1) + t.SuggestInt("k", 0, 9), nTrials: n, parallelism: workers);
                Console.WriteLine($"{name,-12} {workers,8} {n,8} {n / sw.Elapsed.TotalSeconds,10:F0}");
                (storage as IDisposable)?.Dispose();
            }
        }

        Console.WriteLine();
    }

    private static string Summary(double[] values)
    {
        var s = values.OrderBy(v => v).ToArray();
        double Q(double p)
        {
            var pos = p * (s.Length - 1);
            var lo = (int)Math.Floor(pos);
            var hi = (int)Math.Ceiling(pos);
            return s[lo] + (s[hi] - s[lo]) * (pos - lo);
        }

        return $"{Q(0.5),9:G4} [{Q(0.25):G4}, {Q(0.75):G4}]";
    }
}
