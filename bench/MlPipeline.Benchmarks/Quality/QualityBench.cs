using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using static MlPipeline.Benchmarks.CommandLine;

namespace MlPipeline.Benchmarks.Quality;

/// <summary>
/// The sweep-quality benchmark: `train` at a budget on every fixed split of the shared and development sets (one
/// dataset at a time, the CLI in a child process so its wall clock is the whole command's), its ONNX predictions of
/// the test rows scored by the peers' own <c>metrics.py</c>, against the peers' results from a run of
/// <c>../shared/peers/run.sh BUDGET DIR</c> in the same session. Prints our RMSE, each peer's, the ratio to the best
/// peer, wall clock and trials per dataset and seed, then the count at or below the best peer, the count within
/// 1.05×, the geometric-mean ratio and the seed-to-seed spread; and per dataset the prediction interval's nominal level,
/// its measured coverage of the test rows and its mean width over the test labels' standard deviation (from
/// <c>metrics.json</c>), then how many datasets' coverage lies in nominal ± 0.03.
/// Args: --peers DIR [--seconds 60] [--seeds 42,43,44] [--only a,b] [--sets dev|shared|all] [--keep DIR]
/// [--trainers a,b (passed to train, e.g. the networks alone)] [--versus PEER (ratios to that peer, not the best)].
/// </summary>
internal static class QualityBench
{
    private static readonly Dictionary<string, string> s_sharedLabels = new()
    {
        ["ames"] = "Sale_Price", ["concrete"] = "compressive_strength", ["diamonds"] = "price",
    };

    public static int Run(string[] args)
    {
        var peersDir = Arg(args, "--peers") ?? throw new ArgumentException("--peers DIR (the output folder of ../shared/peers/run.sh) is required");
        var seconds = int.Parse(Arg(args, "--seconds") ?? "60", CultureInfo.InvariantCulture);
        var seeds = (Arg(args, "--seeds") ?? "42").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var only = Arg(args, "--only")?.Split(',').ToHashSet();
        var sets = Arg(args, "--sets") ?? "all";
        var keep = Arg(args, "--keep");
        var trainers = Arg(args, "--trainers");
        var versus = Arg(args, "--versus");
        var root = Repository.Root();
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared"));
        var cli = Repository.Cli(root);

        var datasets = Datasets(shared, sets).Where(d => only is null || only.Contains(d.Name)).ToList();
        Console.WriteLine($"Quality bench: budget {seconds} s, seeds {string.Join(",", seeds)}, {datasets.Count} datasets, peers from {peersDir}" +
            $"{(trainers is null ? "" : $", trainers {trainers}")}; ratio to {versus ?? "the best peer"}");
        Console.WriteLine("dataset          | seed | ours       | hgb        | rf         | ridge      | torch_mlp  | xgb        | best peer  | ratio | wall s | trials | nominal | covered | width/sd | explained (rows, additivity error) | winner");
        var ratios = new List<(string Name, double Ratio)>();
        var spreads = new List<double>();
        var coverages = new List<(string Name, double Nominal, double Coverage, double Chance)>();
        foreach (var (name, label, split) in datasets)
        {
            var peers = Peers(Path.Combine(peersDir, $"{name}.json"));
            var best = versus is null ? peers.Values.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min() : peers.GetValueOrDefault(versus, double.NaN);
            var ours = new List<double>();
            foreach (var seed in seeds)
            {
                var output = keep is null ? Path.Combine(Path.GetTempPath(), $"mlpipeline-quality-{Guid.NewGuid():N}") : Path.Combine(keep, $"{name}-{seed}");
                var run = Train(cli, $"{split}.train.csv", $"{split}.test.csv", label, seconds, seed, output, trainers);
                var rmse = run.Failed ? double.NaN : Score(cli, output, $"{split}.test.csv", label, Path.Combine(shared, "peers", "metrics.py"));
                ours.Add(rmse);
                var ratio = rmse / best;
                if (seed == seeds[0]) ratios.Add((name, ratio));
                if (seed == seeds[0] && run.Interval is { } measured) coverages.Add((name, measured.Nominal, measured.Coverage, InBand(run.TestRows, measured.Nominal)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-16} | {seed,4} | {N(rmse)} | {N(peers.GetValueOrDefault("hgb", double.NaN))} | {N(peers.GetValueOrDefault("rf", double.NaN))} | {N(peers.GetValueOrDefault("ridge", double.NaN))} | {N(peers.GetValueOrDefault("optuna_torch_mlp", double.NaN))} | {N(peers.GetValueOrDefault("optuna_xgb", double.NaN))} | {N(best)} | {ratio,5:F3} | {run.Seconds,6:F1} | {run.Trials,6} | {Interval(run.Interval)} | {run.Explained,-34} | {run.Winner}"));
                if (keep is null && Directory.Exists(output)) Directory.Delete(output, recursive: true);
            }
            if (ours.Count > 1 && ours.All(double.IsFinite)) spreads.Add((ours.Max() - ours.Min()) / ours.Average());
        }
        var finite = ratios.Where(r => double.IsFinite(r.Ratio)).ToList();
        if (coverages.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"interval coverage within nominal ± 0.03: {coverages.Count(c => Math.Abs(c.Coverage - c.Nominal) <= 0.03)} of {datasets.Count} datasets " +
                $"({coverages.Count} with an interval; median coverage {coverages.Select(c => c.Coverage).Order().ElementAt(coverages.Count / 2):F3})"));
            // What the test sets' sizes allow: with exactly calibrated intervals each test row is covered with
            // probability = nominal, so a set's measured coverage is binomial and small sets often leave the band.
            var chances = coverages.Select(c => c.Chance).ToList();
            var needed = (int)Math.Ceiling(0.8 * datasets.Count - 1e-9);
            var perSet = string.Join(", ", coverages.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Chance:F2}")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  with exactly calibrated intervals: expected {chances.Sum():F1} of {datasets.Count} in the band; P(at least {needed}) = {AtLeast(chances, needed):F2}; per set: {perSet}"));
        }
        if (finite.Count == 0) return 1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"at or below {versus ?? "the best peer"}: {finite.Count(r => r.Ratio <= 1)} of {ratios.Count}; within 1.05x: {finite.Count(r => r.Ratio <= 1.05)}; " +
            $"geometric-mean ratio {Math.Exp(finite.Average(r => Math.Log(r.Ratio))):F4}; worst {finite.MaxBy(r => r.Ratio).Name} {finite.Max(r => r.Ratio):F3}"));
        if (spreads.Count > 0)
        {
            var sorted = spreads.Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed-to-seed spread of test RMSE ((max-min)/mean over {seeds.Length} seeds): median {sorted[sorted.Count / 2]:P2}, max {sorted[^1]:P2}"));
        }
        return 0;
    }

    private static IEnumerable<(string Name, string Label, string Split)> Datasets(string shared, string sets)
    {
        if (sets is "all" or "shared")
        {
            foreach (var (name, label) in s_sharedLabels) yield return (name, label, Path.Combine(shared, "data", "splits", name));
        }
        if (sets is "all" or "dev")
        {
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(shared, "data", "dev", "manifest.json")))!;
            foreach (var d in manifest["datasets"]!.AsArray())
            {
                var name = (string)d!["name"]!;
                yield return (name, (string)d["label"]!, Path.Combine(shared, "data", "dev", "splits", name));
            }
        }
    }

    private static Dictionary<string, double> Peers(string file)
    {
        var peers = new Dictionary<string, double>();
        if (!File.Exists(file)) return peers;
        foreach (var (name, value) in JsonNode.Parse(File.ReadAllText(file))!["peers"]!.AsObject())
        {
            if (value?["rmse"] is JsonValue rmse) peers[name] = rmse.GetValue<double>();
        }
        return peers;
    }

    private sealed record TrainRun(bool Failed, double Seconds, int Trials, string Winner)
    {
        /// <summary>The prediction interval on the test rows, from metrics.json; null when the model has none.</summary>
        public (double Nominal, double Coverage, double WidthOverSd)? Interval { get; init; }

        /// <summary>The test rows the coverage was measured on.</summary>
        public int TestRows { get; init; }

        /// <summary>The test rows explained and the explanations' largest additivity error, or why there are none.</summary>
        public string Explained { get; init; } = "-";
    }

    private static string Interval((double Nominal, double Coverage, double WidthOverSd)? interval) => interval is { } i
        ? string.Create(CultureInfo.InvariantCulture, $"{i.Nominal,7:F2} | {i.Coverage,7:F3} | {i.WidthOverSd,8:F3}")
        : "      - |       - |        -";

    private static TrainRun Train(string cli, string train, string test, string label, int seconds, int seed, string output, string? trainers)
    {
        var clock = Stopwatch.StartNew();
        string[] extra = trainers is null ? [] : ["--trainers", trainers];
        var (code, _, error) = Repository.Run("dotnet", [cli, "train", "--dataset", train, "--test-dataset", test, "--label-col", label,
            "--train-time", seconds.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture), "--output", output, "--quiet", .. extra]);
        var wall = clock.Elapsed.TotalSeconds;
        var metrics = Path.Combine(output, "metrics.json");
        if (code != 0 || !File.Exists(metrics))
        {
            Console.Error.WriteLine($"train failed ({code}): {error.Trim()}");
            return new TrainRun(true, wall, 0, "failed");
        }
        using var doc = JsonDocument.Parse(File.ReadAllText(metrics));
        var trials = doc.RootElement.GetProperty("leaderboard").GetArrayLength();
        var folds = doc.RootElement.GetProperty("split").TryGetProperty("folds", out var f) ? f.GetInt32() : 1;
        var refit = doc.RootElement.GetProperty("refitOnTrainAndValidation").GetBoolean();
        // The winner, then how models were compared (cv5 / holdout) and whether the final model was refit.
        var interval = doc.RootElement.TryGetProperty("interval", out var i) && i.ValueKind == JsonValueKind.Object
            && i.GetProperty("testCoverage").ValueKind == JsonValueKind.Number
            ? (i.GetProperty("level").GetDouble(), i.GetProperty("testCoverage").GetDouble(),
                i.GetProperty("testWidthOverLabelSd").ValueKind == JsonValueKind.Number ? i.GetProperty("testWidthOverLabelSd").GetDouble() : double.NaN)
            : ((double, double, double)?)null;
        var explained = doc.RootElement.TryGetProperty("explanations", out var x) && x.ValueKind == JsonValueKind.Object
            ? x.GetProperty("rows").ValueKind == JsonValueKind.Number
                ? string.Create(CultureInfo.InvariantCulture, $"{x.GetProperty("rows").GetInt32()} rows, {x.GetProperty("additivityError").GetDouble():G2}")
                : "none: " + x.GetProperty("reason").GetString()
            : "-";
        return new TrainRun(false, wall, trials, $"{doc.RootElement.GetProperty("trainer").GetString()} ({(folds > 1 ? $"cv{folds}" : "holdout")}{(refit ? ", refit" : "")})")
        {
            Interval = interval,
            Explained = explained,
            TestRows = doc.RootElement.GetProperty("split").GetProperty("testRows").GetInt32(),
        };
    }

    /// <summary>Test RMSE of the ONNX model's predictions (the model a service would run), by the peers' scorer.</summary>
    private static double Score(string cli, string output, string test, string label, string metricsScript)
    {
        var onnx = Path.Combine(output, "model.onnx");
        var model = File.Exists(onnx) ? onnx : Path.Combine(output, "model.zip");
        if (model != onnx) Console.Error.WriteLine($"no model.onnx in {output}: scoring model.zip");
        var predictions = Path.Combine(output, "test-predictions.csv");
        var (code, _, error) = Repository.Run("dotnet", [cli, "predict", "--model", model, "--dataset", test, "--output", predictions, "--quiet"]);
        if (code != 0) throw new InvalidOperationException($"predict failed: {error}");
        var (scored, json, scoreError) = Repository.Run("/usr/bin/python3", [metricsScript, "--test", test, "--label", label, "--pred", predictions, "--pred-col", "Score"]);
        if (scored != 0) throw new InvalidOperationException($"metrics.py failed: {json} {scoreError}");
        return JsonNode.Parse(json)!["rmse"]!.GetValue<double>();
    }

    /// <summary>P(|K/n − p| ≤ 0.03) for K ~ Binomial(n, p): the chance an exact interval's coverage lands in the band.</summary>
    private static double InBand(int n, double p)
    {
        double total = 0;
        for (var k = 0; k <= n; k++)
        {
            if (Math.Abs((double)k / n - p) > 0.03 + 1e-12) continue;
            var log = LogChoose(n, k) + k * Math.Log(p) + (n - k) * Math.Log(1 - p);
            total += Math.Exp(log);
        }
        return total;
    }

    private static double LogChoose(int n, int k)
    {
        double sum = 0;
        for (var i = 1; i <= k; i++) sum += Math.Log(n - k + i) - Math.Log(i);
        return sum;
    }

    /// <summary>P(at least <paramref name="needed"/> successes) over independent events of the given chances (Poisson binomial).</summary>
    private static double AtLeast(IReadOnlyList<double> chances, int needed)
    {
        var dist = new double[chances.Count + 1];
        dist[0] = 1;
        for (var e = 0; e < chances.Count; e++)
        {
            for (var k = e + 1; k >= 1; k--) dist[k] = dist[k] * (1 - chances[e]) + dist[k - 1] * chances[e];
            dist[0] *= 1 - chances[e];
        }
        return dist.Skip(needed).Sum();
    }

    private static string N(double value) => double.IsFinite(value) ? value.ToString("G6", CultureInfo.InvariantCulture).PadLeft(10) : "         -";
}
