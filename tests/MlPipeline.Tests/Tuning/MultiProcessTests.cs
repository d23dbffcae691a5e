using System.Diagnostics;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Pruners;
using MlPipeline.Tuning.Samplers;
using MlPipeline.Tuning.Storage;
using static MlPipeline.Tests.Tuning.TuningTestKit;

namespace MlPipeline.Tests.Tuning;

/// <summary>Real worker processes (tests/MlPipeline.Tests.TuningWorker) sharing one study.</summary>
public sealed class MultiProcessTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);

    public static TheoryData<string> SharedBackends => ["sqlite", "postgres"];

    private static string Url(string backend) =>
        backend == "sqlite" ? "sqlite:" + TempSqlitePath() : PostgresConnectionString();

    private static Process StartWorker(string url, string study, int nTrials, string mode, int seed)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MlPipeline.Tests.TuningWorker.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, url, study, nTrials.ToString(), mode, seed.ToString() }) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static void WaitOk(Process p)
    {
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(Guard))
        {
            p.Kill(true);
            Assert.Fail("worker did not finish within the guard time");
        }

        Assert.True(p.ExitCode == 0, $"worker exit {p.ExitCode}: {stderr.Result}");
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > Guard) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(100);
        }
    }

    [Theory]
    [MemberData(nameof(SharedBackends))]
    public void FourProcesses_25TrialsEach_Record100UniqueTrials(string backend)
    {
        // Given 4 worker processes on one study, each asked for 25 trials
        var url = Url(backend);
        var name = UniqueName("mp");
        var workers = Enumerable.Range(0, 4).Select(i => StartWorker(url, name, 25, "quick", i)).ToList();
        workers.ForEach(WaitOk);

        // Then exactly 100 complete trials with numbers 0..99
        var storage = StudyStorageFactory.Open(url);
        var study = storage.FindStudy(name)!;
        var trials = storage.GetAllTrials(study.StudyId);
        Assert.Equal(100, trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal(Enumerable.Range(0, 100), trials.Select(t => t.Number).OrderBy(n => n));
    }

    [Theory]
    [MemberData(nameof(SharedBackends))]
    public void WorkerKilledMidTrial_StaleHeartbeat_TrialFailedAndStudyCompletes(string backend)
    {
        // Given a worker that hangs inside its first trial, killed (SIGKILL) once the trial is running
        var url = Url(backend);
        var name = UniqueName("kill");
        var storage = StudyStorageFactory.Open(url);
        using var worker = StartWorker(url, name, 1, "hang", 1);
        WaitUntil(() => storage.FindStudy(name) is { } s && storage.GetAllTrials(s.StudyId).Any(t => t.State == TrialState.Running && t.Params.Count == 2), "a running trial");
        worker.Kill(entireProcessTree: true);
        worker.WaitForExit();
        var killedAt = DateTimeOffset.UtcNow;

        // When a live worker joins with heartbeats and retries after the grace period
        var study = Study.CreateOrLoad(name, storage, sampler: new RandomSampler(2), pruner: new NopPruner());
        study.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        study.GracePeriod = TimeSpan.FromSeconds(1);
        study.RetryStaleTrials = true;
        var dead = storage.GetAllTrials(study.StudyId).Single();
        WaitUntil(() => DateTimeOffset.UtcNow - killedAt > TimeSpan.FromSeconds(2), "the grace period to pass");
        study.Optimize(t => t.SuggestFloat("x", -5, 5) + t.SuggestInt("k", 0, 20), nTrials: 5);

        // Then the dead trial is Failed for its heartbeat, its params were retried, and 5 trials completed
        var trials = study.Trials;
        Assert.Equal(TrialState.Failed, trials[0].State);
        Assert.Contains("Heartbeat", trials[0].FailReason);
        Assert.Equal(5, trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal(dead.Params["x"], trials[1].Params["x"]);
    }

    [Fact]
    public void KillNine_ThenRerun_KeepsEveryCompletedTrialAndResumes()
    {
        // Given a SQLite worker killed with SIGKILL after at least 5 trials completed
        var url = "sqlite:" + TempSqlitePath();
        var name = UniqueName("resume");
        var storage = StudyStorageFactory.Open(url);
        using (var worker = StartWorker(url, name, 10_000, "slow", 3))
        {
            WaitUntil(() => storage.FindStudy(name) is { } s && storage.CountTrials(s.StudyId, [TrialState.Complete]) >= 5, "5 complete trials");
            worker.Kill(entireProcessTree: true);
            worker.WaitForExit();
        }

        var id = storage.FindStudy(name)!.StudyId;
        var before = storage.GetAllTrials(id, [TrialState.Complete]).ToDictionary(t => t.Number, t => t.Value);

        // When a worker reruns the same study for 5 trials
        WaitOk(StartWorker(url, name, 5, "quick", 4));

        // Then every trial completed before the kill is still there unchanged, and 5 more completed
        var after = storage.GetAllTrials(id);
        foreach (var (number, value) in before) Assert.Equal(value, after.Single(t => t.Number == number).Value);
        Assert.Equal(before.Count + 5, after.Count(t => t.State == TrialState.Complete));
        Assert.Equal(after.Count, after.Select(t => t.Number).Distinct().Count());
    }
}
