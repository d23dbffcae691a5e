using MlPipeline.Preprocessing;

namespace MlPipeline.Reporting.Metrics;

/// <summary>The final model's preprocessing chain in <c>metrics.json</c>.</summary>
internal sealed record PreprocessingMetrics(string Description, int FeatureCount, ScalerKind Scaler, ImputationKind Imputation, int MaxCategories);
