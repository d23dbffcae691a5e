using System.Globalization;
using System.Text;
using MlPipeline.Cli.Commands;
using MlPipeline.Testing;

namespace MlPipeline.Cli.Tests.Packaging;

/// <summary>
/// The packages as a user gets them, made once for the test class: <c>dotnet pack</c> of MlPipeline.Runtime and the
/// MlPipeline.Cli tool (from this test run's build) into a temporary folder, the tool installed from there into a
/// temporary tool path, and one 5-second <c>train</c> of the installed tool on a small CSV whose column names need
/// escaping in C#. Everything lives in one temporary folder, deleted at the end.
/// </summary>
public sealed class InstalledTool : IDisposable
{
    /// <summary>The packages' version (build/Packaging.props), as the test run's build of the tool carries it.</summary>
    public static readonly string Version = CodegenCommand.ToolVersion();

    private readonly TempDirectory _dir = new();

    public InstalledTool()
    {
        var repository = RepositoryFiles.Path("");
        // The test binaries sit in bin/<configuration>/<framework>/: pack what that configuration built.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        Packages = _dir.File("packages");
        var publish = _dir.File("publish") + Path.DirectorySeparatorChar;
        Pack = Dotnet(repository, "pack", "src/MlPipeline.Runtime", "-c", configuration, "--no-build", "-o", Packages);
        if (Pack.ExitCode == 0)
        {
            Pack = Dotnet(repository, "pack", "src/MlPipeline.Cli", "-c", configuration, "--no-build", "-o", Packages, $"-p:PublishDir={publish}");
        }
        if (Directory.Exists(publish)) Directory.Delete(publish, recursive: true);
        ToolPath = _dir.File("tools");
        Install = Dotnet(Path.GetTempPath(), "tool", "install", "MlPipeline.Cli", "--tool-path", ToolPath, "--add-source", Packages, "--version", Version);
        Work = Directory.CreateDirectory(_dir.File("work")).FullName;
        System.IO.File.WriteAllText(Path.Combine(Work, "houses.csv"), Csv(300), new UTF8Encoding(false));
        RunFolder = Path.Combine(Work, "run");
        if (Install.ExitCode == 0)
        {
            // ols beside mlp: the run has a model either way, and the leaderboard says whether TorchSharp loaded.
            Train = Tool("train", "--dataset", "houses.csv", "--label-col", "y", "--train-time", "5", "--trainers", "ols,mlp",
                "--output", RunFolder, "--quiet");
        }
    }

    /// <summary>The folder the packages were written to.</summary>
    public string Packages { get; }

    /// <summary>The tool path the tool was installed into.</summary>
    public string ToolPath { get; }

    /// <summary>The folder the commands run in; holds <c>houses.csv</c>.</summary>
    public string Work { get; }

    /// <summary>The folder <see cref="Train"/> wrote its outputs to.</summary>
    public string RunFolder { get; }

    /// <summary>The last <c>dotnet pack</c>.</summary>
    public (int ExitCode, string Output, string Error) Pack { get; }

    /// <summary>The <c>dotnet tool install</c>.</summary>
    public (int ExitCode, string Output, string Error) Install { get; }

    /// <summary>The installed tool's 5-second <c>train</c>; exit code -1 when it could not run.</summary>
    public (int ExitCode, string Output, string Error) Train { get; } = (-1, "", "not run: the tool did not install");

    /// <summary>A path inside the fixture's temporary folder.</summary>
    public string File(string name) => _dir.File(name);

    /// <summary>Runs the installed <c>mlpipeline</c> in <see cref="Work"/>.</summary>
    public (int ExitCode, string Output, string Error) Tool(params string[] args) =>
        ToolProcess.Run(Path.Combine(ToolPath, "mlpipeline"), Work, args);

    /// <summary>Runs <c>dotnet</c> in <paramref name="directory"/>.</summary>
    public static (int ExitCode, string Output, string Error) Dotnet(string directory, params string[] args) =>
        ToolProcess.Run("dotnet", directory, args);

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// y = 50 + 3·a − 2·b + c² + 4·[city = b] + [flag] + month/6 + noise, under the column names <c>x-1</c>, <c>class</c>,
    /// <c>2x</c>, <c>city</c>, <c>flag</c> (yes/no), <c>when</c> (a date) and <c>y</c>.
    /// </summary>
    private static string Csv(int rows)
    {
        var random = new Random(3);
        var text = new StringBuilder("x-1,class,2x,city,flag,when,y\n");
        string[] cities = ["a", "b", "c", "d"];
        for (var i = 0; i < rows; i++)
        {
            double a = random.NextDouble() * 4 - 2, b = random.NextDouble() * 4 - 2, c = random.NextDouble() * 4 - 2;
            var city = cities[random.Next(cities.Length)];
            var flag = random.Next(2) == 0;
            var when = new DateTime(2020, 1, 1).AddDays(random.Next(700));
            var y = 50 + 3 * a - 2 * b + c * c + (city == "b" ? 4 : 0) + (flag ? 1 : 0) + when.Month / 6.0 + random.NextDouble() * 0.3;
            text.Append(F(a)).Append(',').Append(i % 13 == 4 ? "" : F(b)).Append(',').Append(F(c)).Append(',').Append(city).Append(',')
                .Append(flag ? "yes" : "no").Append(',').Append(when.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(',').Append(F(y)).Append('\n');
        }
        return text.ToString();
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
