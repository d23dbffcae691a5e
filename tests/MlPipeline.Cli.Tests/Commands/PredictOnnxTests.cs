using System.Globalization;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Commands;

/// <summary><c>predict --model model.onnx</c> through MlPipeline.Runtime: model.zip's reading of stray numbers, and its one-line errors.</summary>
[Collection("console")]
public sealed class PredictOnnxTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Predict_Should_ReadStrayNumbersAsZipDoesAndNameBadCells_When_ScoringModelOnnx()
    {
        // Given: a model, rows with a stray '-' in a number column, and rows with a bad boolean on line 3
        var model = _dir.File("m");
        var (trained, error) = CliRunner.Run("train", "--dataset", _dir.Write("d.csv", SyntheticData.Csv(200)), "--label-col", "y", "--trainers", "sdca",
            "--output", model, "--max-trials", "1", "--parallelism", "1", "--quiet");
        Assert.True(trained == 0, error);
        var stray = _dir.Write("stray.csv", "x1,x2,x3,city,flag\n1,-,0.5,a,yes\n\"2\",1,0,\"b\",no\n");
        var bad = _dir.Write("bad.csv", "x1,x2,x3,city,flag\n1,2,0.5,a,yes\n1,2,0.5,a,maybe\n");

        // When
        var zip = CliRunner.Run("predict", "--model", model, "--dataset", stray, "--output", _dir.File("zip.csv"), "--quiet");
        var onnx = CliRunner.Run("predict", "--model", Path.Combine(model, "model.onnx"), "--dataset", stray, "--output", _dir.File("onnx.csv"), "--quiet");
        var failed = CliRunner.Run("predict", "--model", Path.Combine(model, "model.onnx"), "--dataset", bad, "--output", _dir.File("bad-out.csv"), "--quiet");

        // Then: the same scores within parity (the stray cell missing in both), and exit 2 naming file, line, column and value
        Assert.Equal((0, ""), zip);
        Assert.Equal((0, ""), onnx);
        var byZip = File.ReadAllLines(_dir.File("zip.csv")).Skip(1).Select(l => float.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
        var byOnnx = File.ReadAllLines(_dir.File("onnx.csv")).Skip(1).Select(l => float.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, byOnnx.Length);
        Assert.All(byZip.Zip(byOnnx), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, 1e-3));
        Assert.Equal(2, failed.ExitCode);
        Assert.Equal($"error: {bad}:3: column 'flag': not a boolean (true/false, yes/no, y/n, t/f, 1/0) (value 'maybe')", failed.Error.Trim());
        Assert.False(File.Exists(_dir.File("bad-out.csv")));
    }
}
