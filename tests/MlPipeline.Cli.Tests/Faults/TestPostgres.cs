using System.Diagnostics;

namespace MlPipeline.Cli.Tests.Faults;

/// <summary>The test PostgreSQL server that tests/ci-postgres.sh starts (tests/run.sh does it): its connection string and restart command.</summary>
internal static class TestPostgres
{
    public const string Variable = "MLPIPELINE_TEST_POSTGRES";
    public const string RestartVariable = "MLPIPELINE_TEST_POSTGRES_RESTART";

    public static string ConnectionString() => Required(Variable);

    /// <summary>Restarts the server (fast shutdown: live sessions are cut) and returns once it accepts connections again.</summary>
    public static void Restart()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Required(RestartVariable));
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the PostgreSQL restart did not finish");
        }
        Assert.True(process.ExitCode == 0, $"the PostgreSQL restart failed: {error.Result}");
    }

    private static string Required(string variable)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
            Assert.Fail($"{variable} is not set. Start a test server with: eval \"$(sudo bash tests/ci-postgres.sh)\" and rerun.");
        return value!;
    }
}
