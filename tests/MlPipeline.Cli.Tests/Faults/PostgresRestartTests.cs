using System.Globalization;
using System.Text.RegularExpressions;
using MlPipeline.Testing;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Storage;
using Xunit.Abstractions;

namespace MlPipeline.Cli.Tests.Faults;

/// <summary>Workers on a real PostgreSQL server: a restart mid-sweep, and a worker with other data.</summary>
[Collection(FaultsCollection.Name)]
public sealed partial class PostgresRestartTests(ITestOutputHelper output) : IDisposable
{
    private const int TrialsEach = 14;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Two_Workers_Reconnect_After_The_Server_Restarts_Mid_Sweep_And_Finish_Exactly_The_Trials_Asked_For()
    {
        // Given: two worker processes on one PostgreSQL study, each asked for 14 trials, with their own sampler seeds
        var connection = TestPostgres.ConnectionString();
        var name = $"restart-{Guid.NewGuid():N}";
        var data = _dir.Write("d.csv", SyntheticData.Csv(200));
        string[] Worker(int seed) =>
        [
            "worker", "--dataset", data, "--label-col", "y", "--trainers", "sdca,ols,ridge,fasttree", "--study", name,
            "--storage", connection, "--max-trials", TrialsEach.ToString(CultureInfo.InvariantCulture), "--parallelism", "1",
            "--train-time", "300", "--sampler-seed", seed.ToString(CultureInfo.InvariantCulture),
        ];
        using var storage = SqlStudyStorage.OpenPostgres(connection);
        using var first = CliProcess.Start(_dir.Path, Worker(1));
        using var second = CliProcess.Start(_dir.Path, Worker(2));

        // When: the server goes down once both workers are sweeping (two trials finished, most still to run) and comes
        // back after 8 s, longer than a few quick retries last (the storage's retries before this test gave up after ~6 s)
        var finishedAtRestart = WaitForFinishedTrials(storage, name, 2, [first, second]);
        TestPostgres.Restart(TimeSpan.FromSeconds(8));
        var codes = (first.WaitForExit(), second.WaitForExit());

        // Then: both workers came back and ended well, and the study holds exactly the 28 trials asked for, numbered 0..27
        Assert.True(codes == (0, 0), $"exit codes {codes}; first: {Tail(first.Error)}; second: {Tail(second.Error)}");
        Assert.True(finishedAtRestart < 2 * TrialsEach, "the restart came after the sweep");
        var study = storage.FindStudy(name)!;
        var trials = storage.GetAllTrials(study.StudyId);
        Assert.Equal(2 * TrialsEach, trials.Count(t => t.State.IsFinished()));
        Assert.DoesNotContain(trials, t => t.State == TrialState.Running);
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number).Order());
        Assert.DoesNotContain(trials, t => t.FailReason?.Contains("Heartbeat", StringComparison.OrdinalIgnoreCase) == true);
        // No trial was lost to the outage: a storage write inside a trial waits for the server instead of failing it
        Assert.DoesNotContain(trials, t => t.FailReason?.Contains("Npgsql", StringComparison.Ordinal) == true);
        var reconnects = new[] { first, second }.Select(w => Reconnects(w.Error)).ToList();
        output.WriteLine($"figures: trials finished when the server restarted {finishedAtRestart}, after {trials.Count} "
            + $"({trials.Count(t => t.State == TrialState.Complete)} complete, {trials.Count(t => t.State == TrialState.Failed)} failed, {trials.Count(t => t.State == TrialState.Pruned)} pruned); "
            + $"storage operations that lost the connection and got it back: worker 1 {reconnects[0]}, worker 2 {reconnects[1]}; "
            + $"failed: {string.Join("; ", trials.Where(t => t.State == TrialState.Failed).Select(t => $"#{t.Number} {t.FailReason}"))}");
    }

    [Fact]
    public void A_Worker_With_Other_Data_Than_The_Postgres_Study_Exits_2_With_One_Line()
    {
        // Given: a PostgreSQL study that a worker created on one file
        var connection = TestPostgres.ConnectionString();
        var name = $"other-{Guid.NewGuid():N}";
        string[] OneTrial(string dataset) =>
            ["worker", "--dataset", dataset, "--label-col", "y", "--trainers", "sdca", "--study", name, "--storage", connection,
                "--max-trials", "1", "--parallelism", "1", "--quiet"];
        using (var creator = CliProcess.Start(_dir.Path, OneTrial(_dir.Write("d.csv", SyntheticData.Csv(120)))))
        {
            Assert.True(creator.WaitForExit() == 0, creator.Error);
        }

        // When: a worker joins with other data
        using var other = CliProcess.Start(_dir.Path, OneTrial(_dir.Write("other.csv", SyntheticData.Csv(121))));
        var code = other.WaitForExit();

        // Then: exit 2, one line saying what differs, and no trial of it in the study
        Assert.Equal(2, code);
        Assert.Single(other.Error.Trim().Split('\n'));
        Assert.Contains($"study '{name}' was created for other data", other.Error);
        using var storage = SqlStudyStorage.OpenPostgres(connection);
        Assert.Single(storage.GetAllTrials(storage.FindStudy(name)!.StudyId));
    }

    private static int WaitForFinishedTrials(IStudyStorage storage, string name, int count, CliProcess[] workers)
    {
        var deadline = DateTime.UtcNow + CliProcess.Guard;
        while (DateTime.UtcNow < deadline)
        {
            if (storage.FindStudy(name) is { } study && storage.GetAllTrials(study.StudyId).Count(t => t.State.IsFinished()) is var n && n >= count) return n;
            if (workers.FirstOrDefault(w => w.HasExited) is { } ended) Assert.Fail($"a worker ended before the restart: {Tail(ended.Error)}");
            Thread.Sleep(50);
        }
        Assert.Fail($"no {count} finished trials within {CliProcess.Guard}");
        return 0;
    }

    private static int Reconnects(string error) =>
        ReconnectLine().Match(error) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    private static string Tail(string text) => string.Join(" | ", text.Trim().Split('\n').TakeLast(3));

    [GeneratedRegex(@"lost and restored (\d+) times")]
    private static partial Regex ReconnectLine();
}
