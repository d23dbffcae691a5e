using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Data;
using MlPipeline.Experiment.Ensembling;
using MlPipeline.Experiment.Explanations;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Ensembles;
using MlPipeline.Tuning;
using MlPipeline.Tuning.Pruners;
using MlPipeline.Tuning.Samplers;
using MlPipeline.Tuning.Storage;
using MlPipeline.Evaluation;

namespace MlPipeline.Experiment;

/// <summary>
/// The library entry point: CSV in, the best regression pipeline out. Trials run through a tuning study:
/// each trainer's known-good defaults first, then TPE-sampled configurations while the budget lasts; models
/// are compared on validation rows and the winner is evaluated on held-out test rows.
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

    /// <summary>Creates an experiment over the classic ML.NET regressors and the neural networks.</summary>
    public RegressionExperiment(MLContext ml) : this(ml, TrainerRegistry.Default) { }

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

    /// <summary>Records trials in the study <paramref name="name"/> at <paramref name="storageUrl"/>, resuming it if it exists.</summary>
    public RegressionExperiment WithStudy(string name, string? storageUrl) => Set(_options with { StudyName = name, StorageUrl = storageUrl });

    /// <summary>Replaces all options at once.</summary>
    public RegressionExperiment WithOptions(ExperimentOptions options) => Set(options);

    /// <summary>Share of the budget the sweep may use; the rest refits the winner or the ensemble's members on train + validation.</summary>
    private const double SweepShare = 0.8;

    /// <summary>Runs the experiment. Cancelling stops the sweep: the best model so far is returned as it is, not refit.</summary>
    /// <exception cref="DataValidationException">The data or label is unusable.</exception>
    /// <exception cref="InvalidOperationException">No trainer produced a model.</exception>
    public ExperimentResult Run(IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var options = _options;
        if (options.IntervalLevel is { } asked && !(asked is > 0 and < 1)) throw new ArgumentException($"the interval level must be in (0, 1), not {asked}");
        var candidates = _registry.Select(options.Trainers);
        var clock = Stopwatch.StartNew();
        var budget = options.TimeBudget;
        int done = 0, pruned = 0, failed = 0;
        double? bestRmse = null;
        void Report(ExperimentStage stage, string message, string? trainer) =>
            progress?.Report(new ExperimentProgress(stage, trainer, done, options.MaxTrials ?? 0, bestRmse, clock.Elapsed, budget, message)
            {
                TrialsPruned = pruned,
                TrialsFailed = failed,
            });
        void Stopped(TrialStatus status, string? trainer)
        {
            if (status == TrialStatus.Pruned) Interlocked.Increment(ref pruned);
            else Interlocked.Increment(ref failed);
            Report(ExperimentStage.Training, $"a {trainer} trial was {status.ToString().ToLowerInvariant()}", trainer);
        }

        var (schema, data, study, objective, leftOut) = Sweep(options, candidates, clock, budget * SweepShare, Report, entry =>
        {
            Interlocked.Increment(ref done);
            if (bestRmse is null || entry.Validation!.Rmse < bestRmse) bestRmse = entry.Validation!.Rmse;
            Report(ExperimentStage.Training, $"#{entry.Number} {entry.Trainer}: validation RMSE {entry.Validation!.Rmse:G5}, R² {RegressionQuality.Format(entry.Validation.R2, "F4")} ({entry.TrainSeconds:F1} s, {entry.Threads} thread{(entry.Threads == 1 ? "" : "s")})", entry.Trainer);
        }, cancellationToken, heartbeat: options.StorageUrl is null ? null : TimeSpan.FromSeconds(10), Stopped);

        var leaderboard = StudyLeaderboard.Build(study.Trials, _registry, data.Baseline);
        var best = leaderboard.FirstOrDefault(e => e.Status == TrialStatus.Completed)
            ?? throw new InvalidOperationException($"no model trained: {string.Join("; ", leaderboard.Select(e => $"{e.Trainer}: {e.Message}").Distinct().Take(5))}");
        var ensemble = SelectEnsemble(objective, best);
        if (ensemble is not null) Report(ExperimentStage.Ensembling, ensemble.Decision, best.Trainer);
        var final = ensemble is { Kept: true }
            ? FitEnsemble(data, schema, ensemble, objective, clock, budget, cancellationToken, Report)
            : null;
        if (final is null && ensemble is { Kept: true })
        {
            ensemble = ensemble with { Kept = false, Decision = ensemble.Decision + "; not used: a member could neither be refit in time nor taken from the sweep" };
        }
        var (model, plan, refit) = final ?? FitFinal(data, schema, best, objective, clock, budget, cancellationToken, Report);
        var (interval, intervalNote) = options.IntervalLevel is { } level
            ? ConformalCalibration.ForFinal(objective.Outcomes, objective.ValidationLabels, best, ensemble, data.Split.Folds, refit, level)
            : (null, null);
        // The model carries what explains it: its plan (an ensemble's members carry theirs) and background rows.
        var reference = InMemoryTable.From(ModelExplainer.Sample(_ml, data.TrainAndValidation, data.Split.TrainRows + data.Split.ValidationRows, options.Seed));
        model = new PipelineModel(_ml, model.Transformer, model.Schema)
        {
            Interval = interval,
            Plan = model.Transformer is EnsembleTransformer ? null : plan,
            ReferenceRows = reference,
        };

        Report(ExperimentStage.Evaluating, "scoring the held-out test rows", best.Trainer);
        var testScores = model.Score(data.Test);
        var testMetrics = RegressionQuality.Compute(data.TestLabels, testScores);
        Report(ExperimentStage.Done, $"best {(ensemble is { Kept: true } ? "ensemble" : best.Trainer)}: test RMSE {testMetrics.Rmse:G5}, R² {RegressionQuality.Format(testMetrics.R2, "F4")}", best.Trainer);
        // A network abandoned mid-epoch stops within its grace; a caller exiting while one is still inside libtorch crashes.
        TrialObjective.AwaitAbandoned(budget - clock.Elapsed + Trainers.Neural.NeuralTrainer.FirstEpochGrace);
        return new ExperimentResult(schema, plan, data.Split, data.Outliers, leaderboard, best, model, testMetrics, refit, clock.Elapsed, budget)
        {
            Ensemble = ensemble,
            Study = study,
            TestData = data.Test,
            TestLabels = data.TestLabels,
            TestPredictions = testScores,
            TrainingLabelRange = data.TrainingLabelRange(),
            LinearModel = BestLinear(data, schema, leaderboard, objective, clock, budget, cancellationToken),
            IntervalNote = intervalNote,
            LeftOut = leftOut,
        };
    }

    /// <summary>
    /// Joins the study as a worker: runs trials on this machine until the budget is spent, recording them in the
    /// shared storage; fits no final model. Needs a study name and a storage every worker can reach.
    /// </summary>
    /// <returns>The number of trials this worker completed.</returns>
    public int RunWorker(IProgress<ExperimentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var options = _options;
        if (options.StudyName is null || options.StorageUrl is null) throw new ArgumentException($"a worker needs {nameof(ExperimentOptions)}.{nameof(ExperimentOptions.StudyName)} and {nameof(ExperimentOptions)}.{nameof(ExperimentOptions.StorageUrl)}");
        var clock = Stopwatch.StartNew();
        var done = 0;
        void Report(ExperimentStage stage, string message, string? trainer = null) =>
            progress?.Report(new ExperimentProgress(stage, trainer, done, 0, null, clock.Elapsed, options.TimeBudget, message));
        Sweep(options, _registry.Select(options.Trainers), clock, options.TimeBudget, Report, entry =>
        {
            Interlocked.Increment(ref done);
            Report(ExperimentStage.Training, $"#{entry.Number} {entry.Trainer}: validation RMSE {entry.Validation!.Rmse:G5}", entry.Trainer);
        }, cancellationToken, heartbeat: TimeSpan.FromSeconds(10));
        return done;
    }

    private (DataSchema Schema, ExperimentData Data, Study Study, TrialObjective Objective, ImmutableArray<LeftOutTrainer> LeftOut) Sweep(
        ExperimentOptions options, IReadOnlyList<IRegressorCandidate> candidates, Stopwatch clock, TimeSpan sweepEnd,
        Action<ExperimentStage, string, string?> report, Action<LeaderboardEntry> finished, CancellationToken cancellationToken,
        TimeSpan? heartbeat = null, Action<TrialStatus, string?>? stopped = null)
    {
        var path = options.DataPath ?? throw new InvalidOperationException("no data: call WithData first");
        var label = options.Label ?? throw new InvalidOperationException("no label: call WithLabel first");
        report(ExperimentStage.Inferring, $"scanning {Path.GetFileName(path)}", null);
        var schema = new SchemaInferrer().Infer(path, label, options.Format, options.Overrides);

        var usable = candidates.Where(c => !(c.RequiresNonNegativeLabel && (schema.LabelColumn.Min ?? 0) < 0)).ToList();
        if (usable.Count == 0) throw new InvalidOperationException("no trainer applies: the selected ones all need a non-negative label");

        // Filled once the data say what the defaults cost: the trainers whose defaults are not queued, by their estimated seconds.
        var deferred = new ConcurrentDictionary<string, double>();
        TimeSpan TimeLeft() => sweepEnd - clock.Elapsed;
        var study = OpenStudy(options, TimeLeft, choice => choice is string name && deferred.TryGetValue(name, out var seconds) ? seconds : null,
            choice => usable.FirstOrDefault(c => Equals(c.Name, choice))?.CanStartNow != false);
        if (options.StudyName is not null) StudyFingerprint.StoreOrCheck(study, StudyFingerprint.Of(options, usable.Select(c => c.Name)));
        report(ExperimentStage.Preparing, "splitting and fitting preprocessing", null);
        // A resumed study or a joining worker keeps the fold count the study's first run chose, so every trial value is
        // comparable, whatever this run's budget.
        var storedFolds = study.UserAttributes.TryGetValue(FoldsAttribute, out var stored) ? int.Parse(stored, CultureInfo.InvariantCulture) : (int?)null;
        var data = ExperimentData.Prepare(_ml, path, schema, options, options.CrossValidationFolds ?? storedFolds,
            usable.Min(c => c.DefaultsCost), TimeLeft(), TrialCapFraction);
        if (storedFolds is null) study.SetUserAttribute(FoldsAttribute, data.Split.Folds.ToString(CultureInfo.InvariantCulture));
        study.HeartbeatInterval = heartbeat;
        var selection = TimeLeft();
        var trialCap = selection * TrialCapFraction;
        // Under cross-validation a trainer whose defaults would need more than a trial's share for their folds is left
        // out (its trials would all fail at the cap), the quickest of them kept if that leaves none.
        var slow = usable.Where(c => data.TooSlowForTheFolds(c, trialCap)).ToList();
        if (slow.Count == usable.Count) slow.Remove(slow.MinBy(c => c.DefaultsCost)!);
        var reason = $"its defaults, fitted on {data.Split.Folds} folds, would overrun the {trialCap.TotalSeconds:F0} s per-trial cap";
        ImmutableArray<LeftOutTrainer> leftOut = [.. slow.Select(c => new LeftOutTrainer(c.Name, data.DefaultsSeconds(c), trialCap.TotalSeconds, reason))];
        if (slow.Count > 0)
        {
            report(ExperimentStage.Preparing, $"left out under {data.Split.Folds}-fold cross-validation: {string.Join(", ", leftOut.Select(l =>
                $"{l.Trainer} (~{l.EstimatedSeconds:F0} s)"))}: {reason}", null);
            usable = [.. usable.Except(slow)];
        }
        // Not in a run counted in trials: its costs are counted in trials too, which a prior in seconds does not fit.
        if (options.MaxTrials is null)
        {
            foreach (var (name, seconds) in DeferredDefaults(usable, data, trialCap, selection.TotalSeconds * options.Parallelism)) deferred[name] = seconds;
        }
        if (!deferred.IsEmpty)
        {
            report(ExperimentStage.Preparing, $"not queued first, drawn by their estimated cost instead: {string.Join(", ", deferred.OrderBy(d => d.Value).Select(d => $"{d.Key} (~{d.Value:F0} s)"))}", null);
        }
        EnqueueDefaults(study, usable.Where(c => !deferred.ContainsKey(c.Name)), data.Baseline, schema);
        var objective = new TrialObjective(_registry, [.. usable.Select(c => c.Name)], data)
        {
            DeferredDefaults = deferred.Keys.ToHashSet(),
            TrialCap = trialCap,
            TimeLeft = TimeLeft,
            NothingCanStart = study.Stop,
            ShareIdleCores = options.Parallelism > 1,
            Finished = finished,
            // An empty message: the live display shows the current trainer, plain logs need no line for it.
            Started = trainer => report(ExperimentStage.Training, "", trainer),
            Stopped = stopped,
        };

        report(ExperimentStage.Training, $"sweeping {usable.Count} trainers for {Math.Max(0, selection.TotalSeconds):F0} s ({options.Parallelism} at a time) in study {study.Name}", null);
        if (selection > TimeSpan.Zero && !cancellationToken.IsCancellationRequested)
        {
            study.Optimize(objective.Evaluate, options.MaxTrials, selection, cancellationToken, options.Parallelism);
        }
        foreach (var warning in study.Warnings) report(ExperimentStage.Training, "warning: " + warning, null);
        return (schema, data, study, objective, leftOut);
    }

    private (PipelineModel Model, PreprocessingPlan Plan, bool Refit) FitFinal(
        ExperimentData data, DataSchema schema, LeaderboardEntry best, TrialObjective objective, Stopwatch clock, TimeSpan budget,
        CancellationToken cancellationToken, Action<ExperimentStage, string, string?> report)
    {
        // Refit on train + validation when the winner's own training time says it fits in what is left;
        // after a cancellation the best model so far is kept as it is.
        var refit = !cancellationToken.IsCancellationRequested
            && budget - clock.Elapsed > TimeSpan.FromSeconds(best.TrainSeconds * 1.5 + 2);
        var inMemory = objective.Outcomes.GetValueOrDefault(best.Number);
        if (!refit && inMemory?.Pipelines is not null)
        {
            report(ExperimentStage.Refitting, Kept(best, inMemory), best.Trainer);
            return (SweepModel(inMemory, schema), inMemory.Plan, false);
        }
        report(ExperimentStage.Refitting, refit ? $"refitting {best.Trainer} on train + validation" : $"fitting {best.Trainer} from a resumed trial", best.Trainer);
        // All cores for the one refit, except in a reproducible run: multi-threaded SDCA and L-BFGS are not deterministic.
        var threads = _options.Parallelism > 1 ? Environment.ProcessorCount : 1;
        if (!refit || inMemory?.Pipelines is null)
        {
            // Without a model in hand this fit must finish; a network in it still stops, keeping its best epoch, once
            // what is left of the budget (at least the trial's own fit time) has passed.
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var limit = TimeSpan.FromSeconds(Math.Max((budget - clock.Elapsed).TotalSeconds, Math.Max(1, best.TrainSeconds)));
            bound.CancelAfter(limit);
            return (new PipelineModel(_ml, FitPipeline(_ml, data, schema, best, refit, out var plan, threads, bound.Token, limit), schema), plan, refit);
        }
        // The refit runs within what is left of the budget, as the trials do: its data is larger than the trial's and a
        // network stopped by the trial cap would otherwise train all its epochs. A network stopped at the deadline keeps
        // its best epoch; any other fit still running then is abandoned for the sweep's fits of the same configuration.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var left = budget - clock.Elapsed;
        deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            PreprocessingPlan refitPlan = null!;
            var fitted = TrialObjective.FitWithin(() => FitPipeline(_ml, data, schema, best, true, out refitPlan, threads, deadline.Token, left),
                deadline.Token, grace: TimeSpan.FromSeconds(1));
            return (new PipelineModel(_ml, fitted, schema), refitPlan, true);
        }
        catch (Exception e) when (e is OperationCanceledException or FitRefusedException)
        {
            report(ExperimentStage.Refitting, $"the refit of {best.Trainer} ran past the budget; {Kept(best, inMemory)}", best.Trainer);
            return (SweepModel(inMemory, schema), inMemory.Plan, false);
        }
    }

    /// <summary>What the sweep fitted of a trial: its one model under a hold-out split, the average of its fold models (bagged) under cross-validation.</summary>
    private PipelineModel SweepModel(TrialObjective.TrialOutcome outcome, DataSchema schema) => outcome.Pipelines!.Count == 1
        ? new PipelineModel(_ml, outcome.Pipelines[0], schema)
        : new PipelineModel(_ml, new EnsembleTransformer([.. outcome.Bagged(1.0)]), schema);

    private static string Kept(LeaderboardEntry best, TrialObjective.TrialOutcome outcome) => outcome.Pipelines!.Count == 1
        ? $"keeping {best.Trainer} as fitted on the training rows"
        : $"no refit: averaging {best.Trainer}'s {outcome.Pipelines.Count} fold models (bagged)";

    /// <summary>Fits <paramref name="entry"/>'s configuration, preprocessing included, on train + validation or on the first fold's training rows.</summary>
    private ITransformer FitPipeline(
        MLContext ml, ExperimentData data, DataSchema schema, LeaderboardEntry entry, bool refit, out PreprocessingPlan plan, int threads = 1,
        CancellationToken cancellation = default, TimeSpan? timeLimit = null)
    {
        var candidate = _registry.Get(entry.Trainer);
        var rows = refit ? data.TrainAndValidation : data.Train;
        plan = PreprocessingPlanner.Plan(schema, rows, entry.Preprocessing);
        var labelled = data.Split.Folds > 1 ? data.Split.ValidationRows : data.Split.TrainRows + data.Split.ValidationRows;
        var input = data.Input with { Rows = refit ? labelled : data.Split.TrainRows, Threads = threads, Iterations = entry.Iterations, Cancellation = cancellation, TimeLimit = timeLimit };
        // Cached before the trainer, as the sweep's folds are: iterative trainers (L-BFGS, SDCA, networks) would otherwise
        // re-run the whole preprocessing on every pass, which made a 0.7 s trial a 9 s refit.
        return PreprocessingChainBuilder.Build(ml, plan).AppendCacheCheckpoint(ml)
            .Append(candidate.CreateEstimator(ml, input, entry.HyperParameters)).Fit(rows);
    }

    /// <summary>
    /// Greedy selection with replacement over the validation predictions of this run's best trials. The ensemble
    /// is kept only when it has more than one member, beats the best single model's validation RMSE, and its gain
    /// holds when its weights and the single model are chosen on other rows than those they are scored on.
    /// </summary>
    private static EnsembleReport? SelectEnsemble(TrialObjective objective, LeaderboardEntry best)
    {
        var pool = objective.Outcomes.Values.OrderBy(o => o.Entry.Validation!.Rmse).Take(EnsemblePool).ToList();
        if (pool.Count < 2) return null;
        float[][] predictions = [.. pool.Select(o => o.Predictions)];
        var weights = EnsembleSelection.Select(predictions, objective.ValidationLabels, EnsembleRounds);
        var candidates = pool.Select((o, i) => new EnsembleCandidate(o.Entry.Trainer, o.Entry.Number, o.Entry.Validation!.Rmse, weights.Weights[i])).ToImmutableArray();
        var members = weights.Members.Count();
        var single = best.Validation!.Rmse;
        // The weights were fitted on these very rows: keep the ensemble only if its gain holds where they were not.
        var held = EnsembleSelection.CrossFittedPredictions(predictions, objective.ValidationLabels, EnsembleRounds);
        var heldEnsemble = RegressionQuality.Compute(objective.ValidationLabels, held.Ensemble).Rmse;
        var heldSingle = RegressionQuality.Compute(objective.ValidationLabels, held.Single).Rmse;
        var kept = members > 1 && weights.Rmse < single && heldEnsemble < heldSingle;
        var decision = kept
            ? $"ensemble of {members} models (from the best {pool.Count}): validation RMSE {weights.Rmse:G5} vs {single:G5} for the best single model; on rows the weights were not fitted on {heldEnsemble:G5} vs {heldSingle:G5}"
            : members == 1
                ? $"ensemble selection picked only the best model out of {pool.Count}; keeping it alone"
                : weights.Rmse >= single
                    ? $"ensemble validation RMSE {weights.Rmse:G5} does not beat the best single model's {single:G5}; keeping the single model"
                    : $"the ensemble's gain does not hold on rows its weights were not fitted on ({heldEnsemble:G5} vs {heldSingle:G5} for picking the best single model); keeping the single model";
        return new EnsembleReport(candidates, RegressionQuality.Compute(objective.ValidationLabels, weights.Combine(predictions)), single, kept, decision)
        {
            HeldOutEnsemble = held.Ensemble,
            HeldOutSingle = held.Single,
        };
    }

    /// <summary>
    /// Builds the kept ensemble: members refit on train + validation while the budget allows (heaviest first,
    /// each fit stopped at the deadline), the average of the sweep's fold models otherwise (bagging). Null when a member has neither.
    /// </summary>
    private (PipelineModel, PreprocessingPlan, bool)? FitEnsemble(
        ExperimentData data, DataSchema schema, EnsembleReport ensemble, TrialObjective objective, Stopwatch clock, TimeSpan budget,
        CancellationToken cancellationToken, Action<ExperimentStage, string, string?> report)
    {
        var outcomes = objective.Outcomes;
        var chosen = ensemble.Members.ToList();
        var refits = new (ITransformer Chain, PreprocessingPlan Plan)?[chosen.Count];
        // Members refit side by side, as the sweep's trials ran: one after another, only the first few fit in what is left.
        Parallel.ForEach(Partitioner.Create(Enumerable.Range(0, chosen.Count), EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism) }, i =>
        {
            var entry = outcomes[chosen[i].TrialNumber].Entry;
            var left = budget - clock.Elapsed;
            // A quarter more rows than the trial saw; the deadline stops a refit that overruns, and the member keeps its
            // sweep fit, so no safety margin is needed beyond that.
            if (cancellationToken.IsCancellationRequested || left <= TimeSpan.FromSeconds(entry.TrainSeconds * 1.25)) return;
            report(ExperimentStage.Refitting, $"refitting ensemble member #{entry.Number} {entry.Trainer} on train + validation", entry.Trainer);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(left);
            var ml = new MLContext(data.Input.Seed + entry.Number);
            using var link = TrainingCancellation.Link(ml, deadline.Token);
            try
            {
                PreprocessingPlan refitPlan = null!;
                var threads = _options.Parallelism > 1 ? Math.Max(1, Environment.ProcessorCount / _options.Parallelism) : 1;
                // The deadline reaches the trainer too: a network watches its own token (not the context's), and without
                // it a network refit trained on after the deadline, abandoned, until the process exited under it (exit 139).
                // As in the final refit, a network stopped there keeps its best epoch.
                var chain = TrialObjective.FitWithin(() => FitPipeline(ml, data, schema, entry, refit: true, out refitPlan, threads, deadline.Token, left),
                    deadline.Token, grace: TimeSpan.FromSeconds(1));
                refits[i] = (chain, refitPlan);
            }
            catch (Exception e) when (e is OperationCanceledException or FitRefusedException)
            {
                // Stopped at the deadline, or refused for lack of time: the member keeps its fit from the sweep.
            }
        });
        var members = new List<EnsembleMember>();
        for (int i = 0; i < chosen.Count; i++)
        {
            var outcome = outcomes[chosen[i].TrialNumber];
            if (refits[i] is { } refitted)
            {
                members.Add(new EnsembleMember(outcome.Entry.Trainer, outcome.Entry.Number, chosen[i].Weight, refitted.Chain, refitted.Plan, true));
                continue;
            }
            // Not refit in time: the member's fold models, averaged (under a hold-out split, its one fit).
            if (outcome.Pipelines is null) return null;
            members.AddRange(outcome.Bagged(chosen[i].Weight));
        }
        var transformer = new EnsembleTransformer(members);
        return (new PipelineModel(_ml, transformer, schema), members[0].Plan, members.All(m => m.Refit));
    }

    /// <summary>
    /// The coefficients of the best linear trial, for the linear-vs-non-linear comparison: its first-fold pipeline when
    /// the sweep kept it, else a refit on the same rows when its training time fits in what is left.
    /// </summary>
    private LinearCoefficients? BestLinear(ExperimentData data, DataSchema schema, ImmutableArray<LeaderboardEntry> leaderboard,
        TrialObjective objective, Stopwatch clock, TimeSpan budget, CancellationToken cancellationToken)
    {
        var linear = leaderboard.FirstOrDefault(e => e.Status == TrialStatus.Completed && e.Family == TrainerFamily.Linear);
        if (linear is null) return null;
        if (objective.Outcomes.TryGetValue(linear.Number, out var outcome) && outcome.Pipeline is { } kept)
        {
            return LinearCoefficientReader.Read(kept, outcome.Plan, schema, linear.Trainer, linear.Number);
        }
        if (cancellationToken.IsCancellationRequested || budget - clock.Elapsed < TimeSpan.FromSeconds(linear.TrainSeconds * 1.5 + 1)) return null;
        var pipeline = FitPipeline(_ml, data, schema, linear, refit: false, out var plan);
        return LinearCoefficientReader.Read(pipeline, plan, schema, linear.Trainer, linear.Number);
    }

    /// <summary>
    /// Under cross-validation, the trainers whose defaults (one fit per fold, at most the per-trial cap) are estimated to
    /// take more than <see cref="QueuedDefaultsShare"/> of the sweep's worker-seconds, with that estimate: their defaults are
    /// not queued. At 60 s the queued defaults of four networks took about 90 of the sweep's 110 worker-seconds on
    /// cps1988 and 70 of 94 on Ames, leaving LightGBM, the cheapest and best there, its one default trial. Such a trainer is
    /// drawn by ECI from an estimate of its cost (FLAML's cost-relative start) and its first trial is its defaults.
    /// </summary>
    private static IEnumerable<(string Name, double Seconds)> DeferredDefaults(
        IReadOnlyList<IRegressorCandidate> usable, ExperimentData data, TimeSpan trialCap, double workerSeconds)
    {
        if (data.Split.Folds < 2) return [];
        var estimated = usable.Select(c => (c.Name, Seconds: Math.Min(data.DefaultsSeconds(c), trialCap.TotalSeconds))).ToList();
        var deferred = estimated.Where(e => e.Seconds > QueuedDefaultsShare * workerSeconds).ToList();
        // Something is always queued: the cheapest defaults, when all are costly.
        return deferred.Count == estimated.Count ? deferred.Except([estimated.MinBy(e => e.Seconds)]) : deferred;
    }

    private static Study OpenStudy(ExperimentOptions options, Func<TimeSpan> timeLeft, Func<object?, double?> priorSeconds, Func<object?, bool> canStart)
    {
        var storage = StudyStorageFactory.Open(options.StorageUrl);
        // The trainer by expected cost for improvement; its hyperparameters by TPE on that trainer's trials, from the
        // fourth of them on (its defaults are the first), since at a minute's budget a trainer gets a handful of trials.
        // A run bounded by a trial count measures cost in trials, which keeps it reproducible for a seed; running trials
        // count at the worst value seen (the constant liar), so parallel workers do not propose near-duplicates. Near the
        // deadline a trainer whose trials typically take longer than the time left is passed over (not in a run counted in
        // trials, whose choices must not depend on durations), as is one that cannot start without waiting for its own
        // fit still running (a GAM).
        var seed = options.SamplerSeed ?? options.Seed;
        var sampler = new EciSampler(TrialSuggester.TrainerParameter,
            new TpeSampler(seed, new TpeSettings(NStartupTrials: 4, ConstantLiar: true)), seed,
            options.MaxTrials is null ? null : _ => 1, options.MaxTrials is null ? timeLeft : null, priorSeconds,
            options.MaxTrials is null ? canStart : null);
        // Networks are compared from epoch 15 on: earlier losses say more about initialisation than about the configuration.
        var pruner = new MedianPruner(nStartupTrials: 5, nWarmupSteps: 15);
        return options.StudyName is { } name
            ? Study.CreateOrLoad(name, storage, StudyDirection.Minimize, sampler, pruner)
            : Study.Create($"mlpipeline-{Guid.NewGuid():N}", storage, StudyDirection.Minimize, sampler, pruner);
    }

    /// <summary>Queues each trainer's defaults, cheapest first, unless a resumed study already has a trial of exactly them, finished, running or still queued.</summary>
    private static void EnqueueDefaults(Study study, IEnumerable<IRegressorCandidate> candidates, PreprocessingOptions baseline, DataSchema schema)
    {
        var existing = study.Trials;
        foreach (var candidate in candidates.OrderBy(c => c.DefaultsCost))
        {
            var defaults = TrialSuggester.DefaultsTrial(candidate, baseline, schema);
            // A queued (Waiting) or Running trial holds its values in FixedParams until it suggests them: it counts too,
            // or an interrupted run's queue would be queued again.
            var seen = existing.Any(t => defaults.All(d =>
                (t.Params.TryGetValue(d.Key, out var v) || t.FixedParams.TryGetValue(d.Key, out v)) && Equals(Convert.ToString(v), Convert.ToString(d.Value))));
            // Keyed by trainer: workers that start together and all find the study empty queue each default once.
            if (!seen) study.EnqueueTrial(defaults, $"defaults:{candidate.Name}");
        }
    }

    /// <summary>The study attribute holding the validation folds its first run chose (1: a hold-out split).</summary>
    internal const string FoldsAttribute = "validation_folds";

    /// <summary>Under cross-validation, defaults estimated to take more than this share of the sweep's worker-seconds are not queued (see <see cref="DeferredDefaults"/>).</summary>
    private const double QueuedDefaultsShare = 0.1;

    /// <summary>A trial may use at most this share of the sweep's time, so that at least a few configurations run.</summary>
    private const double TrialCapFraction = 0.4;

    /// <summary>How many of the best trials ensemble selection may draw from, and how many picks it makes.</summary>
    private const int EnsemblePool = 20, EnsembleRounds = 25;

    private RegressionExperiment Set(ExperimentOptions options)
    {
        _options = options;
        return this;
    }
}
