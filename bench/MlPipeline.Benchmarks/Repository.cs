using System.Diagnostics;

namespace MlPipeline.Benchmarks;

/// <summary>The repository the benchmark runs from, its built CLI, and child processes.</summary>
internal static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlPipeline.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("MlPipeline.sln not found above the benchmark's build output");
    }

    /// <summary>The CLI's Release build (built first), so a benchmark measures the command a user runs.</summary>
    public static string Cli(string root)
    {
        var project = Path.Combine(root, "src", "MlPipeline.Cli");
        var (code, output, error) = Run("dotnet", ["build", project, "-c", "Release", "--nologo", "-v", "q"]);
        if (code != 0) throw new InvalidOperationException($"building the CLI failed: {output}{error}");
        return Path.Combine(project, "bin", "Release", "net10.0", "MlPipeline.Cli.dll");
    }

    /// <summary>Runs a child process to its end; <paramref name="whileRunning"/> is called with its id every 250 ms meanwhile.</summary>
    public static (int Code, string Output, string Error) Run(string file, IEnumerable<string> arguments, Action<int>? whileRunning = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (whileRunning is null) process.WaitForExit();
        else while (!process.WaitForExit(250)) whileRunning(process.Id);
        return (process.ExitCode, output.Result, error.Result);
    }
}
