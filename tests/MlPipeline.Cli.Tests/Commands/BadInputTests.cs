using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Commands;

[Collection("console")]
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Rows(int n) => string.Join("\n", Enumerable.Range(0, n).Select(i => $"{i % 7},{i}")) + "\n";

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "missing", "", "file not found" },
        { "empty", "<empty>", "file is empty" },
        { "header-only", "x,y\n", "no data rows" },
        { "no-header", "1,2\n3,4\n", "no header row" },
        { "duplicate", "x,x,y\n1,2,3\n", "duplicate column name" },
        { "ragged", "x,y\n" + Rows(10) + "1,2,3\n", "ragged row" },
        { "quote", "x,y\n" + Rows(25) + "\"open,5\n", "quote" },
        { "binary", "<binary>", "binary data" },
        { "no-label", "x,z\n" + Rows(30), "label column not found" },
        { "text-label", "x,y\n" + Rows(3) + "1,abc\n" + Rows(30), "label is not a number (value 'abc')" },
        { "all-missing-label", "x,y\n" + string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{i},")) + "\n", "no values" },
        { "too-few", "x,y\n" + Rows(6), "too few usable rows" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Train_Gives_A_One_Line_Error_Exit_2_And_Writes_Nothing(string name, string content, string expected)
    {
        // Given
        var path = _dir.File(name + ".csv");
        if (content == "<binary>") File.WriteAllBytes(path, [0x50, 0x4B, 0x03, 0x04, 0x00, 0xFF, 0xFE, 0x00, 0x01]);
        else if (content == "<empty>") File.WriteAllBytes(path, []);
        else if (content.Length > 0) File.WriteAllText(path, content);
        var output = _dir.File("out-" + name);

        // When
        var (code, error) = CliRunner.Run("train", "--dataset", path, "--label-col", "y", "--output", output, "--max-trials", "4", "--parallelism", "1", "--quiet");

        // Then
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.StartsWith($"error: {path}", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.GetDirectories(_dir.Path, ".*"));
    }

    [Fact]
    public void Unknown_Trainer_Is_Bad_Input()
    {
        var (code, error) = CliRunner.Run("train", "--dataset", _dir.Write("d.csv", SyntheticData.Csv(50)), "--label-col", "y", "--trainers", "xgb", "--max-trials", "4", "--parallelism", "1", "--quiet");

        Assert.Equal(2, code);
        Assert.Contains("unknown trainer 'xgb'", error);
    }

    [Fact]
    public void Predict_Names_A_Missing_Required_Column_And_Writes_Nothing()
    {
        var model = _dir.File("m");
        CliRunner.Run("train", "--dataset", _dir.Write("d.csv", SyntheticData.Csv(200)), "--label-col", "y", "--trainers", "sdca", "--output", model, "--max-trials", "4", "--parallelism", "1", "--quiet");
        var score = _dir.Write("s.csv", "x1,x2\n1,2\n");

        var (code, error) = CliRunner.Run("predict", "--model", model, "--dataset", score, "--output", _dir.File("p.csv"), "--quiet");

        Assert.Equal(2, code);
        Assert.Contains("column 'x3': required column is missing", error);
        Assert.False(File.Exists(_dir.File("p.csv")));
    }

    [Fact]
    public void Predict_With_A_Missing_Model_Is_Bad_Input()
    {
        var (code, error) = CliRunner.Run("predict", "--model", _dir.File("none"), "--dataset", _dir.Write("s.csv", "a\n1\n"), "--quiet");

        Assert.Equal(2, code);
        Assert.Contains("model file not found", error);
    }
}
