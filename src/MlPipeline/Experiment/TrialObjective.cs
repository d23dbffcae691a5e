using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Trainers;
using MlPipeline.Tuning;
using RegressionMetrics = MlPipeline.Reporting.RegressionMetrics;

namespace MlPipeline.Experiment;

/// <summary>
/// The objective a study minimises: choose a trainer and its hyperparameters from the trial, fit on the
/// featurized training rows, and return the validation RMSE. Test metrics are stored on the trial for the
/// leaderboard but never returned. Thread-safe: each call fits with its own <see cref="MLContext"/>.
/// </summary>
internal sealed class TrialObjective(
    TrainerRegistry registry,
    IReadOnlyList<string> trainers,
    TrainerInput input,
    IDataView train,
    IDataView validation,
    IDataView test,
    float[] validationLabels,
    float[] testLabels)
{
    public const string MetricsAttribute = "metrics";
    private readonly Lock _gate = new();
    private double _bestRmse = double.PositiveInfinity;

    /// <summary>The fitted regressor of the best trial this process ran, by trial number.</summary>
    public (int Number, ITransformer Model)? Best { get; private set; }

    /// <summary>Called after each trial this process finishes, with its leaderboard entry.</summary>
    public Action<LeaderboardEntry>? Finished { get; init; }

    public double Evaluate(Trial trial, CancellationToken cancellationToken)
    {
        var name = trial.SuggestCategorical(TrialSuggester.TrainerParameter, trainers);
        var candidate = registry.Get(name);
        var hyperParameters = candidate.Suggest(new TrialSuggester(trial, name));
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(input.Seed + trial.Number);
        using var link = TrainingCancellation.Link(ml, cancellationToken);
        var pruned = false;
        var trialInput = input with
        {
            Cancellation = cancellationToken,
            OnStep = (step, loss) =>
            {
                trial.Report(loss, step);
                pruned = trial.ShouldPrune();
                return !pruned;
            },
        };
        ITransformer model;
        try
        {
            model = candidate.CreateEstimator(ml, trialInput, hyperParameters).Fit(train);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("stopped at the time budget", cancellationToken);
        }
        if (pruned) throw new TrialPrunedException();
        var seconds = clock.Elapsed.TotalSeconds;
        var validationScores = model.Transform(validation).GetColumn<float>("Score").ToArray();
        if (validationScores.Any(s => !float.IsFinite(s))) throw new InvalidOperationException("non-finite predictions on validation rows");
        var testScores = model.Transform(test).GetColumn<float>("Score").ToArray();
        var entry = new LeaderboardEntry(
            name, candidate.Family, hyperParameters, TrialStatus.Completed,
            RegressionMetrics.Compute(validationLabels, validationScores),
            RegressionMetrics.Compute(testLabels, testScores), seconds) { Number = trial.Number };
        trial.SetUserAttribute(MetricsAttribute, JsonSerializer.Serialize(new TrialMetrics(entry.Validation!, entry.Test!, seconds)));
        lock (_gate)
        {
            if (entry.Validation!.Rmse < _bestRmse)
            {
                _bestRmse = entry.Validation.Rmse;
                Best = (trial.Number, model);
            }
        }
        Finished?.Invoke(entry);
        return entry.Validation!.Rmse;
    }

    /// <summary>What a trial stores about its fit, for leaderboards rebuilt from storage.</summary>
    internal sealed record TrialMetrics(RegressionMetrics Validation, RegressionMetrics Test, double TrainSeconds);
}
