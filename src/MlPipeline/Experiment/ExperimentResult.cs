using System.Collections.Immutable;
using MlPipeline.Data;
using MlPipeline.Evaluation;
using MlPipeline.Preprocessing;

namespace MlPipeline.Experiment;

/// <summary>What a run produced: the winner (fitted, refit when time allowed), its honest test metrics, and the evidence.</summary>
/// <param name="Schema">The inferred schema.</param>
/// <param name="Plan">The preprocessing chain of the final model.</param>
/// <param name="Split">Row counts of train, validation and test.</param>
/// <param name="Outliers">Label outliers in the training rows.</param>
/// <param name="Leaderboard">Every trial, best validation RMSE first.</param>
/// <param name="Best">The selected trial.</param>
/// <param name="Model">The final fitted pipeline.</param>
/// <param name="TestMetrics">The final model's metrics on the held-out test rows.</param>
/// <param name="RefitOnTrainAndValidation">Whether the final model was refit on train + validation rows.</param>
/// <param name="Elapsed">Wall-clock time of the run.</param>
/// <param name="Budget">The run's budget.</param>
public sealed record ExperimentResult(
    DataSchema Schema,
    PreprocessingPlan Plan,
    DataSplit Split,
    LabelOutlierReport Outliers,
    ImmutableArray<LeaderboardEntry> Leaderboard,
    LeaderboardEntry Best,
    PipelineModel Model,
    RegressionQuality TestMetrics,
    bool RefitOnTrainAndValidation,
    TimeSpan Elapsed,
    TimeSpan Budget)
{
    /// <summary>What ensemble selection found; null when fewer than two models completed in this run.</summary>
    public Ensembling.EnsembleReport? Ensemble { get; init; }

    /// <summary>What the final model is: "ensemble" or the best single trainer's name.</summary>
    public string Winner => Ensemble is { Kept: true } ? "ensemble" : Best.Trainer;

    /// <summary>The study the trials were recorded in, for optimisation history and parameter importance.</summary>
    public Tuning.Study? Study { get; init; }

    /// <summary>The name of <see cref="Study"/>.</summary>
    public string? StudyName => Study?.Name;

    /// <summary>The held-out test rows as loaded (raw columns), for plots and permutation importance.</summary>
    public Microsoft.ML.IDataView? TestData { get; init; }

    /// <summary>The test rows' labels, in row order.</summary>
    public IReadOnlyList<float> TestLabels { get; init; } = [];

    /// <summary>The final model's predictions for the test rows, in row order.</summary>
    public IReadOnlyList<float> TestPredictions { get; init; } = [];

    /// <summary>
    /// The smallest and largest label of the training rows (train + validation, never the test rows): the ONNX
    /// parity tolerance is scaled by this range. Null for a result built without it; the schema's range is used then.
    /// </summary>
    public (double Min, double Max)? TrainingLabelRange { get; init; }

    /// <summary>The coefficients of the best linear model, fitted on the first fold's training rows; null when no linear trial completed.</summary>
    public LinearCoefficients? LinearModel { get; init; }

    /// <summary>
    /// Why the final model has no prediction interval although one was asked for (the winner's out-of-fold predictions
    /// are not in this run, or too few rows for the level); null when it has one or none was asked for.
    /// </summary>
    public string? IntervalNote { get; init; }

    /// <summary>The selected trainers the sweep left out (too slow for the folds within a trial's cap), in the order given.</summary>
    public ImmutableArray<LeftOutTrainer> LeftOut { get; init; } = [];

    /// <summary>The best completed model of each family, by validation RMSE.</summary>
    public IEnumerable<FamilySummary> Families =>
        Leaderboard.Where(e => e.Status == TrialStatus.Completed)
            .GroupBy(e => e.Family)
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var best = g.MinBy(e => e.Validation!.Rmse)!;
                return new FamilySummary(g.Key, best.Trainer, best.Validation!, best.Test!, g.Count());
            });
}
