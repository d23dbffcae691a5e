using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Testing;
using MlPipeline.Trainers;

namespace MlPipeline.Tests.Onnx;

/// <summary>
/// Every trainer family's export passes Debian's onnx 1.12 checker (full check) and strict shape inference, and
/// scores the same in a second runtime binding, onnxruntime-node (tests/ci-onnx-tools.sh installs both).
/// </summary>
public sealed class ExternalCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Trainers() => [.. TrainerRegistry.Default.Names];

    internal static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), $"{file} timed out");
        Assert.True(process.ExitCode == 0, $"{file} failed ({process.ExitCode}): {error.Result}. Run tests/ci-onnx-tools.sh (tests/run.sh does).");
        return output.Result;
    }

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Export_Passes_The_Onnx_Checker_And_Scores_Alike_In_OnnxRuntime_Node(string trainer)
    {
        // Given
        var (ml, chain, schema, plan, train) = ExportedModels.Fit(_dir, trainer);
        var path = _dir.File($"{trainer}.onnx");
        OnnxExporter.Export(ml, chain, schema, plan, path, train, new Dictionary<string, string>());

        // When: onnx 1.12 checks it
        var checker = Run("/usr/bin/python3", "-c",
            "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); " +
            "onnx.shape_inference.infer_shapes(m, check_type=True, strict_mode=True); print('ok', m.ir_version)", path);

        // And: onnxruntime-node scores rows with a NaN, an unseen category and a missing category
        var rows = CsvDataLoader.Load(_dir.Write("rows.csv", "x1,x2,x3,city,flag\n0.5,,1,zzz,yes\n-1,3,0,,no\n1.5,-1,2,b,yes\n"), schema, LoadMode.Scoring);
        using var scorer = new OnnxScorer(path);
        var dotnet = scorer.Score(rows);
        var columns = new Dictionary<string, object>
        {
            ["x1"] = new float?[] { 0.5f, -1, 1.5f }, ["x2"] = new float?[] { null, 3, -1 }, ["x3"] = new float?[] { 1, 0, 2 },
            ["city"] = new[] { "zzz", "", "b" }, ["flag"] = new float?[] { 1, 0, 1 },
        };
        var input = _dir.Write("columns.json", JsonSerializer.Serialize(columns));
        var node = JsonSerializer.Deserialize<float[]>(Run("node", RepositoryFiles.Path("tests/onnx-node/score.js"), path, input))!;

        // Then
        Assert.StartsWith("ok 8", checker);
        Assert.Equal(dotnet.Length, node.Length);
        for (var i = 0; i < node.Length; i++)
        {
            Assert.True(Math.Abs(dotnet[i] - node[i]) <= 1e-5 * Math.Max(1, Math.Abs(dotnet[i])),
                string.Create(CultureInfo.InvariantCulture, $"{trainer} row {i}: .NET {dotnet[i]}, node {node[i]}"));
        }
    }

    [Fact]
    public void Interval_Outputs_Pass_The_Onnx_Checker_And_Are_The_Same_In_OnnxRuntime_Node()
    {
        // Given: a model exported with a prediction interval
        var (ml, chain, schema, plan, train) = ExportedModels.Fit(_dir, "ridge");
        var path = _dir.File("interval.onnx");
        var interval = new PredictionInterval(0.9, 1.25f, PredictionInterval.SplitConformal, 100, Exact: true);
        OnnxExporter.Export(ml, chain, schema, plan, path, train, new Dictionary<string, string>(), interval: interval);
        var rows = CsvDataLoader.Load(_dir.Write("rows.csv", "x1,x2,x3,city,flag\n0.5,,1,zzz,yes\n-1,3,0,,no\n"), schema, LoadMode.Scoring);
        var columns = new Dictionary<string, object>
        {
            ["x1"] = new float?[] { 0.5f, -1 }, ["x2"] = new float?[] { null, 3 }, ["x3"] = new float?[] { 1, 0 },
            ["city"] = new[] { "zzz", "" }, ["flag"] = new float?[] { 1, 0 },
        };
        var input = _dir.Write("interval-columns.json", JsonSerializer.Serialize(columns));

        // When
        var checker = Run("/usr/bin/python3", "-c",
            "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); " +
            "onnx.shape_inference.infer_shapes(m, check_type=True, strict_mode=True); print('ok', [o.name for o in m.graph.output])", path);
        using var scorer = new OnnxScorer(path);
        var dotnet = scorer.Predict(rows);
        float[] Node(string output) => JsonSerializer.Deserialize<float[]>(Run("node", RepositoryFiles.Path("tests/onnx-node/score.js"), path, input, output))!;

        // Then
        Assert.Equal("ok ['Score', 'Lower', 'Upper']", checker.Trim());
        static bool Close(float a, float b) => Math.Abs(a - b) <= 1e-5 * Math.Max(1, Math.Abs(a));
        Assert.Equal(dotnet.Lower!, Node(ColumnNames.Lower), Close);
        Assert.Equal(dotnet.Upper!, Node(ColumnNames.Upper), Close);
        Assert.Equal(dotnet.Score.Select(interval.LowerOf), dotnet.Lower!);
    }
}
