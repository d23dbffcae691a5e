using System.Globalization;
using Microsoft.ML;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Reporting;
using MlPipeline.Testing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Neural;
using Xunit.Abstractions;

namespace MlPipeline.Tests.Trainers.Neural;

public sealed class TabMCandidateTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Defaults_Are_The_Packages_And_The_Space_Is_The_Papers()
    {
        // Given
        var candidate = TrainerRegistry.Default.Get("tabm");
        var input = new TrainerInput("y", ColumnNames.Features, 3, 1000);

        // When
        var defaults = TabMCandidate.Options(input, candidate.Defaults);
        var off = TabMCandidate.Options(input, candidate.Defaults.With("use_dropout", false).With("use_weight_decay", false).With("width_in_16s", 4));

        // Then: the declared defaults are TabMOptions' (only the columns, seed and thread count come from the input)
        var paper = new TabMOptions();
        Assert.Equal(paper with { Training = paper.Training with { LabelColumnName = "y", Seed = 3, Threads = 1 } }, defaults);
        Assert.Equal(TrainerFamily.Neural, candidate.Family);
        // And the gates give the paper's zero; the width moves in steps of 16 from 64 to 1024
        Assert.Equal((0.0, 0.0, 64), (off.Dropout, off.Training.WeightDecay, off.Width));
        var width = Assert.IsType<IntParameter>(candidate.Space.Single(p => p.Name == "width_in_16s"));
        Assert.Equal((64, 1024), (16 * width.Low, 16 * width.High));
        var blocks = Assert.IsType<IntParameter>(candidate.Space.Single(p => p.Name == "blocks"));
        Assert.Equal((1, 5), (blocks.Low, blocks.High));
        var rate = Assert.IsType<FloatParameter>(candidate.Space.Single(p => p.Name == "learning_rate"));
        Assert.Equal((1e-4, 5e-3, true), (rate.Low, rate.High, rate.Log));
        var decay = Assert.IsType<FloatParameter>(candidate.Space.Single(p => p.Name == "weight_decay"));
        Assert.Equal((1e-4, 1e-1, true), (decay.Low, decay.High, decay.Log));
        var dropout = Assert.IsType<FloatParameter>(candidate.Space.Single(p => p.Name == "dropout"));
        Assert.Equal((0.0, 0.5), (dropout.Low, dropout.High));
    }

    [Fact]
    public void The_Sweeps_TabM_Model_Loads_Back_From_Model_Zip_To_The_Same_Scores_And_Exports_To_Onnx()
    {
        // Given: a sweep of tabm alone on small synthetic data (its defaults), the trial cap stopping the fit at its
        // best epoch if it is slow; a short budget keeps the paper's 32 × 3 × 512 network from taking a minute of the suite
        var result = new RegressionExperiment(new MLContext(4)).WithOptions(new ExperimentOptions
        {
            DataPath = _dir.Write("data.csv", SyntheticData.Csv(300)), Label = SyntheticData.Label, Trainers = "tabm",
            MaxTrials = 1, Parallelism = 1, CrossValidationFolds = 1, Seed = 4, TimeBudget = TimeSpan.FromSeconds(15),
        }).Run();
        var scorePath = _dir.Write("score.csv", SyntheticData.Csv(50, seed: 9, withLabel: false));
        var before = result.Model.Score(scorePath);

        // When
        var onnx = result.WriteOutputs(_dir.File("out"), "data.csv");
        var loaded = PipelineModel.Load(new MLContext(), _dir.File("out"));

        // Then: the trial is TabM's defaults; the saved model scores as the trained one did
        Assert.All(result.Leaderboard, e => Assert.Equal("tabm", e.Trainer));
        Assert.Contains(result.Leaderboard, e => e.HyperParameters == TrainerRegistry.Default.Get("tabm").Defaults);
        Assert.Equal("tabm", result.Best.Trainer);
        Assert.Equal(50, before.Length);
        Assert.All(before, s => Assert.True(float.IsFinite(s)));
        Assert.Equal(before, loaded.Score(scorePath));
        // And metrics.json describes the network's training and explains its predictions (sampled Shapley values)
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.File("out"), "metrics.json")));
        Assert.True(metrics.RootElement.GetProperty("neural").GetProperty("epochs").GetInt32() > 0);
        Assert.StartsWith("sampled Shapley", metrics.RootElement.GetProperty("explanations").GetProperty("method").GetString());
        // And its ONNX export reproduces it within the exporter's tolerance
        Assert.True(onnx.Written, onnx.Reason);
        Assert.True(onnx.Parity!.Passed, onnx.Parity.ToString());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tabm sweep model: ONNX max relative error {onnx.Parity.MaxRelativeError:E2} over {onnx.Parity.Rows} rows (tolerance {onnx.Parity.Tolerance:E0})"));
    }
}
