using System.Globalization;
using System.Text.Json;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Commands;

/// <summary>Explanations in the outputs: <c>predict --explain K</c>, and the contributions in metrics.json and the report.</summary>
[Collection("console")]
public sealed class ExplainTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Train(string trainer)
    {
        var model = _dir.File(trainer);
        var (code, error) = CliRunner.Run("train", "--dataset", _dir.Write("d.csv", SyntheticData.Csv(400)), "--label-col", "y", "--trainers", trainer,
            "--output", model, "--max-trials", "1", "--parallelism", "1", "--quiet");
        Assert.True(code == 0, error);
        return model;
    }

    private (int Code, string Error, string[] Lines) Predict(string model, string explain)
    {
        var output = _dir.File($"p-{Guid.NewGuid():N}.csv");
        var (code, error) = CliRunner.Run("predict", "--model", model, "--dataset", _dir.Write("new.csv", SyntheticData.Csv(30, seed: 4, withLabel: false)),
            "--output", output, "--explain", explain, "--quiet");
        return (code, error, File.Exists(output) ? File.ReadAllLines(output) : []);
    }

    private static double D(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);

    [Fact]
    public void Predict_Writes_The_Base_And_The_Largest_Contributions_Which_Add_Up_To_The_Score()
    {
        // Given: a FastTree model of the five-column synthetic data
        var model = Train("fasttree");

        // When: every column's contribution is asked for, and then only the largest two
        var all = Predict(model, "5");
        var two = Predict(model, "2");

        // Then: base + the five contributions is the score; the two are the largest, in order
        Assert.True(all.Code == 0, all.Error);
        Assert.Equal("Score,Lower,Upper,Base,Top1,Top1Contribution,Top2,Top2Contribution,Top3,Top3Contribution,Top4,Top4Contribution,Top5,Top5Contribution", all.Lines[0]);
        Assert.Equal(31, all.Lines.Length);
        foreach (var row in all.Lines.Skip(1).Select(l => l.Split(',')))
        {
            var sum = D(row[3]) + Enumerable.Range(0, 5).Sum(k => D(row[5 + 2 * k]));
            Assert.True(Math.Abs(sum - D(row[0])) <= 1e-4 * Math.Abs(D(row[0])), $"base + contributions {sum}, score {row[0]}");
            Assert.Equal(["city", "flag", "x1", "x2", "x3"], Enumerable.Range(0, 5).Select(k => row[4 + 2 * k]).Order());
        }
        Assert.Equal(["Score", "Lower", "Upper", "Base", "Top1", "Top1Contribution", "Top2", "Top2Contribution"], two.Lines[0].Split(','));
        Assert.All(two.Lines.Skip(1).Zip(all.Lines.Skip(1)), p => Assert.Equal(p.Second.Split(',')[..8], p.First.Split(',')));
    }

    [Fact]
    public void Training_Explains_Test_Rows_In_Metrics_And_Report()
    {
        // Given
        var model = Train("lightgbm");

        // When
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(model, "metrics.json")));
        var explanations = metrics.RootElement.GetProperty("explanations");

        // Then: exact TreeSHAP that adds up, x1 (slope 3 over [−2, 2]) the largest column
        Assert.Contains("TreeSHAP", explanations.GetProperty("method").GetString());
        Assert.True(explanations.GetProperty("rows").GetInt32() > 10);
        Assert.True(explanations.GetProperty("additivityError").GetDouble() < 1e-6);
        Assert.Equal("x1", explanations.GetProperty("columns")[0].GetProperty("column").GetString());
        Assert.Contains("<h2>Explanations</h2>", File.ReadAllText(Path.Combine(model, "report.html")));
        Assert.True(File.Exists(Path.Combine(model, "contributions-beeswarm.png")));
        Assert.True(File.Exists(Path.Combine(model, "dependence-1.png")));
    }

    [Theory]
    [InlineData("-1", "--explain takes a number of columns")]
    [InlineData("2", "--explain needs the model directory or its model.zip")]
    public void A_Bad_Explain_Request_Is_One_Line_And_Exit_2_Writing_Nothing(string explain, string message)
    {
        // Given: the ONNX model for the second case (it has no background rows)
        var model = Train("ridge");
        var target = explain == "2" ? Path.Combine(model, "model.onnx") : model;

        // When
        var (code, error, lines) = Predict(target, explain);

        // Then
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Empty(lines);
    }
}
