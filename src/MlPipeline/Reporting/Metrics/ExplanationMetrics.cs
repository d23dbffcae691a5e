using MlPipeline.Experiment.Explanations;

namespace MlPipeline.Reporting.Metrics;

/// <summary>
/// The explanations in <c>metrics.json</c>: how they are computed, on how many test rows, how well they add up, and
/// each column's mean |contribution| (largest first). Without explanations only <see cref="Reason"/> is set.
/// </summary>
/// <param name="Method">How the contributions are computed.</param>
/// <param name="Scale"><c>score</c>, or <c>log(score)</c> for a single log-link model.</param>
/// <param name="Rows">Test rows explained.</param>
/// <param name="MeanBaseValue">The base value (the same for every row of an exact method).</param>
/// <param name="AdditivityError">Largest |base + Σ contributions − output| over those rows.</param>
/// <param name="Columns">Each column's mean |contribution|, largest first.</param>
/// <param name="Reason">Why there are none.</param>
internal sealed record ExplanationMetrics(string? Method, string? Scale, int? Rows, double? MeanBaseValue, double? AdditivityError,
    IReadOnlyList<ColumnContributionMetrics>? Columns, string? Reason)
{
    /// <summary>The record of <paramref name="summary"/>, or of why there is none.</summary>
    public static ExplanationMetrics From(ExplanationSummary? summary, string? reason) => summary is null
        ? new(null, null, null, null, null, null, reason)
        : new(summary.Method, summary.LogScale ? "log(score)" : "score", summary.Rows.Count,
            summary.Rows.Count == 0 ? null : summary.Rows.Average(r => r.BaseValue), summary.AdditivityError,
            [.. summary.Ranking.Select(r => new ColumnContributionMetrics(r.Column, r.MeanAbsolute))], null);
}
