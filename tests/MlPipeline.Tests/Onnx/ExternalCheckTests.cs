using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Onnx.Scoring;
using MlPipeline.Testing;
using MlPipeline.Trainers;
using Xunit.Abstractions;

namespace MlPipeline.Tests.Onnx;

/// <summary>
/// Every model family's export (each trainer and an ensemble) passes Debian's onnx 1.12 checker (full check) and strict
/// shape inference, and an independent consumer in a second runtime binding, onnxruntime-node, scores raw CSV cells
/// with it as ML.NET scores them (tests/ci-onnx-tools.sh installs both).
/// </summary>
public sealed class ExternalCheckTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Trainers() => [.. TrainerRegistry.Default.Names, ExportedModels.Ensemble];

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

    /// <summary>
    /// Raw CSV rows as a consumer has them: NaN, "NA" and empty numbers, unseen and empty categories, the yes/no and
    /// Y/N booleans in other casings and spellings (1/0, true, F), empty, a missing marker and an unknown word, and
    /// cells with surrounding spaces (the reader trims them; Ames has "WD ").
    /// </summary>
    private static readonly string[] s_rawRows =
    [
        "0.5,,1,zzz,yes,Y", "-1,3,0,,  no, N", "1.5,-1,2, b ,YES ,y", "0.25,NaN,-1,a,No,n", "1,1,1,c,true,N", "-0.5,0.5,0.5,d,F,Yes",
        "0,2,NA,b,1,0", "2,-2,1,a,maybe,?", "-2,0,0,b,,", "1e6,-1e6,0,b,T,NO",
    ];

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Export_Passes_The_Onnx_Checker_And_Scores_Raw_Csv_Cells_In_OnnxRuntime_Node_As_MlNet_Does(string trainer)
    {
        // Given: a fitted pipeline whose data has a yes/no and a Y/N boolean column
        var (ml, chain, schema, plan, train) = ExportedModels.Fit(_dir, trainer, withYesNo: true);
        var path = _dir.File($"{trainer}.onnx");
        var report = OnnxExporter.Export(ml, chain, schema, plan, path, train, new Dictionary<string, string>());

        // When: onnx 1.12 checks it
        var checker = Run("/usr/bin/python3", "-c",
            "import sys, onnx; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); " +
            "onnx.shape_inference.infer_shapes(m, check_type=True, strict_mode=True); print('ok', m.ir_version)", path);

        // And: onnxruntime-node scores the raw CSV, each column fed as it is to the input of its name
        var header = $"x1,x2,x3,city,flag,{ExportedModels.YesNoColumn}\n";
        var raw = _dir.Write("raw.csv", header + string.Join('\n', s_rawRows) + "\n");
        var node = JsonSerializer.Deserialize<float[]>(Run("node", RepositoryFiles.Path("tests/onnx-node/score.js"), path, raw), JsonDefaults.Options)!;

        // Then: as ML.NET scores the rows the reader loads (an unknown boolean word is missing there)
        var loaded = CsvDataLoader.Load(_dir.Write("loaded.csv", header + string.Join('\n', s_rawRows).Replace("maybe", "") + "\n"), schema, LoadMode.Scoring);
        var expected = chain.Transform(loaded).GetColumn<float>(ColumnNames.Score).ToArray();
        Assert.StartsWith("ok 8", checker);
        Assert.Equal(expected.Length, node.Length);
        // Within the tolerance of the hard-row parity tests: 1e-5 of the training label range plus 1e-6 of the score
        var scale = report.Parity.LabelScale;
        for (var i = 0; i < node.Length; i++)
        {
            var same = expected[i] == node[i] || (float.IsNaN(expected[i]) && float.IsNaN(node[i]))
                || Math.Abs(expected[i] - node[i]) <= OnnxExporter.RelativeTolerance * scale + 1e-6 * Math.Abs(expected[i]);
            Assert.True(same, string.Create(CultureInfo.InvariantCulture, $"{trainer} row {i} ({s_rawRows[i]}): ML.NET {expected[i]}, node {node[i]}"));
        }
        var relative = expected.Zip(node, (e, n) => e == n || (float.IsNaN(e) && float.IsNaN(n)) ? 0 : Math.Abs(e - n) / Math.Max(1, Math.Abs(e))).Max();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{trainer}: largest |node − ML.NET| / |ML.NET| {relative:E2}"));
    }

    [Fact]
    public void Interval_Outputs_Pass_The_Onnx_Checker_And_Are_The_Same_In_OnnxRuntime_Node()
    {
        // Given: a model exported with a prediction interval
        var (ml, chain, schema, plan, train) = ExportedModels.Fit(_dir, "ridge");
        var path = _dir.File("interval.onnx");
        var interval = new PredictionInterval(0.9, 1.25f, PredictionInterval.SplitConformal, 100, Exact: true);
        OnnxExporter.Export(ml, chain, schema, plan, path, train, new Dictionary<string, string>(), interval: interval);
        // The Node consumer reads the same raw CSV cells.
        var input = _dir.Write("rows.csv", "x1,x2,x3,city,flag\n0.5,,1,zzz,yes\n-1,3,0,,no\n");
        var rows = CsvDataLoader.Load(input, schema, LoadMode.Scoring);

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
