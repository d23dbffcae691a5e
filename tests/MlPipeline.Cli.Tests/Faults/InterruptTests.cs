using MlPipeline.Testing;
using static MlPipeline.Cli.Tests.Faults.SqliteStudyFile;

namespace MlPipeline.Cli.Tests.Faults;

/// <summary>Ctrl+C (SIGINT) to a running <c>train</c>: the exit code is the README's for a cancelled run, and nothing finished is lost.</summary>
[Collection(FaultsCollection.Name)]
public sealed class InterruptTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Ctrl_C_During_The_Sweep_Exits_1_Cancelled_And_Writes_The_Best_Model_So_Far()
    {
        // Given: a train run that would sweep for two minutes, on a stored study so the test sees its trials finish
        var db = _dir.File("study.db");
        var output = _dir.File("model");
        using var cli = CliProcess.Start(_dir.Path,
        [
            "train", "--dataset", _dir.Write("d.csv", SyntheticData.Csv(200)), "--label-col", "y", "--trainers", "sdca,ols,ridge",
            "--study", "ctrl-c", "--storage", "sqlite:" + db, "--max-trials", "100000", "--parallelism", "1", "--train-time", "120",
            "--output", output, "--quiet",
        ]);
        var deadline = DateTime.UtcNow + CliProcess.Guard;
        while (Trials(db).Count(t => t.State == Complete) < 2)
        {
            Assert.False(cli.HasExited, $"train ended before Ctrl+C: {cli.Error}");
            Assert.True(DateTime.UtcNow < deadline, "no trial finished");
            Thread.Sleep(50);
        }

        // When
        cli.Interrupt();
        var code = cli.WaitForExit();

        // Then: exit 1 (README: failure, cancelled) with one line saying so, the best model so far written, the trials kept
        Assert.True(code == 1, $"exit {code}: {cli.Error}");
        Assert.Single(cli.Error.Trim().Split('\n'));
        Assert.StartsWith("error: cancelled (Ctrl+C)", cli.Error);
        Assert.True(File.Exists(Path.Combine(output, "model.zip")), "model.zip");
        Assert.True(Trials(db).Count(t => t.State == Complete) >= 2);
        Assert.Equal("ok", IntegrityCheck(db));
    }
}
