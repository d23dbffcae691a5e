namespace MlPipeline.Reporting.Metrics;

/// <summary>One ensemble member in <c>metrics.json</c>; <paramref name="Refit"/> is null when the final model is no ensemble.</summary>
internal sealed record EnsembleMemberMetrics(string Trainer, int Number, double Weight, double ValidationRmse, bool? Refit);
