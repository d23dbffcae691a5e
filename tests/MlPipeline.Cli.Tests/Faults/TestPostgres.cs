using System.Diagnostics;

namespace MlPipeline.Cli.Tests.Faults;

/// <summary>The test PostgreSQL server that tests/ci-postgres.sh starts (tests/run.sh does it): its connection string, stop and start commands.</summary>
internal static class TestPostgres
{
    public const string Variable = "MLPIPELINE_TEST_POSTGRES";
    public static string ConnectionString() => Required(Variable);

    public const string StopVariable = "MLPIPELINE_TEST_POSTGRES_STOP";
    public const string StartVariable = "MLPIPELINE_TEST_POSTGRES_START";

    /// <summary>
    /// Stops the server (fast shutdown: live sessions are cut), keeps it down for <paramref name="outage"/>, starts it
    /// and returns once it accepts connections again.
    /// </summary>
    public static void Restart(TimeSpan outage)
    {
        var stop = Required(StopVariable);
        var start = Required(StartVariable);
        Run(stop);
        Thread.Sleep(outage);
        Run(start);
    }

    private static void Run(string command)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{command}' did not finish");
        }
        Assert.True(process.ExitCode == 0, $"'{command}' failed: {error.Result}");
    }

    private static string Required(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
            Assert.Fail($"{variable} is not set. Start a test server with: eval \"$(sudo bash tests/ci-postgres.sh)\" and rerun.");
        return value!;
    }
}
