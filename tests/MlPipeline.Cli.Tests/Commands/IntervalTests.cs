using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MlPipeline.Experiment;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Commands;

/// <summary><c>train --interval</c>: on by default at 0.9, <c>none</c> turns it off, anything else outside (0,1) is bad input.</summary>
[Collection("console")]
public sealed class IntervalTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Train(string name, params string[] more)
    {
        var model = _dir.File(name);
        var (code, error) = CliRunner.Run(["train", "--dataset", _dir.Write("d.csv", SyntheticData.Csv(300)), "--label-col", "y", "--trainers", "ridge",
            "--output", model, "--max-trials", "1", "--parallelism", "1", "--quiet", .. more]);
        Assert.True(code == 0, error);
        return model;
    }

    private string[] Predict(string model)
    {
        var output = _dir.File($"p-{Guid.NewGuid():N}.csv");
        var (code, error) = CliRunner.Run("predict", "--model", model, "--dataset", _dir.Write("new.csv", SyntheticData.Csv(30, seed: 4, withLabel: false)),
            "--output", output, "--quiet");
        Assert.True(code == 0, error);
        return File.ReadAllLines(output);
    }

    [Fact]
    public void By_Default_Predict_Writes_Lower_And_Upper_After_Score_Around_It()
    {
        // Given
        var model = Train("default");

        // When
        var lines = Predict(model);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "metrics.json")));
        var interval = metrics.RootElement.GetProperty("interval");

        // Then
        Assert.Equal("Score,Lower,Upper", lines[0]);
        Assert.Equal(31, lines.Length);
        var half = PipelineModel.Load(new MLContext(), model).Interval!.HalfWidth;
        foreach (var row in lines.Skip(1).Select(l => l.Split(',').Select(c => float.Parse(c, CultureInfo.InvariantCulture)).ToArray()))
        {
            Assert.Equal(row[0] - half, row[1]);
            Assert.Equal(row[0] + half, row[2]);
        }
        Assert.Equal(0.9, interval.GetProperty("level").GetDouble());
        Assert.InRange(interval.GetProperty("testCoverage").GetDouble(), 0, 1);
        Assert.True(interval.GetProperty("testWidthOverLabelSd").GetDouble() > 0);
        Assert.Contains("Prediction interval", File.ReadAllText(Path.Combine(model, "report.html")));
        Assert.True(File.Exists(Path.Combine(model, "prediction-intervals.png")));
    }

    [Fact]
    public void Interval_None_Gives_No_Lower_Or_Upper_Anywhere()
    {
        // Given
        var model = Train("none", "--interval", "none");

        // When
        var lines = Predict(model);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "metrics.json")));
        using var session = new InferenceSession(Path.Combine(model, "model.onnx"));

        // Then
        Assert.Equal("Score", lines[0]);
        Assert.Equal(JsonValueKind.Null, metrics.RootElement.GetProperty("interval").ValueKind);
        Assert.Equal(["Score"], session.OutputNames);
        Assert.Null(PipelineModel.Load(new MLContext(), model).Interval);
        Assert.DoesNotContain("Prediction interval", File.ReadAllText(Path.Combine(model, "report.html")));
        Assert.False(File.Exists(Path.Combine(model, "prediction-intervals.png")));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("90%")]
    [InlineData("NaN")]
    public void An_Interval_Outside_Zero_To_One_Is_A_One_Line_Error_Exit_2_Before_Training(string value)
    {
        // Given
        var output = _dir.File("bad");

        // When
        var (code, error) = CliRunner.Run("train", "--dataset", _dir.Write("d.csv", SyntheticData.Csv(50)), "--label-col", "y", "--interval", value,
            "--output", output, "--max-trials", "1", "--quiet");

        // Then
        Assert.Equal(2, code);
        Assert.Equal($"error: --interval must be a coverage in (0,1) such as 0.9, or none; got '{value}'", error.TrimEnd('\n'));
        Assert.False(Directory.Exists(output));
    }
}
