namespace MlPipeline.Tuning.Analysis;

/// <summary>Importance of one parameter.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Importance">Share of the total importance (all parameters sum to 1 when any is non-zero).</param>
public sealed record ParamImportance(string Name, double Importance);
