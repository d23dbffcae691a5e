using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Experiment;

public sealed class DeadlineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // A 14 s budget caps a trial at about 5 s: MLP trials of that length follow one another, so one is under way when the
    // deadline comes. Before, it was cancelled there with folds unfitted and failed; now it is capped a grace before the
    // deadline (its folds sharing what is left) or, with too little left, not started, and a sweep of networks only ends
    // there. On a loaded machine (CI) preparation can leave the sweep half the budget: every trial after the first was
    // then refused, 390 of them in 5 s, while each would have taken under a second.
    [Fact]
    public void Should_CompleteOrNotStartANetworkTrial_When_TheDeadlineComesWithinItsCap()
    {
        // Given: networks only, under 5-fold cross-validation, one trial at a time
        var result = new RegressionExperiment(new MLContext(3)).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("d.csv", SyntheticData.Csv(1_500)), Label = SyntheticData.Label, Trainers = "mlp",
            CrossValidationFolds = 5, TimeBudget = TimeSpan.FromSeconds(14), Seed = 3,
        }).Run();

        // Then: no trial failed; the sweep completed several; at most one was refused at the end, saying why
        var trials = string.Join("; ", result.Leaderboard.Select(e => $"#{e.Number} {e.Status} {e.TrainSeconds:F1} s {e.Message}"));
        Assert.All(result.Leaderboard, e => Assert.True(e.Status != TrialStatus.Failed, $"#{e.Number} failed: {e.Message}; all: {trials}"));
        Assert.True(result.Leaderboard.Count(e => e.Status == TrialStatus.Completed && e.Trainer == "mlp") >= 2, trials);
        var refused = result.Leaderboard.Where(e => e.Message?.StartsWith("not started:", StringComparison.Ordinal) == true).ToList();
        Assert.True(refused.Count <= 1, trials);
    }
}
