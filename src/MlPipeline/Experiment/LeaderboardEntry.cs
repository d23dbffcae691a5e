using MlPipeline.Preprocessing;
using MlPipeline.Trainers;

using MlPipeline.Evaluation;

namespace MlPipeline.Experiment;

/// <summary>One trained (or attempted) model on the leaderboard.</summary>
/// <param name="Trainer">Trainer CLI name.</param>
/// <param name="Family">Linear, non-linear or neural.</param>
/// <param name="HyperParameters">The configuration trained.</param>
/// <param name="Status">Completed, failed or skipped.</param>
/// <param name="Validation">Metrics on the validation rows (what selection uses); null unless completed.</param>
/// <param name="Test">Metrics on the held-out test rows (reported only, never used to select); null unless completed.</param>
/// <param name="TrainSeconds">Wall-clock training time.</param>
/// <param name="Message">Why it failed or was skipped.</param>
public sealed record LeaderboardEntry(
    string Trainer,
    TrainerFamily Family,
    HyperParameters HyperParameters,
    TrialStatus Status,
    RegressionQuality? Validation,
    RegressionQuality? Test,
    double TrainSeconds,
    string? Message = null)
{
    /// <summary>Trial number within the experiment (0-based, in the order run).</summary>
    public int Number { get; init; }

    /// <summary>The preprocessing the trial used.</summary>
    public PreprocessingOptions Preprocessing { get; init; } = new();

    /// <summary>Boosting rounds chosen by early stopping on the validation rows (mean over folds), which a refit boosts; null for other trainers.</summary>
    public int? Iterations { get; init; }

    /// <summary>Threads the trial's trainer was given: its own core plus those no other running trial held.</summary>
    public int Threads { get; init; } = 1;
}
