using Microsoft.ML;
using MlPipeline.Experiment;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Commands;

[Collection("console")]
public sealed class TrainAndPredictTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Train_Then_Predict_Scores_Every_Row_In_Order()
    {
        // Given
        var data = _dir.Write("data.csv", SyntheticData.Csv(300));
        var toScore = _dir.Write("score.csv", SyntheticData.Csv(40, seed: 5, withLabel: false));
        var model = _dir.File("model");

        // When
        var train = CliRunner.Run("train", "--dataset", data, "--label-col", "y", "--trainers", "fasttree,sdca",
            "--train-time", "60", "--output", model, "--max-trials", "4", "--parallelism", "2", "--quiet");
        var predict = CliRunner.Run("predict", "--model", model, "--dataset", toScore, "--output", _dir.File("preds.csv"), "--quiet");

        // Then
        Assert.Equal((0, ""), train);
        Assert.Equal((0, ""), predict);
        foreach (var file in new[] { "model.zip", "schema.json", "metrics.json", "leaderboard.csv" })
        {
            Assert.True(File.Exists(Path.Combine(model, file)), file);
        }
        var lines = File.ReadAllLines(_dir.File("preds.csv"));
        Assert.Equal("Score,Lower,Upper", lines[0]);
        Assert.Equal(41, lines.Length);
        var expected = PipelineModel.Load(new MLContext(), model).Score(toScore);
        Assert.Equal(expected, lines.Skip(1).Select(l => float.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Predict_Accepts_A_File_With_The_Label_Present()
    {
        var data = _dir.Write("data.csv", SyntheticData.Csv(200));
        var model = _dir.File("m");
        CliRunner.Run("train", "--dataset", data, "--label-col", "y", "--trainers", "sdca", "--output", model, "--max-trials", "4", "--parallelism", "1", "--quiet");

        var (code, _) = CliRunner.Run("predict", "--model", Path.Combine(model, "model.zip"), "--dataset", data, "--output", _dir.File("p.csv"), "--quiet");

        Assert.Equal(0, code);
        Assert.Equal(201, File.ReadAllLines(_dir.File("p.csv")).Length);
    }

    [Fact]
    public void Json_Output_Is_The_Metrics_File()
    {
        var data = _dir.Write("data.csv", SyntheticData.Csv(200));
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            CliRunner.Run("train", "--dataset", data, "--label-col", "y", "--trainers", "sdca", "--output", _dir.File("j"), "--max-trials", "2", "--json");
        }
        finally
        {
            Console.SetOut(original);
        }

        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        Assert.Equal("sdca", json.RootElement.GetProperty("trainer").GetString());
        Assert.True(json.RootElement.GetProperty("test").GetProperty("r2").GetDouble() > 0.5);
    }
}
