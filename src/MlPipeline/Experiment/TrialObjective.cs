using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Trainers;
using MlPipeline.Tuning;
using RegressionMetrics = MlPipeline.Reporting.RegressionMetrics;

namespace MlPipeline.Experiment;

/// <summary>
/// The objective a study minimises: choose a trainer and its hyperparameters from the trial, fit it on each
/// validation fold's training rows and return the RMSE over all held-out rows (out of fold under
/// cross-validation). Test metrics of the first fold's model are stored on the trial for the leaderboard but
/// never returned. Thread-safe: each call fits with its own <see cref="MLContext"/>.
/// </summary>
internal sealed class TrialObjective(
    TrainerRegistry registry,
    IReadOnlyList<string> trainers,
    TrainerInput input,
    IReadOnlyList<ValidationFold> folds,
    float[] testLabels)
{
    public const string MetricsAttribute = "metrics";
    private readonly Lock _gate = new();
    private double _bestRmse = double.PositiveInfinity;

    /// <summary>The best trial's regressor fitted on the first fold (pairs with that fold's preprocessing), by trial number.</summary>
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
        var labels = new List<float>();
        var predictions = new List<float>();
        ITransformer? first = null;
        float[] testScores = [];
        for (var f = 0; f < folds.Count; f++)
        {
            var fold = folds[f];
            // Only the first fold reports epochs: the pruner compares trials step by step.
            var trialInput = input with
            {
                Cancellation = cancellationToken,
                OnStep = f > 0 ? null : (step, loss) =>
                {
                    trial.Report(loss, step);
                    pruned = trial.ShouldPrune();
                    return !pruned;
                },
            };
            var model = FitWithin(() => candidate.CreateEstimator(ml, trialInput, hyperParameters).Fit(fold.FeaturesTrain), cancellationToken);
            if (pruned) throw new TrialPrunedException();
            cancellationToken.ThrowIfCancellationRequested();
            var scores = model.Transform(fold.FeaturesValidation).GetColumn<float>("Score").ToArray();
            if (scores.Any(s => !float.IsFinite(s))) throw new InvalidOperationException("non-finite predictions on validation rows");
            labels.AddRange(fold.ValidationLabels);
            predictions.AddRange(scores);
            if (f == 0)
            {
                first = model;
                testScores = model.Transform(fold.FeaturesTest).GetColumn<float>("Score").ToArray();
            }
        }
        var seconds = clock.Elapsed.TotalSeconds / folds.Count;
        var entry = new LeaderboardEntry(
            name, candidate.Family, hyperParameters, TrialStatus.Completed,
            RegressionMetrics.Compute(labels, predictions),
            RegressionMetrics.Compute(testLabels, testScores), seconds) { Number = trial.Number };
        var model0 = first!;
        trial.SetUserAttribute(MetricsAttribute, JsonSerializer.Serialize(new TrialMetrics(entry.Validation!, entry.Test!, seconds)));
        lock (_gate)
        {
            if (entry.Validation!.Rmse < _bestRmse)
            {
                _bestRmse = entry.Validation.Rmse;
                Best = (trial.Number, model0);
            }
        }
        Finished?.Invoke(entry);
        return entry.Validation!.Rmse;
    }

    /// <summary>
    /// Fits, but stops waiting when the budget runs out. Some ML.NET trainers (GAM's boosting loop among them) do not
    /// check the context's cancellation, so a fit past the deadline is abandoned: its result is discarded and the
    /// trial is recorded as stopped, while the thread finishes on its own.
    /// </summary>
    private static ITransformer FitWithin(Func<ITransformer> fit, CancellationToken cancellationToken)
    {
        var task = Task.Run(fit, CancellationToken.None);
        try
        {
            task.Wait(cancellationToken);
            return task.Result;
        }
        catch (OperationCanceledException)
        {
            throw new OperationCanceledException("stopped at the time budget", cancellationToken);
        }
        catch (AggregateException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("stopped at the time budget", e.InnerException, cancellationToken);
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>What a trial stores about its fit, for leaderboards rebuilt from storage.</summary>
    internal sealed record TrialMetrics(RegressionMetrics Validation, RegressionMetrics Test, double TrainSeconds);
}
