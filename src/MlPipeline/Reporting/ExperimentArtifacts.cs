using System.Globalization;
using System.Text.Json;
using CsvHelper;
using MlPipeline.Data;
using MlPipeline.Experiment;
using MlPipeline.Experiment.Explanations;
using MlPipeline.Onnx;
using MlPipeline.Reporting.Html;
using MlPipeline.Reporting.Metrics;

namespace MlPipeline.Reporting;

/// <summary>Writes a run's outputs: <c>model.zip</c>, <c>schema.json</c>, <c>metrics.json</c>, <c>leaderboard.csv</c>, the report and, when it passed parity, <c>model.onnx</c>; all or nothing.</summary>
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

    /// <summary>
    /// Writes every output of the run (model, ONNX, schema, metrics, leaderboard, report) into
    /// <paramref name="directory"/>, all or nothing, the folder put in place with one rename. An ONNX export that
    /// fails (a step without a converter, or ONNX Runtime not reproducing ML.NET within tolerance) loses nothing
    /// else: <c>model.onnx</c> alone is left out, and the returned outcome, <c>metrics.json</c> and the report say why.
    /// </summary>
    /// <param name="result">The run.</param>
    /// <param name="directory">The output directory; written all or nothing.</param>
    /// <param name="dataPath">The data file, named in the report.</param>
    /// <param name="overwrite">Replace an existing non-empty <paramref name="directory"/> whole (a study database in it is kept).</param>
    /// <returns>Whether <c>model.onnx</c> was written, and if not, why.</returns>
    /// <exception cref="OutputExistsException">The directory is not empty and <paramref name="overwrite"/> is false; nothing is written.</exception>
    public static OnnxExportOutcome WriteOutputs(this ExperimentResult result, string directory, string dataPath, bool overwrite = false)
    {
        using var staging = new OutputStaging(directory, overwrite);
        result.Model.Save(staging.PathFor(ModelFile));
        var onnx = TryExportOnnx(result, staging.PathFor(OnnxFile));
        File.WriteAllText(staging.PathFor(SchemaFile), result.Schema.ToJson());
        var (explanations, notExplained) = Explain(result);
        File.WriteAllText(staging.PathFor(MetricsFile), MetricsDocument.From(result, dataPath, onnx, ExplanationMetrics.From(explanations, notExplained)).ToJson());
        WriteLeaderboard(result, staging.PathFor(LeaderboardFile));
        var networks = result.Model.Networks.ToList();
        for (var i = 0; i < networks.Count; i++) networks[i].Curve.SaveCsv(staging.PathFor(i == 0 ? LossCurveCsv : $"loss-curve-{i + 1}.csv"));
        var report = ReportBuilder.Build(result, dataPath, staging, explanations) with
        {
            Onnx = onnx,
            Explanations = ExplanationMetrics.From(explanations, notExplained),
        };
        if (report.Importance is { } importance)
            File.WriteAllText(staging.PathFor(FeatureImportanceFile), JsonSerializer.Serialize(importance, JsonDefaults.Options));
        HtmlReportWriter.Write(report, staging);
        staging.Commit();
        return onnx;
    }

    /// <summary>
    /// Time each analysis of the outputs that grows with the test rows (explanations, permutation importance) may take:
    /// 5 % of the budget, 2 to 30 s, so that the whole command stays within 1.1 × its budget + 10 s.
    /// </summary>
    internal static TimeSpan AnalysisLimit(TimeSpan budget) => TimeSpan.FromSeconds(Math.Clamp(budget.TotalSeconds * 0.05, 2, 30));

    /// <summary>
    /// Explains the first test rows, as many as fit in <see cref="AnalysisLimit"/> up to
    /// <see cref="ExplanationSummary.MaxRows"/>; null, with the reason, for a model that cannot be explained.
    /// </summary>
    private static (ExplanationSummary? Summary, string? Reason) Explain(ExperimentResult result)
    {
        if (result.TestData is not { } test) return (null, "no test rows");
        try
        {
            return (ExplanationSummary.Of(result.Model.Explainer(result.Split.Seed), result.Schema, new Microsoft.ML.MLContext(result.Split.Seed), test, AnalysisLimit(result.Budget)), null);
        }
        catch (Exception e) when (e is NotSupportedException or DataValidationException or ArgumentException)
        {
            return (null, e.Message);
        }
    }

    private static OnnxExportOutcome TryExportOnnx(ExperimentResult result, string path)
    {
        try
        {
            return OnnxExportOutcome.Of(result.ExportOnnx(path));
        }
        catch (OnnxConversionException e)
        {
            return OnnxExportOutcome.Failed(e);
        }
    }

    /// <summary>The content of <c>metrics.json</c>.</summary>
    /// <param name="result">The run.</param>
    /// <param name="dataPath">The data file, named in the document.</param>
    /// <param name="onnx">What became of the ONNX export (written, or why not); null when none was attempted.</param>
    /// <remarks><see cref="WriteOutputs"/> also explains test rows and adds them; this document has <c>explanations</c> null.</remarks>
    public static string MetricsJson(ExperimentResult result, string dataPath, OnnxExportOutcome? onnx = null) =>
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

    /// <summary>A cell of <c>leaderboard.csv</c>: empty when the metric is missing or not finite (the R² of a constant label).</summary>
    private static string Number(double? value) => Evaluation.RegressionQuality.Format(value, "R", missing: "");
}
