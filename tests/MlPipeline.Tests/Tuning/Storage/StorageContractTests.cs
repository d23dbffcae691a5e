using MlPipeline.Tuning;
using MlPipeline.Tuning.Storage;
using static MlPipeline.Tests.Tuning.TuningTestKit;

namespace MlPipeline.Tests.Tuning.Storage;

/// <summary>The <see cref="IStudyStorage"/> contract, run against every backend.</summary>
public sealed class StorageContractTests
{
    public static TheoryData<string> Backends => ["memory", "sqlite", "postgres"];

    [Theory]
    [MemberData(nameof(Backends))]
    public void Keyed_Enqueues_From_Workers_Starting_Together_Queue_The_Trial_Once(string backend)
    {
        // Given a study that four workers join at the same moment, each queueing the same two defaults by key
        var storage = OpenBackend(backend);
        var study = storage.CreateStudy(UniqueName("once"), StudyDirection.Minimize);

        // When
        Parallel.For(0, 4, _ =>
        {
            storage.EnqueueTrial(study.StudyId, new Dictionary<string, object> { ["trainer"] = "a" }, "defaults:a");
            storage.EnqueueTrial(study.StudyId, new Dictionary<string, object> { ["trainer"] = "b" }, "defaults:b");
        });
        storage.EnqueueTrial(study.StudyId, new Dictionary<string, object> { ["trainer"] = "a" });

        // Then each key queued one trial; an enqueue without a key is never merged
        var waiting = storage.GetAllTrials(study.StudyId).Where(t => t.State == TrialState.Waiting).Select(t => (string)t.FixedParams["trainer"]);
        Assert.Equal(["a", "a", "b"], waiting.Order());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Trial_FullLifecycle_IsStoredFaithfully(string backend)
    {
        // Given a study in the backend
        var storage = OpenBackend(backend);
        var study = storage.CreateStudy(UniqueName("life"), StudyDirection.Maximize);

        // When a trial gets params, intermediate values, an attribute and finishes
        var t = storage.StartTrial(study.StudyId);
        var cat = new CategoricalDistribution(["a", 2, 1.5, false]);
        storage.SetTrialParam(t.TrialId, "lr", new FloatDistribution(1e-4, 1, Log: true), 0.01);
        storage.SetTrialParam(t.TrialId, "c", cat, 2);
        storage.SetIntermediateValue(t.TrialId, 0, 0.5);
        storage.SetIntermediateValue(t.TrialId, 3, 0.75);
        storage.SetUserAttribute(t.TrialId, "note", "hello");
        storage.FinishTrial(t.TrialId, TrialState.Complete, 0.8, null);

        // Then a fresh read returns all of it
        var back = storage.GetAllTrials(study.StudyId).Single();
        Assert.Equal(0, back.Number);
        Assert.Equal(TrialState.Complete, back.State);
        Assert.Equal(0.8, back.Value);
        Assert.Equal(0.01, back.Params["lr"]);
        Assert.Equal(1.5, back.Params["c"]);
        Assert.Equal(cat, back.Distributions["c"]);
        Assert.Equal(0.75, back.IntermediateValues[3]);
        Assert.Equal("hello", back.UserAttributes["note"]);
        Assert.NotNull(back.DatetimeStart);
        Assert.NotNull(back.DatetimeComplete);
        Assert.Equal(back.Number, storage.GetBestTrial(study)!.Number);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void FinishTrial_AlreadyFinished_IsRefusedAndWritesAfterFinishFail(string backend)
    {
        // Given a finished trial
        var storage = OpenBackend(backend);
        var study = storage.CreateStudy(UniqueName("once"), StudyDirection.Minimize);
        var t = storage.StartTrial(study.StudyId);
        storage.FinishTrial(t.TrialId, TrialState.Complete, 1, null);

        // Then finishing again or writing params/values is refused and the stored value is unchanged
        Assert.Throws<InvalidOperationException>(() => storage.FinishTrial(t.TrialId, TrialState.Failed, null, "x"));
        Assert.Throws<InvalidOperationException>(() => storage.SetIntermediateValue(t.TrialId, 1, 2));
        Assert.Throws<InvalidOperationException>(() => storage.SetTrialParam(t.TrialId, "p", new IntDistribution(0, 1), 0));
        Assert.Equal(1.0, storage.GetTrial(t.TrialId).Value);
        Assert.Throws<InvalidOperationException>(() => storage.CreateStudy(study.Name, StudyDirection.Minimize));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void StartTrial_Concurrent_AllocatesUniqueConsecutiveNumbers(string backend)
    {
        // Given 4 threads each starting and finishing 10 trials on one study
        var storage = OpenBackend(backend);
        var study = storage.CreateStudy(UniqueName("conc"), StudyDirection.Minimize);
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (var i = 0; i < 10; i++)
            {
                var t = storage.StartTrial(study.StudyId);
                storage.FinishTrial(t.TrialId, TrialState.Complete, t.Number, null);
            }
        });

        // Then the 40 numbers are exactly 0..39
        Assert.Equal(Enumerable.Range(0, 40), storage.GetAllTrials(study.StudyId).Select(t => t.Number).OrderBy(n => n));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Enqueue_ThenStart_ClaimsWaitingTrialWithFixedParams(string backend)
    {
        // Given an enqueued trial
        var storage = OpenBackend(backend);
        var study = storage.CreateStudy(UniqueName("enq"), StudyDirection.Minimize);
        storage.EnqueueTrial(study.StudyId, new Dictionary<string, object> { ["depth"] = 6, ["kind"] = "gbm", ["lr"] = 0.1 });
        Assert.Equal(TrialState.Waiting, storage.GetAllTrials(study.StudyId).Single().State);

        // When a trial starts, Then it is the queued one, now Running, carrying the fixed params
        var t = storage.StartTrial(study.StudyId);
        Assert.Equal(0, t.Number);
        Assert.Equal(TrialState.Running, t.State);
        Assert.Equal(6L, t.FixedParams["depth"]);
        Assert.Equal("gbm", t.FixedParams["kind"]);
        Assert.Equal(0.1, t.FixedParams["lr"]);
        Assert.Equal(1, storage.StartTrial(study.StudyId).Number);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public void Writes_RetriedAfterALostAcknowledgement_AreAppliedOnce(string backend)
    {
        // Given a backend whose commits are acknowledged only on the second try (the first acknowledgement is lost)
        var storage = (SqlStudyStorage)OpenBackend(backend);
        var study = storage.CreateStudy(UniqueName("retry"), StudyDirection.Minimize);

        // When an enqueue is retried, then a start, then a finish
        storage.LostAcknowledgements = 1;
        storage.EnqueueTrial(study.StudyId, new Dictionary<string, object> { ["x"] = 1.5 });
        var waiting = storage.GetAllTrials(study.StudyId);
        storage.LostAcknowledgements = 1;
        var started = storage.StartTrial(study.StudyId);
        storage.LostAcknowledgements = 1;
        var fresh = storage.StartTrial(study.StudyId);
        storage.LostAcknowledgements = 1;
        storage.FinishTrial(started.TrialId, TrialState.Complete, 0.5, null);
        storage.LostAcknowledgements = 1;
        storage.SetStudyUserAttribute(study.StudyId, "k", "v");

        // Then there is one waiting trial, each start claimed one trial, and the finish did not throw
        Assert.Equal(TrialState.Waiting, Assert.Single(waiting).State);
        var all = storage.GetAllTrials(study.StudyId);
        Assert.Equal([0, 1], all.Select(t => t.Number));
        Assert.Equal(1.5, started.FixedParams["x"]);
        Assert.Equal((TrialState.Complete, 0.5), (all[0].State, all[0].Value));
        Assert.Equal((TrialState.Running, 1), (fresh.State, fresh.Number));
        Assert.Equal("v", storage.GetStudyUserAttributes(study.StudyId)["k"]);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void StudyUserAttributes_AreStoredPerStudyAndOverwritten(string backend)
    {
        var storage = OpenBackend(backend);
        var a = storage.CreateStudy(UniqueName("attrs"), StudyDirection.Minimize);
        var b = storage.CreateStudy(UniqueName("attrs"), StudyDirection.Minimize);
        storage.SetStudyUserAttribute(a.StudyId, "label", "price");
        storage.SetStudyUserAttribute(a.StudyId, "label", "cost");
        Assert.Equal("cost", storage.GetStudyUserAttributes(a.StudyId)["label"]);
        Assert.Empty(storage.GetStudyUserAttributes(b.StudyId));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void FailStaleTrials_OldHeartbeat_FailsOnlyStaleRunningTrials(string backend)
    {
        // Given a running trial whose heartbeat is older than the grace period, and a finished one
        var storage = OpenBackend(backend);
        var study = storage.CreateStudy(UniqueName("beat"), StudyDirection.Minimize);
        var done = storage.StartTrial(study.StudyId);
        storage.FinishTrial(done.TrialId, TrialState.Complete, 1, null);
        var stale = storage.StartTrial(study.StudyId);
        Thread.Sleep(300);

        // When a fresh heartbeat is checked with a long grace, nothing fails; with a short grace the stale one fails once
        Assert.Empty(storage.FailStaleTrials(study.StudyId, TimeSpan.FromMinutes(5)));
        var failed = storage.FailStaleTrials(study.StudyId, TimeSpan.FromMilliseconds(100));
        Assert.Equal(stale.TrialId, Assert.Single(failed).TrialId);
        Assert.Equal(TrialState.Failed, storage.GetTrial(stale.TrialId).State);
        Assert.Contains("Heartbeat", storage.GetTrial(stale.TrialId).FailReason);
        Assert.Empty(storage.FailStaleTrials(study.StudyId, TimeSpan.FromMilliseconds(100)));
        Assert.Equal(TrialState.Complete, storage.GetTrial(done.TrialId).State);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Snapshot_AfterLaterWrites_IsUnchanged(string backend)
    {
        // Given a snapshot taken before more writes
        var storage = OpenBackend(backend);
        var study = storage.CreateStudy(UniqueName("snap"), StudyDirection.Minimize);
        var t = storage.StartTrial(study.StudyId);
        var before = storage.GetTrial(t.TrialId);
        storage.SetIntermediateValue(t.TrialId, 0, 1);
        storage.FinishTrial(t.TrialId, TrialState.Pruned, 1, null);

        // Then the earlier snapshot still shows a Running trial without values
        Assert.Equal(TrialState.Running, before.State);
        Assert.Empty(before.IntermediateValues);
    }
}
