using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Reporting;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Onnx;

/// <summary>The prediction interval in model.onnx: outputs Lower and Upper equal to model.zip's, and the metadata saying how.</summary>
public sealed class IntervalOutputsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // A CSV column named like an interval output: it must be moved out of the outputs' way.
    private static string Data(int rows, int seed) => SyntheticData.GaussianNoise(rows, 2, seed).Replace("x1,x2,y", "Lower,x2,y");

    private string Train(string trainers, double? level, int trials)
    {
        var data = _dir.Write("d.csv", Data(600, 1));
        var result = new RegressionExperiment(new MLContext(1)).WithOptions(new ExperimentOptions
        {
            DataPath = data, Label = SyntheticData.Label, Trainers = trainers, MaxTrials = trials, IntervalLevel = level, TimeBudget = TimeSpan.FromSeconds(60),
        }).Run();
        var output = _dir.File($"out-{Guid.NewGuid():N}");
        Assert.True(result.WriteOutputs(output, data).Written);
        return output;
    }

    [Theory]
    [InlineData("ridge", 1)]
    [InlineData("ridge,fasttree", 3)] // an ensemble graph when it wins
    public void Intervals_From_Model_Onnx_Equal_Those_From_Model_Zip(string trainers, int trials)
    {
        // Given
        var output = Train(trainers, 0.9, trials);
        var rows = _dir.Write("rows.csv", Data(200, 7));

        // When
        var zip = PipelineModel.Load(new MLContext(1), output);
        var byZip = zip.Predict(rows);
        using var scorer = new OnnxScorer(Path.Combine(output, ExperimentArtifacts.OnnxFile));
        var byOnnx = scorer.Predict(CsvDataLoader.Load(rows, scorer.Schema!, LoadMode.Scoring));
        using var session = new InferenceSession(Path.Combine(output, ExperimentArtifacts.OnnxFile));
        using var metadata = JsonDocument.Parse(session.ModelMetadata.CustomMetadataMap[IntervalOutputs.MetadataKey]);

        // Then
        Assert.Equal([ColumnNames.Score, ColumnNames.Lower, ColumnNames.Upper], session.OutputNames);
        Assert.Contains("csv_Lower", session.InputNames);
        Assert.True(byOnnx.HasInterval);
        var tolerance = 1e-5 * (zip.Schema.LabelColumn.Max!.Value - zip.Schema.LabelColumn.Min!.Value);
        Assert.Equal(byZip.Score, byOnnx.Score, (a, b) => Math.Abs(a - b) <= tolerance);
        Assert.Equal(byZip.Lower!, byOnnx.Lower!, (a, b) => Math.Abs(a - b) <= tolerance);
        Assert.Equal(byZip.Upper!, byOnnx.Upper!, (a, b) => Math.Abs(a - b) <= tolerance);
        Assert.All(byOnnx.Score.Select((s, i) => byOnnx.Upper![i] - byOnnx.Lower![i]), w => Assert.Equal(2 * zip.Interval!.HalfWidth, w, 3));
        Assert.Equal(0.9, metadata.RootElement.GetProperty("level").GetDouble());
        Assert.Equal(zip.Interval!.HalfWidth, metadata.RootElement.GetProperty("halfWidth").GetSingle());
        Assert.Equal(zip.Interval.Method, metadata.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public void Without_An_Interval_The_Onnx_Model_Has_Score_Alone()
    {
        // Given
        var output = Train("ridge", level: null, trials: 1);

        // When
        using var session = new InferenceSession(Path.Combine(output, ExperimentArtifacts.OnnxFile));
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, ExperimentArtifacts.MetricsFile)));

        // Then
        Assert.Equal([ColumnNames.Score], session.OutputNames);
        Assert.False(session.ModelMetadata.CustomMetadataMap.ContainsKey(IntervalOutputs.MetadataKey));
        Assert.Equal(JsonValueKind.Null, metrics.RootElement.GetProperty("interval").ValueKind);
    }
}
