using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Reporting;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Experiment;

public sealed class RegressionExperimentTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private ExperimentResult Run(string trainers, int seed = 42) =>
        new RegressionExperiment(new MLContext(seed))
            .WithData(_dir.Write("data.csv", SyntheticData.Csv(500)))
            .WithLabel(SyntheticData.Label)
            .WithTrainers(trainers)
            .WithTimeBudget(TimeSpan.FromSeconds(60))
            .Run();

    [Fact]
    public void Should_Select_On_Validation_And_Report_Every_Trainer()
    {
        // When
        var result = Run("sdca,fasttree,lightgbm");

        // Then
        Assert.Equal(3, result.Leaderboard.Length);
        Assert.All(result.Leaderboard, e => Assert.Equal(TrialStatus.Completed, e.Status));
        Assert.Equal(result.Leaderboard.MinBy(e => e.Validation!.Rmse)!.Trainer, result.Best.Trainer);
        Assert.True(result.TestMetrics.R2 > 0.8, $"test R² {result.TestMetrics.R2}");
        Assert.Equal(500, result.Split.TrainRows + result.Split.ValidationRows + result.Split.TestRows);
        Assert.True(result.RefitOnTrainAndValidation);
        Assert.Contains(result.Families, f => f.Family == MlPipeline.Trainers.TrainerFamily.Linear);
    }

    [Fact]
    public void Should_Be_Deterministic_For_A_Seed()
    {
        var first = Run("fasttree", seed: 5);
        var second = Run("fasttree", seed: 5);

        Assert.Equal(first.TestMetrics, second.TestMetrics);
    }

    [Fact]
    public void Saved_Model_Loads_Back_To_Identical_Predictions()
    {
        // Given
        var result = Run("lightgbm");
        var scorePath = _dir.Write("score.csv", SyntheticData.Csv(50, seed: 9, withLabel: false));
        var before = result.Model.Score(scorePath);

        // When
        ExperimentArtifacts.Write(result, "data.csv", _dir.File("out"));
        var loaded = PipelineModel.Load(new MLContext(), _dir.File("out"));

        // Then
        Assert.Equal(before, loaded.Score(scorePath));
        Assert.Equal(50, before.Length);
        foreach (var file in new[] { "model.zip", "schema.json", "metrics.json", "leaderboard.csv" })
        {
            Assert.True(File.Exists(Path.Combine(_dir.File("out"), file)), file);
        }
        Assert.Empty(Directory.GetDirectories(_dir.Path, ".*"));
    }

    [Fact]
    public void Trainers_That_Need_A_Positive_Label_Are_Skipped_For_Negative_Labels()
    {
        var csv = "x,y\n" + string.Join("\n", Enumerable.Range(0, 200).Select(i => $"{i % 13},{i % 13 * 2 - 10}")) + "\n";
        var result = new RegressionExperiment(new MLContext(1)).WithData(_dir.Write("neg.csv", csv)).WithLabel("y")
            .WithTrainers("lbfgs-poisson,sdca").Run();

        var poisson = result.Leaderboard.Single(e => e.Trainer == "lbfgs-poisson");
        Assert.Equal(TrialStatus.Skipped, poisson.Status);
        Assert.Equal("sdca", result.Best.Trainer);
    }

    [Fact]
    public void Cancelling_Keeps_The_Best_Model_So_Far()
    {
        // Given: cancel as soon as the first trial has finished
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.TrialsDone >= 1) cancel.Cancel(); });
        var experiment = new RegressionExperiment(new MLContext(1))
            .WithData(_dir.Write("c.csv", SyntheticData.Csv(300))).WithLabel(SyntheticData.Label).WithTrainers("sdca,fasttree,lightgbm");

        // When
        var result = experiment.Run(progress, cancel.Token);

        // Then
        Assert.Equal("sdca", result.Best.Trainer);
        Assert.False(result.RefitOnTrainAndValidation);
        Assert.All(result.Leaderboard.Where(e => e.Trainer != "sdca"), e => Assert.Equal("cancelled", e.Message));
    }

    private sealed class SyncProgress(Action<ExperimentProgress> report) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => report(value);
    }

    [Fact]
    public void Bad_Data_Raises_Before_Anything_Is_Trained()
    {
        var path = _dir.Write("bad.csv", "x,y\n1,2\n");

        Assert.Throws<DataValidationException>(() =>
            new RegressionExperiment(new MLContext()).WithData(path).WithLabel("y").Run());
    }
}
