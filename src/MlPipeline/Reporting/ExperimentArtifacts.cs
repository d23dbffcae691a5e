using System.Globalization;
using System.Text.Json;
using CsvHelper;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Reporting.Html;
using MlPipeline.Reporting.Metrics;

namespace MlPipeline.Reporting;

/// <summary>Writes a run's outputs: <c>model.zip</c>, <c>schema.json</c>, <c>metrics.json</c>, <c>leaderboard.csv</c>, all or nothing.</summary>
public static class ExperimentArtifacts
{
    /// <summary>File names, as users and scripts rely on them.</summary>
    public const string ModelFile = "model.zip", SchemaFile = "schema.json", MetricsFile = "metrics.json", LeaderboardFile = "leaderboard.csv";

    /// <summary>The winner exported to ONNX (parity checked).</summary>
    public const string OnnxFile = "model.onnx";

    /// <summary>The winner's training curve, written when it is a neural network.</summary>
    public const string LossCurveCsv = "loss-curve.csv", LossCurvePng = "loss-curve.png";

    /// <summary>Permutation importance of the input columns on the test rows.</summary>
    public const string FeatureImportanceFile = "feature-importance.json";

    /// <summary>Writes every output of the run (model, ONNX, schema, metrics, leaderboard, report) into <paramref name="directory"/>.</summary>
    /// <param name="result">The run.</param>
    /// <param name="directory">The output directory; written all or nothing.</param>
    /// <param name="dataPath">The data file, named in the report.</param>
    /// <exception cref="OnnxConversionException">The winner could not be exported to ONNX; nothing is written.</exception>
    public static void WriteOutputs(this ExperimentResult result, string directory, string dataPath)
    {
        using var staging = new OutputStaging(directory);
        result.Model.Save(staging.PathFor(ModelFile));
        var onnx = result.ExportOnnx(staging.PathFor(OnnxFile));
        File.WriteAllText(staging.PathFor(SchemaFile), result.Schema.ToJson());
        File.WriteAllText(staging.PathFor(MetricsFile), MetricsJson(result, dataPath, onnx));
        WriteLeaderboard(result, staging.PathFor(LeaderboardFile));
        var networks = result.Model.Networks.ToList();
        for (var i = 0; i < networks.Count; i++) networks[i].Curve.SaveCsv(staging.PathFor(i == 0 ? LossCurveCsv : $"loss-curve-{i + 1}.csv"));
        var report = ReportBuilder.Build(result, dataPath, staging);
        if (report.Importance is { } importance)
            File.WriteAllText(staging.PathFor(FeatureImportanceFile), JsonSerializer.Serialize(importance, JsonDefaults.Options));
        HtmlReportWriter.Write(report, staging);
        staging.Commit();
    }

    /// <summary>The content of <c>metrics.json</c>.</summary>
    /// <param name="result">The run.</param>
    /// <param name="dataPath">The data file, named in the document.</param>
    /// <param name="onnx">The ONNX export, if there was one.</param>
    public static string MetricsJson(ExperimentResult result, string dataPath, OnnxExportReport? onnx = null) =>
        MetricsDocument.From(result, dataPath, onnx).ToJson();

    private static void WriteLeaderboard(ExperimentResult result, string path)
    {
        using var writer = CsvWriter.ToFile(path, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture }, FileOptions.None);
        writer.WriteRecord([
            "rank", "trainer", "family", "status", "validation_rmse", "validation_mae", "validation_r2",
            "test_rmse", "test_mae", "test_r2", "train_seconds", "hyperparameters", "message", "preprocessing"]);
        var rank = 0;
        if (result.Ensemble is { Kept: true } ensemble)
        {
            // The final ensemble: selected on the validation predictions, its test metrics those of the final model.
            var t = result.TestMetrics;
            writer.WriteRecord([
                (++rank).ToString(CultureInfo.InvariantCulture), "ensemble", "ensemble", "completed",
                Number(ensemble.ValidationRmse), "", "", Number(t.Rmse), Number(t.Mae), Number(t.R2), "",
                ensemble.DescribeMembers(),
                ensemble.Decision, ""]);
        }
        foreach (var e in result.Leaderboard)
        {
            var completed = e.Status == TrialStatus.Completed;
            writer.WriteRecord([
                completed ? (++rank).ToString(CultureInfo.InvariantCulture) : "",
                e.Trainer, e.Family.ToString().ToLowerInvariant(), e.Status.ToString().ToLowerInvariant(),
                Number(e.Validation?.Rmse), Number(e.Validation?.Mae), Number(e.Validation?.R2),
                Number(e.Test?.Rmse), Number(e.Test?.Mae), Number(e.Test?.R2),
                Number(e.TrainSeconds), e.HyperParameters.ToString(), e.Message ?? "", e.Preprocessing.Describe()]);
        }
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}
