using MlPipeline.Tuning;
using MlPipeline.Tuning.Pruners;
using MlPipeline.Tuning.Samplers;
using MlPipeline.Tuning.Storage;

namespace MlPipeline.Tests.Tuning;

public sealed class StudyTests
{
    private static double Objective(Trial t)
    {
        var x = t.SuggestFloat("x", -5, 5);
        var n = t.SuggestInt("n", 1, 64, log: true);
        var kind = t.SuggestCategorical("kind", ["a", "b"]);
        return x * x + Math.Log(n) + (kind == "a" ? 0 : 1);
    }

    [Fact]
    public void Optimize_SameSeed_ProducesIdenticalTrials()
    {
        // Given two studies with the same TPE seed, When both optimise, Then every trial's params match
        var a = Study.Create("a", sampler: new TpeSampler(seed: 7));
        var b = Study.Create("b", sampler: new TpeSampler(seed: 7));
        a.Optimize(Objective, nTrials: 25);
        b.Optimize(Objective, nTrials: 25);
        Assert.Equal(a.Trials.Select(t => string.Join(",", t.Params.OrderBy(p => p.Key))),
            b.Trials.Select(t => string.Join(",", t.Params.OrderBy(p => p.Key))));
        var c = Study.Create("c", sampler: new TpeSampler(seed: 8));
        c.Optimize(Objective, nTrials: 25);
        Assert.NotEqual(a.Trials.Select(t => t.Params["x"]), c.Trials.Select(t => t.Params["x"]));
    }

    [Fact]
    public void Optimize_ObjectiveThrowsOrReturnsNaN_TrialFailsAndStudyGoesOn()
    {
        // Given an objective that throws on trial 1 and returns NaN on trial 2
        var study = Study.Create("s", sampler: new RandomSampler(1));
        study.Optimize(t => t.Number switch
        {
            1 => throw new InvalidOperationException("boom"),
            2 => double.NaN,
            _ => t.SuggestFloat("x", 0, 1),
        }, nTrials: 5);

        // Then those two trials are Failed with a reason and the others Complete
        var trials = study.Trials;
        Assert.Equal(5, trials.Count);
        Assert.Equal(TrialState.Failed, trials[1].State);
        Assert.Contains("boom", trials[1].FailReason);
        Assert.Equal(TrialState.Failed, trials[2].State);
        Assert.Contains("NaN", trials[2].FailReason);
        Assert.Equal(3, trials.Count(t => t.State == TrialState.Complete));
    }

    [Fact]
    public void EnqueueTrial_FixedParams_RunFirstWithThoseValues()
    {
        // Given a known-good configuration enqueued
        var study = Study.Create("s", sampler: new RandomSampler(3));
        study.EnqueueTrial(new Dictionary<string, object> { ["x"] = 0.25, ["kind"] = "b", ["n"] = 8 });

        // When the study runs
        study.Optimize(Objective, nTrials: 3);

        // Then trial 0 used exactly those values
        var first = study.Trials[0];
        Assert.Equal(0.25, first.Params["x"]);
        Assert.Equal("b", first.Params["kind"]);
        Assert.Equal(8, first.Params["n"]);
        Assert.Equal(3, study.Trials.Count);
    }

    [Fact]
    public void FixParams_AfterABranchWasSampled_FixesOnlyTheParametersStillToCome()
    {
        // Given a running trial that sampled its branch, then fixed that branch's values and a value already drawn
        var study = Study.Create("s", sampler: new RandomSampler(3));
        var trial = study.Ask();
        var kind = trial.SuggestCategorical("kind", ["a", "b"]);
        trial.FixParams(new Dictionary<string, object> { ["kind"] = kind == "a" ? "b" : "a", ["x"] = 0.25, ["n"] = 8 });

        // When the rest is suggested
        var x = trial.SuggestFloat("x", 0, 1);
        var n = trial.SuggestInt("n", 1, 10);
        study.Tell(trial, x);

        // Then the fixed values came back and were recorded; the branch already drawn stayed as it was
        Assert.Equal((0.25, 8), (x, n));
        var recorded = study.Trials[0];
        Assert.Equal(kind, recorded.Params["kind"]);
        Assert.Equal(0.25, recorded.Params["x"]);
        Assert.Equal(8, recorded.Params["n"]);
    }

    [Fact]
    public void Tell_TrialAlreadyFinished_IsRefused()
    {
        // Given an ask/tell trial that was told once
        var study = Study.Create("s");
        var trial = study.Ask();
        trial.SuggestFloat("x", 0, 1);
        study.Tell(trial, 1.5);

        // When told again, Then storage refuses so the trial is recorded exactly once
        Assert.Throws<InvalidOperationException>(() => study.Tell(trial, 2.5));
        Assert.Equal(1.5, study.BestValue);
    }

    [Fact]
    public void Suggest_SameNameTwice_ReturnsSameValueAndRejectsOtherDomain()
    {
        // Given a trial, When one name is suggested twice, Then it returns the same value; a different domain throws
        var trial = Study.Create("s").Ask();
        var x = trial.SuggestFloat("x", 0, 1);
        Assert.Equal(x, trial.SuggestFloat("x", 0, 1));
        Assert.Throws<ArgumentException>(() => trial.SuggestFloat("x", 0, 2));
    }

    [Fact]
    public void Optimize_Parallelism_RunsExactlyNTrialsWithUniqueNumbers()
    {
        // Given 4 workers sharing one in-memory study
        var study = Study.Create("s", sampler: new TpeSampler(seed: 2));
        study.Optimize(t => { Thread.Sleep(2); return Objective(t); }, nTrials: 40, parallelism: 4);

        // Then exactly 40 trials, numbers 0..39, all complete
        Assert.Equal(Enumerable.Range(0, 40), study.Trials.Select(t => t.Number).OrderBy(n => n));
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void Optimize_WithMedianPruner_PrunesBadCurvesAndKeepsLastValue()
    {
        // Given curves whose level is the suggested offset, and a median pruner
        var study = Study.Create("s", sampler: new RandomSampler(5), pruner: new MedianPruner(nStartupTrials: 3));
        study.Optimize(t =>
        {
            var offset = t.SuggestFloat("offset", 0, 10);
            for (var step = 0; step < 5; step++)
            {
                t.Report(offset + 1.0 / (step + 1), step);
                if (t.ShouldPrune()) throw new TrialPrunedException();
            }

            return offset;
        }, nTrials: 30);

        // Then some trials were pruned, each keeping its last reported value, and the best is complete
        var pruned = study.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => Assert.Equal(t.IntermediateValues[t.LastStep!.Value], t.Value));
        Assert.All(pruned, t => Assert.True(t.Value > study.BestValue));
    }

    [Fact]
    public void CreateOrLoad_SameNameAndStorage_ResumesExistingTrials()
    {
        // Given a study with 3 trials in a storage
        var storage = new InMemoryStudyStorage();
        Study.CreateOrLoad("s", storage, StudyDirection.Maximize).Optimize(Objective, nTrials: 3);

        // When loaded again and run for 2 more, Then 5 trials with numbers 0..4 exist
        var again = Study.CreateOrLoad("s", storage, StudyDirection.Maximize);
        again.Optimize(Objective, nTrials: 2);
        Assert.Equal([0, 1, 2, 3, 4], again.Trials.Select(t => t.Number));
        Assert.Throws<InvalidOperationException>(() => Study.Create("s", storage));
        Assert.Throws<InvalidOperationException>(() => Study.CreateOrLoad("s", storage, StudyDirection.Minimize));
    }

    [Fact]
    public void Optimize_CancelledToken_StopsStartingTrials()
    {
        // Given a token cancelled by the objective at trial 3
        using var cts = new CancellationTokenSource();
        var study = Study.Create("s");
        study.Optimize(t => { if (t.Number == 3) cts.Cancel(); return 1.0; }, cancellationToken: cts.Token);

        // Then no trial after 3 started
        Assert.Equal(4, study.Trials.Count);
    }

    [Fact]
    public void Stop_CalledByAnObjective_EndsOptimizeAfterTheRunningTrialsAndNotTheNextCall()
    {
        // Given an objective that stops the study at trial 2, with no limit but a long timeout
        var study = Study.Create("s");
        study.Optimize(t => { if (t.Number == 2) study.Stop(); return 1.0; }, timeout: TimeSpan.FromMinutes(5));

        // Then trial 2 completed and none started after it; a later call runs again
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Complete], study.Trials.Select(t => t.State));
        study.Optimize(_ => 1.0, nTrials: 2);
        Assert.Equal(5, study.Trials.Count);
    }

    [Fact]
    public void Optimize_PrunedWithAReason_RecordsItAndWithoutOneRecordsNone()
    {
        var study = Study.Create("s");
        study.Optimize(t => throw (t.Number == 0 ? new TrialPrunedException("not started: 2.0 s left") : new TrialPrunedException()), nTrials: 2);

        Assert.Equal(["not started: 2.0 s left", null], study.Trials.Select(t => t.FailReason));
        Assert.All(study.Trials, t => Assert.Equal(TrialState.Pruned, t.State));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("sqlite")]
    public void Trial_FinishingAfterItWasMarkedStale_KeepsTheFailureAndWarnsInsteadOfThrowing(string backend)
    {
        // Given a running trial whose heartbeat another worker judged stale (grace period zero)
        var storage = TuningTestKit.OpenBackend(backend);
        var study = Study.Create(TuningTestKit.UniqueName("late"), storage);
        var other = Study.CreateOrLoad(study.Name, storage);
        other.HeartbeatInterval = TimeSpan.FromHours(1);
        other.GracePeriod = TimeSpan.Zero;
        var trial = study.Ask();
        Thread.Sleep(20);
        var theirs = other.Ask();

        // When its own worker finishes it
        var finished = study.Tell(trial, 1.0);

        // Then the first verdict stands and the late result is a warning
        Assert.Equal(TrialState.Failed, finished.State);
        Assert.Equal(TrialState.Failed, storage.GetTrial(trial.TrialId).State);
        Assert.Contains("marked Failed", Assert.Single(study.Warnings));
        other.Tell(theirs, 2.0);
    }

    [Fact]
    public void UserAttribute_Study_IsStoredAndReadBack()
    {
        var study = Study.Create("s");
        study.SetUserAttribute("fingerprint.label", "price");
        Assert.Equal("price", study.UserAttributes["fingerprint.label"]);
    }

    [Fact]
    public void UserAttribute_Set_IsStoredOnTrial()
    {
        // Given an objective that records an attribute, Then the frozen trial carries it
        var study = Study.Create("s");
        study.Optimize(t => { t.SetUserAttribute("model", "gbm"); return 0; }, nTrials: 1);
        Assert.Equal("gbm", study.Trials[0].UserAttributes["model"]);
        Assert.NotNull(study.Trials[0].Duration);
    }
}

public sealed class StudyFailureTests
{
    [Fact]
    public void Optimize_StorageFailsInWorkers_SurfacesErrorOnCallerInsteadOfCrashing()
    {
        // Given a storage that refuses to start trials (an infrastructure failure, not an objective error)
        var broken = Study.Create("b", new RefusingStorage());

        // Then Optimize throws on the caller's thread, sequentially and with parallel workers
        Assert.Throws<IOException>(() => broken.Optimize(_ => 1, nTrials: 4));
        var ex = Assert.ThrowsAny<Exception>(() => broken.Optimize(_ => 1, nTrials: 4, parallelism: 2));
        Assert.True(ex is IOException || (ex is AggregateException agg && agg.InnerExceptions.All(e => e is IOException)));
    }

    private sealed class RefusingStorage : IStudyStorage
    {
        private readonly InMemoryStudyStorage _inner = new();

        public StudyInfo CreateStudy(string name, StudyDirection direction) => _inner.CreateStudy(name, direction);

        public StudyInfo? FindStudy(string name) => _inner.FindStudy(name);

        public void SetStudyUserAttribute(long studyId, string key, string value) => throw new IOException();

        public IReadOnlyDictionary<string, string> GetStudyUserAttributes(long studyId) => _inner.GetStudyUserAttributes(studyId);

        public void EnqueueTrial(long studyId, IReadOnlyDictionary<string, object> fixedParams, string? key = null) => _inner.EnqueueTrial(studyId, fixedParams, key);

        public FrozenTrial StartTrial(long studyId) => throw new IOException("disk gone");

        public void SetTrialParam(long trialId, string name, Distribution distribution, double internalValue) => throw new IOException();

        public void SetIntermediateValue(long trialId, int step, double value) => throw new IOException();

        public void SetUserAttribute(long trialId, string key, string value) => throw new IOException();

        public void FinishTrial(long trialId, TrialState state, double? value, string? failReason) => throw new IOException();

        public void RecordHeartbeat(long trialId) => throw new IOException();

        public IReadOnlyList<FrozenTrial> FailStaleTrials(long studyId, TimeSpan gracePeriod) => [];

        public FrozenTrial GetTrial(long trialId) => _inner.GetTrial(trialId);

        public IReadOnlyList<FrozenTrial> GetAllTrials(long studyId, IReadOnlyCollection<TrialState>? states = null) =>
            _inner.GetAllTrials(studyId, states);
    }
}
