using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Testing;

namespace MlPipeline.Tests.Onnx;

/// <summary>CSV columns named like the pipeline's own columns, its internal ones or a generated date part train and export.</summary>
public sealed class ReservedNameTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string label, int rows)
    {
        var random = new Random(3);
        var text = new StringBuilder($"Score,Features,Label,__num,__oh_city,when,when_Year,city,{label}\n");
        for (var i = 0; i < rows; i++)
        {
            double a = random.NextDouble(), b = random.NextDouble(), c = random.NextDouble(), d = random.NextDouble();
            var city = "pqr"[i % 3];
            var y = 10 + 5 * a - 3 * b + 2 * c + d + (city == 'q' ? 2 : 0) + (i % 2 == 0 ? 1 : 0) + random.NextDouble() * 0.1;
            text.Append(CultureInfo.InvariantCulture, $"{a:R},{b:R},{(i % 2 == 0 ? "even" : "odd")},{c:R},{(i % 7 == 3 ? "" : d.ToString("R", CultureInfo.InvariantCulture))},")
                .Append(CultureInfo.InvariantCulture, $"2024-{i % 12 + 1:00}-{i % 28 + 1:00},{2000 + i % 9},{city},{y:R}\n");
        }
        return _dir.Write($"reserved-{label}.csv", text.ToString());
    }

    [Theory]
    [InlineData("y", "sdca")]
    [InlineData("y", "lightgbm")]
    public void Reserved_And_Colliding_Column_Names_Train_Export_And_Score_Alike(string label, string trainer)
    {
        // Given
        var path = Write(label, 200);

        // When
        var result = new RegressionExperiment(new MLContext(1)).WithOptions(new ExperimentOptions
        {
            DataPath = path, Label = label, Trainers = trainer, MaxTrials = 1, TimeBudget = TimeSpan.FromSeconds(60),
        }).Run();
        var onnx = _dir.File($"{trainer}.onnx");
        var export = result.ExportOnnx(onnx);
        using var scorer = new OnnxScorer(onnx);
        using var session = new InferenceSession(onnx);

        // Then: reserved names are moved out of the way and say so; the others keep their CSV names
        var loaded = result.Schema.Features.SelectMany(c => c.LoadedColumnNames).ToHashSet();
        string[] expected = ["csv_Score", "csv_Features", "Label", "csv___num", "csv___oh_city", "csv_when_Year", "csv_when_Month", "when_Year", "city"];
        Assert.All(expected, n => Assert.Contains(n, loaded));
        Assert.Contains("loaded as csv_Score", result.Schema.Columns.Single(c => c.Name == "Score").Reason);
        Assert.Contains("loaded as csv_when_<part>", result.Schema.Columns.Single(c => c.Name == "when").Reason);
        Assert.Equal(loaded.Order(), session.InputNames.Order());
        Assert.Equal([ColumnNames.Score, ColumnNames.Lower, ColumnNames.Upper], session.OutputNames);
        Assert.True(export.Parity.Passed, export.Parity.ToString());
        var mlnet = result.Model.Score(path);
        var ort = scorer.Score(path);
        Assert.Equal(mlnet.Length, ort.Length);
        for (var i = 0; i < ort.Length; i++) Assert.True(Math.Abs(mlnet[i] - ort[i]) <= 1e-4 * Math.Max(1, Math.Abs(mlnet[i])), $"row {i}: {mlnet[i]} vs {ort[i]}");
        // sdca explains about half of this label (x3 enters squared); a mis-wired column would explain nothing.
        Assert.True(result.TestMetrics.R2 > 0.3, $"R² {result.TestMetrics.R2}");
        var checker = ExternalCheckTests.Run("/usr/bin/python3", "-c",
            "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print('ok')", onnx);
        Assert.StartsWith("ok", checker);
    }

    [Fact]
    public void A_Label_Named_Score_Trains_And_Exports()
    {
        // Given
        var path = _dir.Write("score-label.csv", SyntheticData.Csv(200).Replace(",y\n", ",Score\n"));

        // When
        var result = new RegressionExperiment(new MLContext(1)).WithOptions(new ExperimentOptions
        {
            DataPath = path, Label = ColumnNames.Score, Trainers = "sdca", MaxTrials = 1, TimeBudget = TimeSpan.FromSeconds(60),
        }).Run();
        var export = result.ExportOnnx(_dir.File("score-label.onnx"));

        // Then
        Assert.Equal("csv_Score", result.Schema.LabelColumn.LoadedAs);
        // A linear model explains about half of this label (x3 enters squared); a mis-wired label would explain nothing.
        Assert.True(result.TestMetrics.R2 > 0.3, $"R² {result.TestMetrics.R2}");
        Assert.True(export.Parity.Passed, export.Parity.ToString());
    }
}
