using System.Diagnostics;

namespace MlPipeline.Cli.Tests.Packaging;

/// <summary>Runs a program to its end (dotnet, or the installed tool) and collects what it printed.</summary>
internal static class ToolProcess
{
    /// <summary>Safety bound for one process; the slowest, packing the tool, takes under a minute.</summary>
    private static readonly TimeSpan s_guard = TimeSpan.FromMinutes(5);

    public static (int ExitCode, string Output, string Error) Run(string program, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        // `dotnet test` hands its MSBuild settings to the test host; a child build must find its own SDK and nodes.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList()) psi.Environment.Remove(key);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_guard))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not finish within {s_guard}");
        }
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
