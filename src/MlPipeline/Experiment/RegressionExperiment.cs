using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Reporting;
using RegressionMetrics = MlPipeline.Reporting.RegressionMetrics;
using MlPipeline.Trainers;

namespace MlPipeline.Experiment;

/// <summary>
/// The library entry point: CSV in, the best regression pipeline out, selected on validation rows and evaluated
/// on held-out test rows, within a wall-clock budget.
/// </summary>
/// <example>
/// <code>
/// var result = new RegressionExperiment(new MLContext(seed: 42))
///     .WithData("data/ames.csv").WithLabel("Sale_Price").WithTimeBudget(TimeSpan.FromMinutes(1))
///     .Run();
/// Console.WriteLine(result.TestMetrics.Rmse);
/// </code>
/// </example>
public sealed class RegressionExperiment
{
    private readonly MLContext _ml;
    private readonly TrainerRegistry _registry;
    private ExperimentOptions _options = new();

    /// <summary>Creates an experiment over the classic ML.NET regressors.</summary>
    public RegressionExperiment(MLContext ml) : this(ml, TrainerRegistry.Classic) { }

    /// <summary>Creates an experiment over the trainers of <paramref name="registry"/>.</summary>
    public RegressionExperiment(MLContext ml, TrainerRegistry registry)
    {
        _ml = ml;
        _registry = registry;
    }

    /// <summary>The options the run will use.</summary>
    public ExperimentOptions Options => _options;

    /// <summary>Learns from the CSV file at <paramref name="path"/>.</summary>
    public RegressionExperiment WithData(string path) => Set(_options with { DataPath = path });

    /// <summary>Predicts the column named <paramref name="label"/>.</summary>
    public RegressionExperiment WithLabel(string label) => Set(_options with { Label = label });

    /// <summary>Bounds the whole run, refit included.</summary>
    public RegressionExperiment WithTimeBudget(TimeSpan budget) => Set(_options with { TimeBudget = budget });

    /// <summary>Restricts the trainers to a comma-separated list of names.</summary>
    public RegressionExperiment WithTrainers(string? names) => Set(_options with { Trainers = names });

    /// <summary>Replaces all options at once.</summary>
    public RegressionExperiment WithOptions(ExperimentOptions options) => Set(options);

    /// <summary>Runs the experiment. Cancelling stops the sweep: the best model so far is returned as it is, not refit.</summary>
    /// <exception cref="DataValidationException">The data or label is unusable.</exception>
    /// <exception cref="InvalidOperationException">No trainer produced a model.</exception>
    public ExperimentResult Run(IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var options = _options;
        var path = options.DataPath ?? throw new InvalidOperationException("no data: call WithData first");
        var label = options.Label ?? throw new InvalidOperationException("no label: call WithLabel first");
        var candidates = _registry.Select(options.Trainers);
        var clock = Stopwatch.StartNew();
        var budget = options.TimeBudget;
        void Report(ExperimentStage stage, string message, string? trainer = null, int done = 0, double? best = null) =>
            progress?.Report(new ExperimentProgress(stage, trainer, done, candidates.Count, best, clock.Elapsed, budget, message));

        Report(ExperimentStage.Inferring, $"scanning {Path.GetFileName(path)}");
        var schema = new SchemaInferrer().Infer(path, label, options.Format, options.Overrides);
        var labelName = schema.LabelColumn.Name;

        Report(ExperimentStage.Preparing, "splitting and fitting preprocessing");
        IDataView all = new CsvDataView(path, schema, LoadMode.Training);
        all = _ml.Data.Cache(all);
        var outer = _ml.Data.TrainTestSplit(all, options.TestFraction, seed: options.Seed);
        var inner = _ml.Data.TrainTestSplit(outer.TrainSet, options.ValidationFraction, seed: options.Seed + 1);
        var (train, outliers) = HandleOutliers(inner.TrainSet, labelName, options.Preprocessing.DropLabelOutliers);
        var validation = inner.TestSet;
        var test = outer.TestSet;
        var split = new DataSplit(Count(train), Count(validation), Count(test), options.TestFraction, options.ValidationFraction, options.Seed);
        if (split.TrainRows < 5 || split.ValidationRows < 1 || split.TestRows < 1)
        {
            throw new DataValidationException($"too few usable rows to split (train {split.TrainRows}, validation {split.ValidationRows}, test {split.TestRows})", path);
        }

        var plan = PreprocessingPlanner.Plan(schema, train, options.Preprocessing);
        var preprocessing = PreprocessingChainBuilder.Build(_ml, plan).Fit(train);
        var featuresTrain = _ml.Data.Cache(preprocessing.Transform(train));
        var featuresValidation = _ml.Data.Cache(preprocessing.Transform(validation));
        var featuresTest = _ml.Data.Cache(preprocessing.Transform(test));
        var validationLabels = featuresValidation.GetColumn<float>(labelName).ToArray();
        var testLabels = featuresTest.GetColumn<float>(labelName).ToArray();
        var labelMin = schema.LabelColumn.Min ?? 0;
        var input = new TrainerInput(labelName, PreprocessingPlan.FeaturesColumn, options.Seed, split.TrainRows);

        // Selection may use 85 % of the budget; the rest is for the refit and writing outputs.
        var selectionDeadline = budget * 0.85;
        var entries = new List<LeaderboardEntry>();
        double? bestRmse = null;
        ITransformer? bestTrialModel = null;
        foreach (var candidate in candidates)
        {
            var number = entries.Count;
            var remaining = selectionDeadline - clock.Elapsed;
            LeaderboardEntry entry;
            if (cancellationToken.IsCancellationRequested)
            {
                entry = new LeaderboardEntry(candidate.Name, candidate.Family, candidate.Defaults, TrialStatus.Skipped, null, null, 0, "cancelled");
            }
            else if (candidate.RequiresNonNegativeLabel && labelMin < 0)
            {
                entry = new LeaderboardEntry(candidate.Name, candidate.Family, candidate.Defaults, TrialStatus.Skipped, null, null, 0, "needs a non-negative label");
            }
            else if (remaining <= TimeSpan.Zero)
            {
                entry = new LeaderboardEntry(candidate.Name, candidate.Family, candidate.Defaults, TrialStatus.Skipped, null, null, 0, "time budget used up");
            }
            else
            {
                Report(ExperimentStage.Training, $"training {candidate.Name}", candidate.Name, number, bestRmse);
                (entry, var trialModel) = RunTrial(candidate, input, featuresTrain, featuresValidation, featuresTest, validationLabels, testLabels, remaining, cancellationToken);
                if (entry.Validation is { } v && (bestRmse is null || v.Rmse < bestRmse))
                {
                    bestRmse = v.Rmse;
                    bestTrialModel = trialModel;
                }
            }
            entries.Add(entry with { Number = number });
            Report(ExperimentStage.Training, Describe(entry), candidate.Name, entries.Count, bestRmse);
        }

        var completed = entries.Where(e => e.Status == TrialStatus.Completed).ToList();
        if (completed.Count == 0)
        {
            throw new InvalidOperationException($"no model trained: {string.Join("; ", entries.Select(e => $"{e.Trainer}: {e.Message}"))}");
        }
        var best = completed.MinBy(e => e.Validation!.Rmse)!;
        var bestCandidate = _registry.Get(best.Trainer);

        // Refit on train + validation when the winner's own training time says it fits in what is left;
        // after a cancellation the best model so far is kept as it is.
        var refit = !cancellationToken.IsCancellationRequested
            && budget - clock.Elapsed > TimeSpan.FromSeconds(best.TrainSeconds * 1.5 + 2);
        Report(ExperimentStage.Refitting, refit ? $"refitting {best.Trainer} on train + validation" : $"no time to refit {best.Trainer}", best.Trainer, entries.Count, bestRmse);
        var finalPlan = plan;
        ITransformer finalModel = new TransformerChain<ITransformer>(preprocessing, bestTrialModel!);
        if (refit)
        {
            var finalTrain = outer.TrainSet;
            if (options.Preprocessing.DropLabelOutliers) finalTrain = Filter(finalTrain, labelName, outliers);
            finalPlan = PreprocessingPlanner.Plan(schema, finalTrain, options.Preprocessing);
            var finalInput = input with { Rows = split.TrainRows + split.ValidationRows };
            finalModel = PreprocessingChainBuilder.Build(_ml, finalPlan)
                .Append(bestCandidate.CreateEstimator(_ml, finalInput, best.HyperParameters))
                .Fit(finalTrain);
        }

        Report(ExperimentStage.Evaluating, "scoring the held-out test rows", best.Trainer, entries.Count, bestRmse);
        var model = new PipelineModel(_ml, finalModel, schema);
        var testScores = model.Score(test);
        var testMetrics = RegressionMetrics.Compute(test.GetColumn<float>(labelName).ToArray(), testScores);
        var leaderboard = entries
            .OrderBy(e => e.Status)
            .ThenBy(e => e.Validation?.Rmse ?? double.MaxValue)
            .ToImmutableArray();
        Report(ExperimentStage.Done, $"best {best.Trainer}: test RMSE {testMetrics.Rmse:G5}, R² {testMetrics.R2:F4}", best.Trainer, entries.Count, bestRmse);
        return new ExperimentResult(schema, finalPlan, split, outliers, leaderboard, best, model, testMetrics, refit, clock.Elapsed, budget);
    }

    private (LeaderboardEntry Entry, ITransformer? Model) RunTrial(
        IRegressorCandidate candidate, TrainerInput input, IDataView train, IDataView validation, IDataView test,
        float[] validationLabels, float[] testLabels, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        var hyperParameters = candidate.Defaults;
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(input.Seed);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeLimit);
        using var link = TrainingCancellation.Link(ml, limit.Token);
        try
        {
            var model = candidate.CreateEstimator(ml, input, hyperParameters).Fit(train);
            var seconds = clock.Elapsed.TotalSeconds;
            var validationScores = model.Transform(validation).GetColumn<float>("Score").ToArray();
            var testScores = model.Transform(test).GetColumn<float>("Score").ToArray();
            if (validationScores.Any(s => !float.IsFinite(s)))
            {
                return (new LeaderboardEntry(candidate.Name, candidate.Family, hyperParameters, TrialStatus.Failed, null, null, seconds, "non-finite predictions"), null);
            }
            return (new LeaderboardEntry(
                candidate.Name, candidate.Family, hyperParameters, TrialStatus.Completed,
                RegressionMetrics.Compute(validationLabels, validationScores),
                RegressionMetrics.Compute(testLabels, testScores),
                seconds), model);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return (new LeaderboardEntry(candidate.Name, candidate.Family, hyperParameters, TrialStatus.Skipped, null, null, clock.Elapsed.TotalSeconds, "cancelled"), null);
        }
        catch (Exception) when (limit.IsCancellationRequested)
        {
            return (new LeaderboardEntry(candidate.Name, candidate.Family, hyperParameters, TrialStatus.Skipped, null, null, clock.Elapsed.TotalSeconds, $"stopped at the time budget ({timeLimit.TotalSeconds:F0} s left)"), null);
        }
        catch (Exception e)
        {
            return (new LeaderboardEntry(candidate.Name, candidate.Family, hyperParameters, TrialStatus.Failed, null, null, clock.Elapsed.TotalSeconds, e.Message.Split('\n')[0]), null);
        }
    }

    private (IDataView Train, LabelOutlierReport Report) HandleOutliers(IDataView train, string label, bool drop)
    {
        var report = LabelOutlierDetector.Detect(train.GetColumn<float>(label).ToArray(), drop);
        return (drop ? Filter(train, label, report) : train, report);
    }

    private IDataView Filter(IDataView data, string label, LabelOutlierReport report) =>
        _ml.Data.FilterRowsByColumn(data, label, report.Lower, Math.BitIncrement(report.Upper));

    private static long Count(IDataView data)
    {
        long rows = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext()) rows++;
        return rows;
    }

    private static string Describe(LeaderboardEntry e) => e.Status switch
    {
        TrialStatus.Completed => $"{e.Trainer}: validation RMSE {e.Validation!.Rmse:G5}, R² {e.Validation.R2:F4} ({e.TrainSeconds:F1} s)",
        _ => $"{e.Trainer}: {e.Status.ToString().ToLowerInvariant()} ({e.Message})",
    };

    private RegressionExperiment Set(ExperimentOptions options)
    {
        _options = options;
        return this;
    }
}
