namespace MlPipeline.Reporting.Metrics;

/// <summary>One input column's mean absolute contribution over the explained test rows.</summary>
/// <param name="Column">The input column.</param>
/// <param name="MeanAbsoluteContribution">Its mean |contribution|, on the explanations' scale.</param>
internal sealed record ColumnContributionMetrics(string Column, double MeanAbsoluteContribution);
