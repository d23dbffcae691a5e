using System.Text.Json;
using MlPipeline.Onnx;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Commands;

/// <summary>Issue #17 "Nothing lost": what `train` writes when ONNX parity fails, the label is constant, or --output exists.</summary>
[Collection("console")]
public sealed class OutputsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (int ExitCode, string Error) Train(string data, string output, params string[] extra) =>
        CliRunner.Run([
            "train", "--dataset", data, "--label-col", "y", "--trainers", "sdca", "--train-time", "10",
            "--max-trials", "2", "--parallelism", "1", "--output", output, "--quiet", .. extra]);

    private static (int ExitCode, string Error) WithParityFailing(Func<(int, string)> run)
    {
        // A negative tolerance fails every parity check (the error is never below zero): no sleeping, no fake model.
        OnnxExporter.ToleranceOverride.Value = -1;
        try
        {
            return run();
        }
        finally
        {
            OnnxExporter.ToleranceOverride.Value = null;
        }
    }

    [Fact]
    public void Should_KeepEveryOtherOutput_And_Exit0WithAWarning_When_OnnxParityFails()
    {
        // Given
        var data = _dir.Write("data.csv", SyntheticData.Csv(150));
        var output = _dir.File("out");

        // When
        var (code, error) = WithParityFailing(() => Train(data, output));

        // Then
        Assert.Equal(0, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("warning: ONNX export:", line);
        Assert.Contains("differs from ML.NET by", line);
        Assert.False(File.Exists(Path.Combine(output, "model.onnx")));
        foreach (var file in new[] { "model.zip", "schema.json", "metrics.json", "leaderboard.csv", "report.html" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var onnx = metrics.RootElement.GetProperty("onnx");
        Assert.False(onnx.GetProperty("written").GetBoolean());
        Assert.Contains("differs from ML.NET", onnx.GetProperty("reason").GetString());
        Assert.False(onnx.GetProperty("parity").GetProperty("passed").GetBoolean());
        Assert.True(onnx.GetProperty("parity").GetProperty("maxAbsoluteError").GetDouble() >= 0);
        Assert.Contains("model.onnx was not written", File.ReadAllText(Path.Combine(output, "report.html")));
    }

    [Fact]
    public void Should_Exit1_And_StillWriteTheOtherOutputs_When_OnnxParityFailsUnderRequireOnnx()
    {
        var data = _dir.Write("data.csv", SyntheticData.Csv(150));
        var output = _dir.File("out");

        var (code, error) = WithParityFailing(() => Train(data, output, "--require-onnx"));

        Assert.Equal(1, code);
        Assert.StartsWith("error: ONNX export:", error);
        Assert.True(File.Exists(Path.Combine(output, "model.zip")));
        Assert.False(File.Exists(Path.Combine(output, "model.onnx")));
    }

    [Fact]
    public void Should_Train_And_WriteNullR2_When_TheLabelIsConstant()
    {
        // Given: every label is 7 (R² of a constant is 0/0)
        var lines = SyntheticData.Csv(150).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var y = Array.IndexOf(lines[0].Trim().Split(','), "y");
        var data = _dir.Write("constant.csv", string.Join('\n', lines.Select((l, i) =>
        {
            if (i == 0) return l.Trim();
            var cells = l.Trim().Split(',');
            cells[y] = "7";
            return string.Join(',', cells);
        })) + "\n");
        var output = _dir.File("out");

        // When
        var result = Train(data, output);

        // Then
        Assert.Equal((0, ""), result);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        Assert.Equal(JsonValueKind.Null, metrics.RootElement.GetProperty("test").GetProperty("r2").ValueKind);
        Assert.True(double.IsFinite(metrics.RootElement.GetProperty("test").GetProperty("rmse").GetDouble()));
        Assert.True(metrics.RootElement.GetProperty("onnx").GetProperty("written").GetBoolean());
        var board = File.ReadAllLines(Path.Combine(output, "leaderboard.csv"));
        Assert.DoesNotContain(board, l => l.Contains("NaN") || l.Contains("Infinity"));
        Assert.Contains(board.Skip(1), l => l.Contains(",completed,"));
    }

    [Fact]
    public void Should_Exit2_And_LeaveTheFolderUntouched_When_OutputIsNotEmpty()
    {
        // Given
        var data = _dir.Write("data.csv", SyntheticData.Csv(150));
        var output = _dir.File("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");

        // When
        var (code, error) = Train(data, output);

        // Then
        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Path.GetFullPath(output), line);
        Assert.Contains("--overwrite", line);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "notes.txt")));
    }

    [Fact]
    public void Should_LeaveNoStaleFile_When_Overwriting()
    {
        var data = _dir.Write("data.csv", SyntheticData.Csv(150));
        var output = _dir.File("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "loss-curve.csv"), "stale, from a network that won last time");

        var result = Train(data, output, "--overwrite");

        Assert.Equal((0, ""), result);
        Assert.False(File.Exists(Path.Combine(output, "loss-curve.csv")));
        Assert.True(File.Exists(Path.Combine(output, "model.zip")));
        Assert.Empty(Directory.EnumerateDirectories(_dir.Path, ".out.*"));
    }

    [Fact]
    public void Should_KeepTheStudyInTheOutputFolder_When_ResumingWithOverwrite()
    {
        // Given: a study kept in --output as study.db (a folder holding only it is not "not empty")
        var data = _dir.Write("data.csv", SyntheticData.Csv(150));
        var output = _dir.File("out");
        var storage = "sqlite:" + Path.Combine(output, "study.db");
        Directory.CreateDirectory(output);
        Assert.Equal((0, ""), Train(data, output, "--study", "s", "--storage", storage));
        var firstTrials = Trials(output);

        // When: the same study resumed into the same folder
        var refused = Train(data, output, "--study", "s", "--storage", storage);
        var resumed = CliRunner.Run("train", "--dataset", data, "--label-col", "y", "--trainers", "sdca", "--train-time", "10",
            "--max-trials", "4", "--parallelism", "1", "--output", output, "--quiet", "--study", "s", "--storage", storage, "--overwrite");

        // Then: refused without --overwrite; with it the study keeps the first run's trials and adds more
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal((0, ""), resumed);
        Assert.True(File.Exists(Path.Combine(output, "study.db")));
        Assert.Equal(firstTrials + 4, Trials(output));
    }

    /// <summary>Trials in leaderboard.csv (the ensemble's row aside): a resumed study lists the earlier runs' too.</summary>
    private static int Trials(string output) =>
        File.ReadAllLines(Path.Combine(output, "leaderboard.csv")).Skip(1).Count(l => l.Split(',')[1] != "ensemble");
}
