using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Experiment;

public sealed class DuplicateTrialsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Should_NeitherSearchTheScalerNorRefitARepeatedConfiguration_When_TheTrainerStandardisesInternally()
    {
        // Given: ridge tunes nothing itself; on these data only the imputation (3 choices) can change its model
        var result = new RegressionExperiment(new MLContext(2)).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("d.csv", SyntheticData.Csv(300)), Label = SyntheticData.Label, Trainers = "ridge", MaxTrials = 8, Seed = 2,
        }).Run();

        // Then: no scaler was drawn, every completed trial is a distinct configuration, and repeats failed without a fit
        Assert.All(result.Study!.Trials, t => Assert.DoesNotContain(t.Params.Keys, k => k.EndsWith(".scaler", StringComparison.Ordinal)));
        var completed = result.Leaderboard.Where(e => e.Status == TrialStatus.Completed).ToList();
        Assert.Equal(completed.Count, completed.Select(e => e.Preprocessing).Distinct().Count());
        Assert.InRange(completed.Count, 1, 3);
        Assert.All(result.Leaderboard.Where(e => e.Status == TrialStatus.Failed), e => Assert.Contains("same configuration as trial #", e.Message));
    }
}
