using System.Collections.Immutable;
using System.Text.Json;
using MlPipeline.Data;
using MlPipeline.Evaluation;
using MlPipeline.Experiment;
using MlPipeline.Onnx;
using MlPipeline.Preprocessing;

namespace MlPipeline.Reporting.Metrics;

/// <summary>
/// The content of <c>metrics.json</c>. Users' scripts read it, so the property order, names and nulls are part of
/// the format: add new properties at the end.
/// </summary>
internal sealed record MetricsDocument(
    string Dataset,
    string Label,
    string Trainer,
    string Family,
    ImmutableSortedDictionary<string, object> HyperParameters,
    RegressionQuality Test,
    RegressionQuality Validation,
    BestSingleMetrics BestSingle,
    EnsembleMetrics? Ensemble,
    bool RefitOnTrainAndValidation,
    DataSplit Split,
    long RowsWithMissingLabelDropped,
    long RowsScannedForSchema,
    LabelOutlierReport LabelOutliers,
    PreprocessingMetrics Preprocessing,
    NeuralMetrics? Neural,
    OnnxMetrics? Onnx,
    double BudgetSeconds,
    double ElapsedSeconds,
    IReadOnlyList<FamilySummary> Families,
    IReadOnlyList<LeaderboardMetrics> Leaderboard,
    LinearCoefficients? LinearModel,
    IntervalMetrics? Interval,
    ExplanationMetrics? Explanations,
    IReadOnlyList<LeftOutTrainer> LeftOut)
{
    /// <summary>The document of a run; <paramref name="onnx"/> is null when no export was attempted.</summary>
    /// <param name="result">The run.</param>
    /// <param name="dataPath">The data file.</param>
    /// <param name="onnx">What became of the ONNX export.</param>
    /// <param name="explanations">The explanations of the test rows; null when none were computed.</param>
    public static MetricsDocument From(ExperimentResult result, string dataPath, OnnxExportOutcome? onnx, ExplanationMetrics? explanations = null)
    {
        var best = result.Best;
        var kept = result.Ensemble is { Kept: true };
        return new MetricsDocument(
            Path.GetFileName(dataPath),
            result.Schema.LabelColumn.Name,
            result.Winner,
            kept ? "ensemble" : best.Family.ToString().ToLowerInvariant(),
            best.HyperParameters.Values,
            result.TestMetrics,
            kept ? result.Ensemble!.Validation : best.Validation!,
            new BestSingleMetrics(best.Trainer, best.Number, best.HyperParameters.Values, best.Preprocessing, best.Validation, best.Test),
            result.Ensemble is { } ensemble ? EnsembleMetrics.From(ensemble, result.Model.Ensemble) : null,
            result.RefitOnTrainAndValidation,
            result.Split,
            result.Schema.RowsWithMissingLabel,
            result.Schema.RowsScanned,
            result.Outliers,
            new PreprocessingMetrics(result.Plan.Describe(), result.Plan.FeatureCount, result.Plan.Options.Scaler, result.Plan.Options.Imputation, result.Plan.Options.MaxCategories),
            result.Model.Network is { } network
                ? new NeuralMetrics(network.Diagnosis.ToString(), network.DiagnosisExplanation, network.Curve.Epochs.Count, network.Curve.BestEpoch, network.Curve.StopReason.ToString())
                : null,
            onnx is null ? null : OnnxMetrics.From(onnx),
            result.Budget.TotalSeconds,
            result.Elapsed.TotalSeconds,
            [.. result.Families],
            [.. result.Leaderboard.Select(LeaderboardMetrics.From)],
            result.LinearModel,
            IntervalMetrics.From(result),
            explanations,
            result.LeftOut);
    }

    /// <summary>The indented JSON written to <c>metrics.json</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Options);
}
