using MlPipeline.Cli.Commands;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Commands;

/// <summary><c>mlpipeline codegen</c>: the files it writes, its refusal to overwrite, and its one-line errors.</summary>
[Collection("console")]
public sealed class CodegenTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Codegen_Should_RefuseToOverwriteAndWriteNothing_When_AFileExistsWithoutForce()
    {
        // Given: a trained model and code generated from it once, of which the user kept only the scorer and edited it
        var model = TrainedModel();
        var output = _dir.File("gen");
        Assert.Equal((0, ""), CliRunner.Run("codegen", "--model", model, "--namespace", "Acme.Houses", "--output", output, "--quiet"));
        Assert.Equal(["Acme.Houses.csproj", "ModelInput.cs", "ModelScorer.cs"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        var original = File.ReadAllText(Path.Combine(output, "ModelInput.cs"));
        var scorer = Path.Combine(output, "ModelScorer.cs");
        File.WriteAllText(scorer, "// mine");
        File.Delete(Path.Combine(output, "ModelInput.cs"));
        File.Delete(Path.Combine(output, "Acme.Houses.csproj"));

        // When
        var refused = CliRunner.Run("codegen", "--model", model, "--namespace", "Other", "--output", output, "--quiet");

        // Then: exit 2 naming the file, and nothing written (no ModelInput.cs, no Other.csproj, no staging folder)
        Assert.Equal((2, $"error: {scorer}: exists; pass --force to overwrite it"), (refused.ExitCode, refused.Error.Trim()));
        Assert.Equal("// mine", File.ReadAllText(scorer));
        Assert.Equal(["ModelScorer.cs"], Directory.GetFiles(output).Select(Path.GetFileName));

        // When: again with --force
        var forced = CliRunner.Run("codegen", "--model", Path.Combine(model, "model.onnx"), "--namespace", "Acme.Houses", "--output", output, "--force", "--quiet");

        // Then: the edited file is replaced and the others written again
        Assert.Equal((0, ""), forced);
        Assert.Equal(["Acme.Houses.csproj", "ModelInput.cs", "ModelScorer.cs"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
        Assert.Contains("public sealed class ModelScorer", File.ReadAllText(scorer));
        Assert.Equal(original, File.ReadAllText(Path.Combine(output, "ModelInput.cs")));
        Assert.Equal([output], Directory.GetDirectories(_dir.Path).Where(d => !d.EndsWith("model", StringComparison.Ordinal)));
    }

    [Fact]
    public void Codegen_Should_WriteAPropertyPerColumnOfTheModel_When_GivenItsFolder()
    {
        // Given
        var model = TrainedModel();

        // When
        var result = CliRunner.Run("codegen", "--model", model, "--namespace", "Acme", "--output", _dir.File("gen"), "--name", "House");

        // Then: the synthetic data's columns, typed by kind, and the project at this tool's version
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("wrote HouseInput.cs, HouseScorer.cs, Acme.csproj", result.Error);
        var input = File.ReadAllText(_dir.File("gen/HouseInput.cs"));
        Assert.Contains("public double? x1 { get; init; }", input);
        Assert.Contains("public double? x3 { get; init; }", input);
        Assert.Contains("public string? city { get; init; }", input);
        Assert.Contains("public bool? flag { get; init; }", input);
        Assert.DoesNotContain(" y { get; init; }", input);
        Assert.Contains($"Version=\"{CodegenCommand.ToolVersion()}\"", File.ReadAllText(_dir.File("gen/Acme.csproj")));
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", CodegenCommand.ToolVersion());
    }

    [Fact]
    public void Codegen_Should_FailWithOneLineNamingIt_When_TheModelIsBad()
    {
        // Given: a missing file, a folder without model.onnx, a file that is not ONNX, and a bad namespace
        var missing = _dir.File("nope.onnx");
        var empty = Directory.CreateDirectory(_dir.File("empty")).FullName;
        var text = _dir.Write("text.onnx", "not a model");
        var output = _dir.File("gen");

        // When
        var results = new[]
        {
            CliRunner.Run("codegen", "--model", missing, "--namespace", "N", "--output", output),
            CliRunner.Run("codegen", "--model", empty, "--namespace", "N", "--output", output),
            CliRunner.Run("codegen", "--model", text, "--namespace", "N", "--output", output),
            CliRunner.Run("codegen", "--model", text, "--namespace", "N-1", "--output", output),
        };

        // Then: exit 2, one line naming the path (or the option), and no output folder
        Assert.All(results, r => Assert.Equal(2, r.ExitCode));
        Assert.All(results, r => Assert.Single(r.Error.Trim().Split('\n')));
        Assert.Equal($"error: {missing}: model file not found", results[0].Error.Trim());
        Assert.StartsWith($"error: {empty}: no model.onnx in the folder", results[1].Error.Trim());
        Assert.StartsWith($"error: {text}: not a loadable ONNX model", results[2].Error.Trim());
        Assert.Equal("error: --namespace 'N-1' is not a C# namespace (dotted identifiers, no keyword, no part named like a type the generated code uses)", results[3].Error.Trim());
        Assert.False(Directory.Exists(output));
    }

    private string TrainedModel()
    {
        var model = _dir.File("model");
        var (trained, error) = CliRunner.Run("train", "--dataset", _dir.Write("d.csv", SyntheticData.Csv(200)), "--label-col", "y", "--trainers", "sdca",
            "--output", model, "--max-trials", "1", "--parallelism", "1", "--interval", "none", "--quiet");
        Assert.True(trained == 0, error);
        return model;
    }
}
