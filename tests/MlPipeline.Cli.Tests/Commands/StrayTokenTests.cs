using MlPipeline.Testing;
using Spectre.Console;

namespace MlPipeline.Cli.Tests.Commands;

[Collection("console")]
public sealed class StrayTokenTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Stray_Tokens_And_A_Score_Column_Are_Reported_And_Predict_Reads_Them_As_Missing()
    {
        // Given: x1 has a '-' and a 1e39 among 300 numbers; the file also has a column named Score
        var lines = SyntheticData.Csv(300).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string Cell(int i, string line) => i == 10 ? "-" + line[line.IndexOf(',')..] : i == 20 ? "1e39" + line[line.IndexOf(',')..] : line;
        var csv = string.Join("\n", lines.Select((l, i) => (i == 0 ? "Score," : $"{i % 7},") + Cell(i, l))) + "\n";
        var data = _dir.Write("data.csv", csv);
        var model = _dir.File("model");
        var console = new StringWriter();
        var original = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console), Ansi = AnsiSupport.No });
        AnsiConsole.Console.Profile.Width = 400;

        // When
        (int, string) train, predict;
        try
        {
            train = CliRunner.Run("train", "--dataset", data, "--label-col", "y", "--trainers", "sdca", "--train-time", "60",
                "--output", model, "--max-trials", "1", "--parallelism", "1");
            predict = CliRunner.Run("predict", "--model", model, "--dataset", data, "--output", _dir.File("p.csv"), "--quiet");
        }
        finally
        {
            AnsiConsole.Console = original;
        }

        // Then
        Assert.Equal(0, train.Item1);
        Assert.Equal((0, ""), predict);
        var text = console.ToString();
        Assert.Contains("x1: not numbers, read as missing: 2 (e.g. \"-\" line 11, \"1e39\" line 21)", text);
        Assert.Contains("loaded as csv_Score", text);
        var schema = File.ReadAllText(Path.Combine(model, "schema.json"));
        Assert.Contains("\"unparsedCount\": 2", schema);
        Assert.Contains("\"loadedAs\": \"csv_Score\"", schema);
        Assert.True(File.Exists(Path.Combine(model, "model.onnx")), "model.onnx");
        Assert.Equal(301, File.ReadAllLines(_dir.File("p.csv")).Length);
    }
}
