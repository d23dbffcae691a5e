using System.Text.Json;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Commands;

[Collection("console")]
public sealed class StudyAndWorkerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string CaptureOut(Func<int> run, out int code)
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            code = run();
        }
        finally
        {
            Console.SetOut(original);
        }
        return output.ToString();
    }

    [Fact]
    public void Train_And_Worker_Share_A_Study_That_Study_Commands_Read()
    {
        // Given: a train run recording its trials, then a worker joining the same SQLite study
        var data = _dir.Write("d.csv", SyntheticData.Csv(200));
        var storage = "sqlite:" + _dir.File("study.db");
        var train = CliRunner.Run("train", "--dataset", data, "--label-col", "y", "--trainers", "sdca,lbfgs-poisson",
            "--study", "s", "--storage", storage, "--max-trials", "3", "--parallelism", "1", "--output", _dir.File("m"), "--quiet");
        var worker = CliRunner.Run("worker", "--dataset", data, "--label-col", "y", "--trainers", "sdca,lbfgs-poisson",
            "--study", "s", "--storage", storage, "--max-trials", "2", "--parallelism", "1", "--quiet");

        // When
        var listed = CaptureOut(() => CliRunner.Run("study", "list", "--study", "s", "--storage", storage, "--json").ExitCode, out var listCode);
        var shown = CaptureOut(() => CliRunner.Run("study", "show", "--study", "s", "--storage", storage, "--json").ExitCode, out var showCode);
        var export = CliRunner.Run("study", "export", "--study", "s", "--storage", storage, "--output", _dir.File("analysis"));

        // Then
        Assert.Equal((0, ""), train);
        Assert.Equal((0, ""), worker);
        Assert.Equal((0, 0, 0), (listCode, showCode, export.ExitCode));
        using var trials = JsonDocument.Parse(listed);
        Assert.Equal(5, trials.RootElement.GetArrayLength());
        Assert.Equal(Enumerable.Range(0, 5), trials.RootElement.EnumerateArray().Select(t => t.GetProperty("number").GetInt32()).Order());
        using var summary = JsonDocument.Parse(shown);
        Assert.Equal(5, summary.RootElement.GetProperty("trials").GetInt32());
        foreach (var file in new[] { "trials.json", "history.csv", "history.png", "importance.json", "intermediate.csv", "parallel-coordinates.png" })
        {
            Assert.True(File.Exists(Path.Combine(_dir.File("analysis"), file)), file);
        }
    }

    [Fact]
    public void Train_With_A_Study_And_The_Default_Output_Resumes_When_Run_Again()
    {
        // Given: the same train command twice, without --storage or --output, from one working directory
        var data = _dir.Write("d.csv", SyntheticData.Csv(120));
        var original = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _dir.Path;
        try
        {
            string[] args = ["train", "--dataset", data, "--label-col", "y", "--trainers", "sdca,lbfgs-poisson",
                "--study", "again", "--max-trials", "3", "--parallelism", "1", "--quiet"];

            // When
            var first = CliRunner.Run(args);
            Thread.Sleep(1100); // the default output folder is timestamped to the second
            var second = CliRunner.Run(args);

            // Then: one study file outside the output folders holds both runs' trials, the defaults once
            Assert.Equal((0, ""), first);
            Assert.Equal((0, ""), second);
            var storage = "sqlite:" + Path.Combine(_dir.Path, "models", "studies", "again.db");
            var listed = CaptureOut(() => CliRunner.Run("study", "list", "--study", "again", "--storage", storage, "--json").ExitCode, out var code);
            Assert.Equal(0, code);
            using var trials = JsonDocument.Parse(listed);
            Assert.Equal(6, trials.RootElement.GetArrayLength());
            var study = MlPipeline.Tuning.Study.CreateOrLoad("again", MlPipeline.Tuning.Storage.StudyStorageFactory.Open(storage));
            Assert.Equal(2, study.Trials.Count(t => t.FixedParams.Count > 0));
        }
        finally
        {
            Environment.CurrentDirectory = original;
        }
    }

    [Fact]
    public void Worker_With_Another_Label_Or_Other_Data_Than_The_Study_Exits_2_Saying_What_Differs()
    {
        // Given: a study created for label y
        var data = _dir.Write("d.csv", SyntheticData.Csv(120));
        var storage = "sqlite:" + _dir.File("fp.db");
        string[] OneSdcaTrial(string command, string dataset, string label) =>
            [command, "--dataset", dataset, "--label-col", label, "--trainers", "sdca", "--study", "fp", "--storage", storage,
                "--max-trials", "1", "--parallelism", "1", "--quiet"];
        var train = CliRunner.Run([.. OneSdcaTrial("train", data, "y"), "--output", _dir.File("m")]);
        var other = _dir.Write("other.csv", SyntheticData.Csv(121));

        // When: workers join with another label, then with other data
        var label = CliRunner.Run(OneSdcaTrial("worker", data, "x1"));
        var rows = CliRunner.Run(OneSdcaTrial("worker", other, "y"));

        // Then: exit 2 and one line naming the difference; the study did not get their trials
        Assert.Equal((0, ""), train);
        Assert.Equal(2, label.ExitCode);
        Assert.Single(label.Error.Trim().Split('\n'));
        Assert.Contains("study 'fp' was created for label 'y', this run predicts 'x1'", label.Error);
        Assert.Equal(2, rows.ExitCode);
        Assert.Single(rows.Error.Trim().Split('\n'));
        Assert.Contains("other data", rows.Error);
        var study = MlPipeline.Tuning.Study.CreateOrLoad("fp", MlPipeline.Tuning.Storage.StudyStorageFactory.Open(storage));
        Assert.Single(study.Trials);
    }

    [Fact]
    public void Study_Commands_Name_A_Missing_Study()
    {
        var (code, error) = CliRunner.Run("study", "show", "--study", "nope", "--storage", "sqlite:" + _dir.File("empty.db"));

        Assert.Equal(2, code);
        Assert.Contains("no study named 'nope'", error);
    }

    [Fact]
    public void Worker_Needs_A_Study_And_Storage()
    {
        var (code, error) = CliRunner.Run("worker", "--dataset", _dir.Write("d.csv", SyntheticData.Csv(50)), "--label-col", "y", "--quiet");

        Assert.Equal(2, code);
        Assert.Contains("a worker needs --study and --storage", error);
    }
}
