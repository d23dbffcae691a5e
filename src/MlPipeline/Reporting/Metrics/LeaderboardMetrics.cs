using System.Collections.Immutable;
using MlPipeline.Evaluation;
using MlPipeline.Experiment;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;

namespace MlPipeline.Reporting.Metrics;

/// <summary>One trial in <c>metrics.json</c>'s leaderboard.</summary>
internal sealed record LeaderboardMetrics(
    int Number,
    string Trainer,
    TrainerFamily Family,
    TrialStatus Status,
    ImmutableSortedDictionary<string, object> HyperParameters,
    RegressionQuality? Validation,
    RegressionQuality? Test,
    double TrainSeconds,
    string? Message,
    PreprocessingOptions Preprocessing)
{
    /// <summary>The record of a leaderboard entry.</summary>
    public static LeaderboardMetrics From(LeaderboardEntry e) =>
        new(e.Number, e.Trainer, e.Family, e.Status, e.HyperParameters.Values, e.Validation, e.Test, e.TrainSeconds, e.Message, e.Preprocessing);
}
