using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Testing;
using MlPipeline.Trainers;
using MlPipeline.Tuning;

namespace MlPipeline.Tests.Experiment;

// At a million rows an elasticnet trial drawn 2 s before the sweep's deadline, its earlier trials having taken 2.5-3.7 s,
// failed at the deadline ("Cancelled before the objective finished"): only a network keeps what it has when stopped.
public sealed class TrialStartTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ExperimentData Prepare() => SyntheticExperimentData.Prepare(_dir);

    private static Dictionary<string, object> Trainer(string name) => new() { [TrialSuggester.TrainerParameter] = name };

    [Fact]
    public void Should_PruneTheTrialAndEndTheSweep_When_TheTrainersTypicalTrialWouldNotEndBeforeTheDeadline()
    {
        // Given: one completed sdca trial, then a deadline closer than half of what it took
        var left = TimeSpan.FromMinutes(1);
        var stops = 0;
        var objective = new TrialObjective(TrainerRegistry.Classic, ["sdca"], Prepare()) { TimeLeft = () => left, NothingCanStart = () => stops++ };
        var study = Study.Create("s");
        study.Optimize(objective.Evaluate, nTrials: 1);
        var took = Assert.Single(objective.Outcomes).Value.Entry.TrainSeconds;
        left = TimeSpan.FromSeconds(took / 2);

        // When
        study.Optimize(objective.Evaluate, nTrials: 1);

        // Then: it is pruned before fitting, saying why, and as no trainer could end in time the sweep is told to end
        var refused = study.Trials[^1];
        Assert.True(refused.State == TrialState.Pruned, $"{refused.State}: {refused.FailReason}");
        Assert.StartsWith("not started: its trials took", refused.FailReason);
        Assert.Single(objective.Outcomes);
        Assert.Equal(1, stops);
    }

    [Fact]
    public void Should_KeepTheSweepGoing_When_AnotherTrainerCouldStillEndInTime()
    {
        // Given: a completed sdca trial, ols not tried yet, and too little time left for another sdca trial
        var left = TimeSpan.FromMinutes(1);
        var stops = 0;
        var objective = new TrialObjective(TrainerRegistry.Classic, ["sdca", "ols"], Prepare()) { TimeLeft = () => left, NothingCanStart = () => stops++ };
        var study = Study.Create("s");
        study.EnqueueTrial(Trainer("sdca"));
        study.Optimize(objective.Evaluate, nTrials: 1);
        left = TimeSpan.FromSeconds(Assert.Single(objective.Outcomes).Value.Entry.TrainSeconds / 2);

        // When: sdca is drawn again
        study.EnqueueTrial(Trainer("sdca"));
        study.Optimize(objective.Evaluate, nTrials: 1);

        // Then: that trial is refused, but the sweep goes on for ols
        Assert.Equal(TrialState.Pruned, study.Trials[^1].State);
        Assert.Equal(0, stops);
    }

    [Fact]
    public void Should_StartTheTrainer_When_ItsTypicalTrialEndsBeforeTheDeadline()
    {
        // Given: a completed sdca trial and twice its time (plus a second for a loaded machine) left
        var left = TimeSpan.FromMinutes(1);
        var objective = new TrialObjective(TrainerRegistry.Classic, ["sdca"], Prepare()) { TimeLeft = () => left };
        var study = Study.Create("s");
        study.Optimize(objective.Evaluate, nTrials: 1);
        left = TimeSpan.FromSeconds(2 * Assert.Single(objective.Outcomes).Value.Entry.TrainSeconds + 1);

        // When
        study.Optimize(objective.Evaluate, nTrials: 1);

        // Then: it ran (completed, or failed as a repeat of the same configuration, but not refused)
        Assert.NotEqual(TrialState.Pruned, study.Trials[^1].State);
    }
}
