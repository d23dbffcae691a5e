namespace MlPipeline.Experiment;

/// <summary>A progress report: stage, current trainer, trials so far, best validation RMSE, and time.</summary>
/// <param name="Stage">What the run is doing.</param>
/// <param name="Trainer">The trainer being fitted, if any.</param>
/// <param name="TrialsDone">Trials completed.</param>
/// <param name="TrialsTotal">Trials planned.</param>
/// <param name="BestValidationRmse">Best validation RMSE so far.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Budget">The run's time budget.</param>
/// <param name="Message">A human-readable line about the latest event; empty when only the current trainer changed.</param>
public sealed record ExperimentProgress(
    ExperimentStage Stage,
    string? Trainer,
    int TrialsDone,
    int TrialsTotal,
    double? BestValidationRmse,
    TimeSpan Elapsed,
    TimeSpan Budget,
    string Message)
{
    /// <summary>Trials stopped early by the pruner so far.</summary>
    public int TrialsPruned { get; init; }

    /// <summary>Trials that failed so far (their error is on the leaderboard).</summary>
    public int TrialsFailed { get; init; }
}
