using System.Text;
using MlPipeline.Testing;
using Spectre.Console;

namespace MlPipeline.Cli.Tests.Output;

/// <summary>
/// Output read by people in a log or a file (standard output redirected, as under the test host): tables keep each
/// row on one line, so no word is broken, and <c>train --json</c> prints the metrics file as written.
/// </summary>
[Collection("console")]
public sealed class PipedOutputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Standard output of one command line, Spectre.Console writing there as it does to a file (80 columns by its own detection, no ANSI codes).</summary>
    private static string CaptureOut(params string[] args)
    {
        var output = new StringWriter();
        var (original, originalConsole) = (Console.Out, AnsiConsole.Console);
        Console.SetOut(output);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No });
        try
        {
            Assert.Equal(0, CliRunner.Run(args).ExitCode);
        }
        finally
        {
            Console.SetOut(original);
            AnsiConsole.Console = originalConsole;
        }
        return output.ToString();
    }

    /// <summary>The body rows of the table titled <paramref name="title"/>: the lines between its header rule and its bottom border.</summary>
    private static List<string> Rows(string output, string title)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.Contains(title, StringComparison.Ordinal));
        Assert.True(start >= 0, $"no table titled '{title}' in:\n{output}");
        var header = lines.FindIndex(start, l => l.StartsWith('├'));
        var bottom = lines.FindIndex(header, l => l.StartsWith('└'));
        return lines[(header + 1)..bottom];
    }

    [Fact]
    public void Piped_Train_And_Study_Tables_Keep_Each_Row_On_One_Line_With_Whole_Words()
    {
        // Given: a run whose leaderboard (ten columns) is wider than 80 columns, recorded in a study
        var data = _dir.Write("d.csv", SyntheticData.Csv(200));
        var storage = "sqlite:" + _dir.File("study.db");

        // When: train and study list print their tables to a redirected standard output
        var train = CaptureOut("train", "--dataset", data, "--label-col", "y", "--trainers", "sdca,fasttree", "--study", "s", "--storage", storage,
            "--max-trials", "3", "--parallelism", "1", "--output", _dir.File("m"));
        var study = CaptureOut("study", "list", "--study", "s", "--storage", storage);

        // Then: one line per leaderboard entry, schema column and trial, each status a whole word
        using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir.File("m"), "metrics.json")));
        var leaderboard = metrics.RootElement.GetProperty("leaderboard").GetArrayLength();
        var board = Rows(train, "Leaderboard");
        Assert.Equal(leaderboard, board.Count);
        Assert.All(board, row => Assert.Matches(@"│ (Completed|Pruned|Failed) +│", row));
        Assert.Contains("Completed", train);
        Assert.Equal(6, Rows(train, "Inferred schema").Count);
        var trials = Rows(study, ": 3 trials");
        Assert.Equal(3, trials.Count);
        Assert.All(trials, row => Assert.Matches(@"│ (Complete|Pruned|Failed|Running|Waiting) +│", row));
    }

    [Fact]
    public void Train_Json_Prints_The_Bytes_Of_The_Metrics_File_It_Wrote()
    {
        // Given
        var data = _dir.Write("d.csv", SyntheticData.Csv(200));

        // When
        var printed = CaptureOut("train", "--dataset", data, "--label-col", "y", "--trainers", "sdca", "--max-trials", "2", "--parallelism", "1",
            "--output", _dir.File("j"), "--json");

        // Then: the same bytes, the ONNX section included
        var written = File.ReadAllBytes(Path.Combine(_dir.File("j"), "metrics.json"));
        Assert.Equal(written, Encoding.UTF8.GetBytes(printed));
        Assert.Contains("\"onnx\"", printed);
    }
}
