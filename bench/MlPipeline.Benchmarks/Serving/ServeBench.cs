using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using static MlPipeline.Benchmarks.CommandLine;

namespace MlPipeline.Benchmarks.Serving;

/// <summary>
/// <c>mlpipeline serve</c> as a user runs it (the CLI's Release build, its own process) under loopback HTTP clients:
/// requests/s and p50/p99 latency of <c>POST /predict</c> with one record (the server's own example record) per
/// request, at each concurrency level, each level bounded by a request count and a time. Args: [--model FILE|DIR]
/// (default: a one-trial FastTree model trained on the embedded Ames data) [--concurrency 1,32] [--requests 5000]
/// [--seconds 10].
/// </summary>
internal static partial class ServeBench
{
    public static int Run(string[] args)
    {
        var levels = (Arg(args, "--concurrency") ?? "1,32").Split(',').Select(int.Parse).ToArray();
        var requests = int.Parse(Arg(args, "--requests") ?? "5000", CultureInfo.InvariantCulture);
        var seconds = double.Parse(Arg(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        var root = Repository.Root();
        var cli = Repository.Cli(root);
        var work = Path.Combine(Path.GetTempPath(), $"serve-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var model = Arg(args, "--model") ?? Train(cli, work);
            using var server = Start(cli, model, out var address);
            try
            {
                RunLevels(address, levels, requests, TimeSpan.FromSeconds(seconds)).GetAwaiter().GetResult();
            }
            finally
            {
                Repository.Run("kill", ["-TERM", server.Id.ToString(CultureInfo.InvariantCulture)]);
                if (!server.WaitForExit(TimeSpan.FromSeconds(30))) server.Kill();
            }
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task RunLevels(Uri address, int[] levels, int requests, TimeSpan limit)
    {
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        using var schema = JsonDocument.Parse(await client.GetStringAsync("/schema"));
        var body = $"[{schema.RootElement.GetProperty("example").GetRawText()}]";
        for (var i = 0; i < 50; i++) await Post(client, body); // warm-up: JIT, connection, session
        Console.WriteLine($"serve bench: POST /predict, one record per request, loopback, at most {requests} requests or {limit.TotalSeconds:F0} s per level");
        Console.WriteLine("clients | requests | errors | requests/s | p50 ms | p99 ms");
        foreach (var clients in levels)
        {
            var latencies = new List<double>[clients];
            var errors = 0;
            var started = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var mine = latencies[c] = [];
                while (Interlocked.Increment(ref started) <= requests && clock.Elapsed < limit)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (!await Post(client, body)) Interlocked.Increment(ref errors);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            })));
            var elapsed = clock.Elapsed.TotalSeconds;
            var all = latencies.SelectMany(l => l).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{clients,7} | {all.Length,8} | {errors,6} | {all.Length / elapsed,10:F0} | {P(all, 0.5),6:F2} | {P(all, 0.99),6:F2}"));
        }
    }

    private static async Task<bool> Post(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/predict", new StringContent(body, Encoding.UTF8, "application/json"));
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }

    private static string Train(string cli, string work)
    {
        var output = Path.Combine(work, "model");
        Console.WriteLine("training a one-trial FastTree model on the embedded Ames data …");
        var (code, _, error) = Repository.Run("dotnet", [cli, "train", "--trainers", "fasttree", "--max-trials", "1", "--parallelism", "1", "--output", output, "--quiet"]);
        if (code != 0) throw new InvalidOperationException($"training failed: {error}");
        return output;
    }

    private static Process Start(string cli, string model, out Uri address)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "serve", "--model", model, "--urls", "http://127.0.0.1:0", "--quiet" }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("serve did not start");
        process.StandardOutput.ReadToEndAsync();
        while (process.StandardError.ReadLine() is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                address = new Uri(match.Groups[1].Value);
                process.StandardError.ReadToEndAsync();
                return process;
            }
        }
        process.WaitForExit();
        throw new InvalidOperationException($"serve exited with {process.ExitCode} before listening");
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    [GeneratedRegex(@"listening on (http://[^ ]+)")]
    private static partial Regex Listening();
}
