using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using MlPipeline.Experiment;

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

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes every output of <paramref name="result"/> into <paramref name="directory"/>.</summary>
    public static void Write(ExperimentResult result, string dataPath, string directory)
    {
        using var staging = new OutputStaging(directory);
        result.Model.Save(staging.PathFor(ModelFile));
        var onnx = ExportOnnx(result, staging.PathFor(OnnxFile));
        File.WriteAllText(staging.PathFor(SchemaFile), result.Schema.ToJson());
        File.WriteAllText(staging.PathFor(MetricsFile), MetricsJson(result, dataPath, onnx));
        WriteLeaderboard(result, staging.PathFor(LeaderboardFile));
        var networks = result.Model.Networks.ToList();
        for (var i = 0; i < networks.Count; i++) networks[i].Curve.SaveCsv(staging.PathFor(i == 0 ? LossCurveCsv : $"loss-curve-{i + 1}.csv"));
        Html.HtmlReportWriter.Write(result, dataPath, staging);
        staging.Commit();
    }

    /// <summary>Exports the winner to ONNX, checking parity on the held-out test rows.</summary>
    /// <exception cref="Onnx.OnnxConversionException">A step has no converter or parity failed.</exception>
    public static Onnx.OnnxExportReport ExportOnnx(ExperimentResult result, string path)
    {
        var metadata = new Dictionary<string, string>
        {
            ["mlpipeline.label"] = result.Schema.LabelColumn.Name,
            ["mlpipeline.trainer"] = result.Winner,
            ["mlpipeline.hyperparameters"] = result.Model.Ensemble is { } ensemble
                ? JsonSerializer.Serialize(ensemble.Members.Select(m => new { m.Trainer, m.TrialNumber, m.Weight }), s_json)
                : JsonSerializer.Serialize(result.Best.HyperParameters.Values, s_json),
            ["mlpipeline.test_metrics"] = JsonSerializer.Serialize(result.TestMetrics, s_json),
            ["mlpipeline.trained_at"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["mlpipeline.preprocessing"] = result.Plan.Describe(),
        };
        var rows = result.TestData ?? throw new InvalidOperationException("the result has no test rows to check parity on");
        return Onnx.OnnxExporter.Export(new Microsoft.ML.MLContext(1), result.Model.Transformer, result.Schema, result.Plan, path, rows, metadata);
    }

    /// <summary>The content of <c>metrics.json</c>.</summary>
    public static string MetricsJson(ExperimentResult result, string dataPath, Onnx.OnnxExportReport? onnx = null) => JsonSerializer.Serialize(new
    {
        dataset = Path.GetFileName(dataPath),
        label = result.Schema.LabelColumn.Name,
        trainer = result.Winner,
        family = result.Ensemble is { Kept: true } ? "ensemble" : result.Best.Family.ToString().ToLowerInvariant(),
        hyperParameters = result.Best.HyperParameters.Values,
        test = result.TestMetrics,
        validation = result.Ensemble is { Kept: true } e ? e.Validation : result.Best.Validation,
        bestSingle = new
        {
            trainer = result.Best.Trainer,
            number = result.Best.Number,
            hyperParameters = result.Best.HyperParameters.Values,
            preprocessing = result.Best.Preprocessing,
            validation = result.Best.Validation,
            testFirstFold = result.Best.Test,
        },
        ensemble = result.Ensemble is { } ens
            ? new
            {
                kept = ens.Kept,
                decision = ens.Decision,
                validationRmse = ens.ValidationRmse,
                bestSingleValidationRmse = ens.BestSingleValidationRmse,
                candidates = ens.Candidates.Length,
                members = ens.Members.Select(m => new
                {
                    trainer = m.Trainer,
                    number = m.TrialNumber,
                    weight = m.Weight,
                    validationRmse = m.ValidationRmse,
                    refit = result.Model.Ensemble?.Members.FirstOrDefault(x => x.TrialNumber == m.TrialNumber)?.Refit,
                }),
            }
            : null,
        refitOnTrainAndValidation = result.RefitOnTrainAndValidation,
        split = result.Split,
        rowsWithMissingLabelDropped = result.Schema.RowsWithMissingLabel,
        rowsScannedForSchema = result.Schema.RowsScanned,
        labelOutliers = result.Outliers,
        preprocessing = new
        {
            description = result.Plan.Describe(),
            featureCount = result.Plan.FeatureCount,
            scaler = result.Plan.Options.Scaler,
            imputation = result.Plan.Options.Imputation,
            maxCategories = result.Plan.Options.MaxCategories,
        },
        neural = result.Model.Network is { } network
            ? new
            {
                diagnosis = network.Diagnosis.ToString(),
                explanation = network.DiagnosisExplanation,
                epochs = network.Curve.Epochs.Count,
                bestEpoch = network.Curve.BestEpoch,
                stopReason = network.Curve.StopReason.ToString(),
            }
            : null,
        onnx = onnx is null ? null : new
        {
            file = OnnxFile,
            bytes = onnx.Bytes,
            parity = new
            {
                rows = onnx.Parity.Rows,
                maxAbsoluteError = onnx.Parity.MaxAbsoluteError,
                maxRelativeError = onnx.Parity.MaxRelativeError,
                labelScale = onnx.Parity.LabelScale,
                tolerance = onnx.Parity.Tolerance,
                passed = onnx.Parity.Passed,
            },
        },
        budgetSeconds = result.Budget.TotalSeconds,
        elapsedSeconds = result.Elapsed.TotalSeconds,
        families = result.Families,
        leaderboard = result.Leaderboard.Select(e => new
        {
            e.Number, e.Trainer, e.Family, e.Status, hyperParameters = e.HyperParameters.Values,
            e.Validation, e.Test, e.TrainSeconds, e.Message, e.Preprocessing,
        }),
    }, s_json);

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
