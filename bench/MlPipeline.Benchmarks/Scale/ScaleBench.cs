using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using static MlPipeline.Benchmarks.CommandLine;

namespace MlPipeline.Benchmarks.Scale;

/// <summary>
/// The large-data benchmark: generates (or reuses) a synthetic file with <c>../shared/data/make_large.py</c>, splits it
/// 80/20 by row order (its rows are independent draws), runs <c>train --train-time BUDGET</c> on the first part in a
/// child process and prints its wall clock, peak working set and CPU share (from the kernel's accounting of that
/// child), its trials completed / pruned / failed and the test R² and RMSE of its ONNX predictions by the peers'
/// scorer; then, side by side in the same run and one at a time, the <c>optuna_xgb</c> and <c>hgb</c> peers at the
/// same budget on the same split.
/// Args: [--rows 1000000] [--seconds 600] [--seed 0] [--dir DIR (where the data is kept; reused when present)] [--no-peers].
/// </summary>
internal static class ScaleBench
{
    private const string Label = "y";

    public static int Run(string[] args)
    {
        var rows = int.Parse(Arg(args, "--rows") ?? "1000000", CultureInfo.InvariantCulture);
        var seconds = int.Parse(Arg(args, "--seconds") ?? "600", CultureInfo.InvariantCulture);
        var seed = int.Parse(Arg(args, "--seed") ?? "0", CultureInfo.InvariantCulture);
        var root = Repository.Root();
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared"));
        var dir = Arg(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "mlpipeline-scale");
        Directory.CreateDirectory(dir);
        var (train, test) = Data(shared, dir, rows, seed);
        var cli = Repository.Cli(root);
        Console.WriteLine($"Scale bench: {rows:N0} rows x 20 columns (make_large.py --seed {seed}), 80/20 split, budget {seconds} s, {Environment.ProcessorCount} cores");

        var output = Path.Combine(dir, $"run-{DateTime.UtcNow:yyyyMMddHHmmss}");
        var before = Usage.Children();
        var clock = Stopwatch.StartNew();
        var (code, peak, progress, error, samples) = Watch("dotnet", [cli, "train", "--dataset", train, "--test-dataset", test, "--label-col", Label,
            "--train-time", seconds.ToString(CultureInfo.InvariantCulture), "--output", output]);
        var wall = clock.Elapsed.TotalSeconds;
        var after = Usage.Children();
        var cpu = after.CpuSeconds - before.CpuSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ours     : exit {code}, wall {wall:F1} s (rule: ≤ {1.1 * seconds + 10:F0} s), peak working set {peak / 1024.0 / 1024 / 1024:F2} GiB (kernel max RSS {after.MaxRssBytes / 1024.0 / 1024 / 1024:F2} GiB), " +
            $"CPU {cpu:F0} s = {100 * cpu / wall:F0} % of {100 * Environment.ProcessorCount} % over the whole command"));
        Console.WriteLine(SweepCpu(progress + error, samples));
        if (code != 0)
        {
            Console.WriteLine($"train failed: {error.Trim()}");
            return 1;
        }
        using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json"))))
        {
            var statuses = doc.RootElement.GetProperty("leaderboard").EnumerateArray()
                .GroupBy(e => e.GetProperty("status").GetString() ?? "?").ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);
            var messages = doc.RootElement.GetProperty("leaderboard").EnumerateArray()
                .Where(e => !string.Equals(e.GetProperty("status").GetString(), "completed", StringComparison.OrdinalIgnoreCase))
                .Select(e => $"{e.GetProperty("trainer").GetString()} {e.GetProperty("status").GetString()?.ToLowerInvariant()}: {(e.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } text ? text : e.GetProperty("status").GetString() == "pruned" ? "stopped by the pruner" : "no message")}").Distinct().Take(6);
            Console.WriteLine($"           trials: {string.Join(", ", statuses.Select(s => $"{s.Value} {s.Key.ToLowerInvariant()}"))}; winner {doc.RootElement.GetProperty("trainer").GetString()}");
            foreach (var message in messages) Console.WriteLine($"             not completed: {message}");
        }
        var ours = Score(cli, output, test, Path.Combine(shared, "peers", "metrics.py"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"           test R² {ours.R2:F4}, RMSE {ours.Rmse:G5} (ONNX predictions, peers' metrics.py)"));
        if (args.Contains("--no-peers")) return 0;

        var result = Path.Combine(dir, "peers.json");
        clock.Restart();
        var (peersCode, json, peersError) = Repository.Run("/usr/bin/python3", [Path.Combine(shared, "peers", "peers.py"), "--train", train, "--test", test,
            "--label", Label, "--budget", seconds.ToString(CultureInfo.InvariantCulture), "--seed", "42", "--out", result, "--only", "optuna_xgb,hgb"]);
        if (peersCode != 0 && !File.Exists(result))
        {
            Console.WriteLine($"peers failed: {peersError.Trim().Split('\n').LastOrDefault()}");
            return 1;
        }
        var better = double.PositiveInfinity;
        foreach (var (name, value) in JsonNode.Parse(File.ReadAllText(result))!["peers"]!.AsObject())
        {
            if (value?["rmse"] is not JsonValue rmse) continue;
            better = Math.Min(better, rmse.GetValue<double>());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-9}: test R² {value["r2"]!.GetValue<double>():F4}, RMSE {rmse.GetValue<double>():G5}, fit {value["fit_seconds"]?.GetValue<double>():F0} s{(value["n_trials"] is JsonValue t ? $", {t} trials" : "")}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio ours / better peer: {ours.Rmse / better:F4} (target ≤ 1.02); peers took {clock.Elapsed.TotalSeconds:F0} s"));
        return 0;
    }

    /// <summary>The train and test files, generated once per rows and seed and kept in <paramref name="dir"/>.</summary>
    private static (string Train, string Test) Data(string shared, string dir, int rows, int seed)
    {
        var stem = Path.Combine(dir, $"large-{rows}-{seed}");
        string train = stem + ".train.csv", test = stem + ".test.csv";
        if (File.Exists(train) && File.Exists(test)) return (train, test);
        var all = stem + ".csv";
        var (code, _, error) = Repository.Run("/usr/bin/python3", [Path.Combine(shared, "data", "make_large.py"), all,
            "--rows", rows.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture)]);
        if (code != 0) throw new InvalidOperationException($"make_large.py failed: {error}");
        var cut = rows - rows / 5;
        using (var reader = new StreamReader(all))
        using (var head = new StreamWriter(train + ".part"))
        using (var tail = new StreamWriter(test + ".part"))
        {
            var header = reader.ReadLine()!;
            head.WriteLine(header);
            tail.WriteLine(header);
            var row = 0;
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine(), row++) (row < cut ? head : tail).WriteLine(line);
        }
        File.Move(train + ".part", train);
        File.Move(test + ".part", test);
        File.Delete(all);
        return (train, test);
    }

    /// <summary>
    /// Runs a child process, following its peak resident set (VmHWM) and its CPU time (utime + stime of
    /// /proc/PID/stat, seconds since the child started) every quarter second until it exits.
    /// </summary>
    private static (int Code, long PeakBytes, string Output, string Error, List<(double Wall, double Cpu)> Samples) Watch(string file, IEnumerable<string> arguments)
    {
        long peak = 0;
        var samples = new List<(double, double)>();
        var clock = Stopwatch.StartNew();
        var (code, output, error) = Repository.Run(file, arguments, pid =>
        {
            peak = Math.Max(peak, HighWaterMark(pid));
            if (CpuSeconds(pid) is { } cpu) samples.Add((clock.Elapsed.TotalSeconds, cpu));
        });
        return (code, peak, output, error, samples);
    }

    private static double? CpuSeconds(int pid)
    {
        try
        {
            // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15, in clock ticks (100 a second on Linux).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// CPU share during the sweep alone: its window is read from the progress line "[ T s, …] sweeping N trainers for
    /// S s" (T on the command's own clock, which starts a fraction of a second after the process), and the CPU time
    /// at both ends from the samples nearest to them.
    /// </summary>
    private static string SweepCpu(string progress, List<(double Wall, double Cpu)> samples)
    {
        var match = System.Text.RegularExpressions.Regex.Match(progress, @"\[\s*([\d.]+)s,[^\]]*\][^\n]*sweeping \d+ trainers for (\d+) s");
        if (!match.Success || samples.Count < 2) return "           CPU during the sweep: not measured (no sweep line or no samples)";
        double start = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), end = start + double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var first = samples.MinBy(s => Math.Abs(s.Wall - start));
        var last = samples.MinBy(s => Math.Abs(s.Wall - end));
        if (last.Wall <= first.Wall) return "           CPU during the sweep: not measured (window too short)";
        double share = (last.Cpu - first.Cpu) / (last.Wall - first.Wall);
        return string.Create(CultureInfo.InvariantCulture,
            $"           CPU during the sweep ({first.Wall:F0}–{last.Wall:F0} s): {last.Cpu - first.Cpu:F0} s = {100 * share:F0} % of {100 * Environment.ProcessorCount} %");
    }

    private static long HighWaterMark(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static (double R2, double Rmse) Score(string cli, string output, string test, string metricsScript)
    {
        var predictions = Path.Combine(output, "test-predictions.csv");
        var (code, _, error) = Repository.Run("dotnet", [cli, "predict", "--model", Path.Combine(output, "model.onnx"), "--dataset", test, "--output", predictions, "--quiet"]);
        if (code != 0) throw new InvalidOperationException($"predict failed: {error}");
        var (scored, json, scoreError) = Repository.Run("/usr/bin/python3", [metricsScript, "--test", test, "--label", Label, "--pred", predictions, "--pred-col", "Score"]);
        if (scored != 0) throw new InvalidOperationException($"metrics.py failed: {json} {scoreError}");
        var node = JsonNode.Parse(json)!;
        return (node["r2"]!.GetValue<double>(), node["rmse"]!.GetValue<double>());
    }

    /// <summary>getrusage(RUSAGE_CHILDREN): CPU time and the largest max RSS of the children waited for so far.</summary>
    private static class Usage
    {
        private const int Children_ = -1;

        [StructLayout(LayoutKind.Sequential)]
        private struct RUsage
        {
            public long UserSeconds, UserMicroseconds, SystemSeconds, SystemMicroseconds;
            public long MaxRssKilobytes;
            public long IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NvCsw, NivCsw;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int getrusage(int who, out RUsage usage);

        public static (double CpuSeconds, long MaxRssBytes) Children()
        {
            if (getrusage(Children_, out var u) != 0) return (double.NaN, 0);
            return (u.UserSeconds + u.UserMicroseconds / 1e6 + u.SystemSeconds + u.SystemMicroseconds / 1e6, u.MaxRssKilobytes * 1024);
        }
    }
}
