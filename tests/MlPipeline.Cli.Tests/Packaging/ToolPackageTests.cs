using System.Globalization;
using System.Security.Cryptography;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Packaging;

/// <summary>
/// The tool as a user installs it from its package: its help, a 5-second train (a network included, so TorchSharp's
/// patched native library must be in the package), and codegen's project built against the local runtime package,
/// scoring rows as <c>predict</c> does.
/// </summary>
// Alone: packing and installing a 430 MB tool would starve the timed tests beside it.
[Collection(MlPipeline.Cli.Tests.Faults.FaultsCollection.Name)]
public sealed class ToolPackageTests(InstalledTool tool) : IClassFixture<InstalledTool>
{
    [Fact]
    public void Pack_Should_WriteTheToolAndRuntimePackages_And_InstallShouldPutMlpipelineOnTheToolPath()
    {
        Assert.True(tool.Pack.ExitCode == 0, tool.Pack.Output + tool.Pack.Error);
        Assert.True(File.Exists(Path.Combine(tool.Packages, $"MlPipeline.Cli.{InstalledTool.Version}.nupkg")), "no tool package");
        Assert.True(File.Exists(Path.Combine(tool.Packages, $"MlPipeline.Runtime.{InstalledTool.Version}.nupkg")), "no runtime package");
        Assert.True(tool.Install.ExitCode == 0, tool.Install.Output + tool.Install.Error);
        Assert.True(File.Exists(Path.Combine(tool.ToolPath, "mlpipeline")), "no mlpipeline on the tool path");
        // The tool installed is the one just packed, not a package of the same name and version from another source.
        var store = Path.Combine(tool.ToolPath, ".store", "mlpipeline.cli", InstalledTool.Version, "mlpipeline.cli", InstalledTool.Version);
        Assert.Equal(Hash(Path.Combine(tool.Packages, $"MlPipeline.Cli.{InstalledTool.Version}.nupkg")), Hash(Path.Combine(store, $"mlpipeline.cli.{InstalledTool.Version}.nupkg")));
    }

    [Fact]
    public void Help_Should_ListEveryCommandUnderTheToolsName_When_RunFromTheInstalledTool()
    {
        // When
        var (code, output, error) = tool.Tool("--help");

        // Then
        Assert.True(code == 0, error);
        Assert.Matches("(?m)^  mlpipeline \\[command\\] \\[options\\]$", output);
        foreach (var command in new[] { "train", "predict", "serve", "study", "worker", "codegen" })
        {
            Assert.Matches($"(?m)^  {command} ", output);
        }
    }

    [Fact]
    public void Train_Should_WriteItsOutputsAndRunANetwork_When_RunFromTheInstalledTool()
    {
        // Given: the fixture's 5-second train
        var (code, _, error) = tool.Train;

        // Then: exit 0 and the outputs
        Assert.True(code == 0, error);
        foreach (var file in new[] { "model.zip", "model.onnx", "metrics.json", "leaderboard.csv", "report.html", "schema.json" })
        {
            Assert.True(File.Exists(Path.Combine(tool.RunFolder, file)), $"train wrote no {file}");
        }
        // And the mlp trials ran: each completed, was pruned, or was stopped by the per-trial cap or the deadline (1 s of
        // a 5 s budget on a busy machine may not see a first epoch); none failed otherwise, as on loading TorchSharp.
        var lines = File.ReadAllLines(Path.Combine(tool.RunFolder, "leaderboard.csv"));
        var mlp = lines.Skip(1).Where(l => l.Split(',')[1] == "mlp").ToList();
        Assert.NotEmpty(mlp);
        Assert.All(mlp, l => Assert.True(l.Split(',')[3] is "completed" or "pruned"
            || l.Contains("stopped at the per-trial cap", StringComparison.Ordinal)
            || l.Contains("Cancelled before the objective finished", StringComparison.Ordinal), l));
    }

    [Fact]
    public void Pack_Should_ShipTheBuildsPatchedTorchSharpLibrary_When_TheToolIsInstalled()
    {
        // Given: the build output's copy (patched by build/TorchSharpGlibcxx.targets where libstdc++ lacks GLIBCXX_3.4.32)
        var library = Path.Combine("runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var cli = RepositoryFiles.Path(Path.Combine("src", "MlPipeline.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0"));
        var built = File.ReadAllBytes(Path.Combine(cli, library));

        // When
        var installed = Directory.GetFiles(Path.Combine(tool.ToolPath, ".store"), "libLibTorchSharp.so", SearchOption.AllDirectories)
            .Where(f => f.Replace('\\', '/').Contains("/linux-x64/", StringComparison.Ordinal)).ToList();

        // Then: the installed tool has the build's copy, so a network loads from it as from the build
        Assert.Single(installed);
        Assert.Equal(built, File.ReadAllBytes(installed[0]));
    }

    [Fact]
    public void Codegen_Should_WriteAProjectThatBuildsAgainstTheRuntimePackageAndScoresAsPredict()
    {
        // Given: the trained model, and rows (one with missing values and an unseen category) as CSV for predict
        Assert.True(tool.Train.ExitCode == 0, tool.Train.Error);
        var rows = Path.Combine(tool.Work, "rows.csv");
        File.WriteAllText(rows, "x-1,class,2x,city,flag,when\n0.5,,-1.25,b,yes,2020-03-04\n-1.5,0.75,,zz,,\n");
        var generated = Path.Combine(tool.Work, "gen");

        // When: codegen, a program of the user's beside the generated files (through the generated property names), its
        // build against the local runtime package in a fresh packages folder, and its run
        var codegen = tool.Tool("codegen", "--model", tool.RunFolder, "--namespace", "Acme.Houses", "--output", generated, "--quiet");
        Assert.True(codegen.ExitCode == 0, codegen.Error);
        File.WriteAllText(Path.Combine(generated, "Program.cs"), """
            using System.Globalization;
            using Acme.Houses;

            using var scorer = new ModelScorer(args[0]);
            ModelInput[] houses =
            [
                new() { x_1 = 0.5, @class = null, _2x = -1.25, city = "b", flag = true, when = new DateTime(2020, 3, 4) },
                new() { x_1 = -1.5, @class = 0.75, _2x = null, city = "zz", flag = null, when = null },
            ];
            foreach (var p in scorer.Predict(houses))
            {
                Console.WriteLine(string.Join(",", new[] { p.Score, p.Lower, p.Upper }.Select(v => v?.ToString("R", CultureInfo.InvariantCulture))));
            }
            """);
        var nuget = tool.File("nuget");
        var build = InstalledTool.Dotnet(generated, "build", "-c", "Release", "-p:OutputType=Exe", $"-p:RestorePackagesPath={nuget}",
            $"-p:RestoreAdditionalProjectSources={tool.Packages}");
        Assert.True(build.ExitCode == 0, build.Output + build.Error);
        var scored = InstalledTool.Dotnet(generated, Path.Combine(generated, "bin", "Release", "net10.0", "Acme.Houses.dll"),
            Path.Combine(tool.RunFolder, "model.onnx"));
        var predicted = tool.Tool("predict", "--model", Path.Combine(tool.RunFolder, "model.onnx"), "--dataset", rows, "--output", "predictions.csv", "--quiet");

        // Then: the runtime came from the local package, and each row's score and interval are predict's
        Assert.Equal(File.ReadAllBytes(Path.Combine(tool.Packages, $"MlPipeline.Runtime.{InstalledTool.Version}.nupkg")),
            File.ReadAllBytes(Path.Combine(nuget, "mlpipeline.runtime", InstalledTool.Version, $"mlpipeline.runtime.{InstalledTool.Version}.nupkg")));
        Assert.True(scored.ExitCode == 0, scored.Error);
        Assert.True(predicted.ExitCode == 0, predicted.Error);
        var byCode = Numbers(scored.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var byPredict = Numbers(File.ReadAllLines(Path.Combine(tool.Work, "predictions.csv")).Skip(1));
        Assert.Equal(2, byCode.Length);
        Assert.Equal(byPredict.Length, byCode.Length);
        Assert.All(byCode, r => Assert.Equal(3, r.Length));
        Assert.NotEqual(byPredict[0][0], byPredict[1][0]);
        foreach (var (code, predict) in byCode.Zip(byPredict))
        {
            Assert.Equal(predict.Length, code.Length);
            for (var i = 0; i < code.Length; i++)
            {
                Assert.True(Math.Abs(code[i] - predict[i]) <= 1e-6 * Math.Abs(predict[i]), $"generated code {code[i]} vs predict {predict[i]}");
            }
        }
    }

    private static string Hash(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static double[][] Numbers(IEnumerable<string> lines) =>
        [.. lines.Select(l => l.Trim().Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())];
}
