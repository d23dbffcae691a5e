using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlPipeline.Preprocessing;
using MlPipeline.Trainers;
using MlPipeline.Trainers.Classic;
using MlPipeline.Trainers.Neural;
using MlPipeline.Tuning;
using MlPipeline.Evaluation;

using MlPipeline.Data;

namespace MlPipeline.Experiment;

/// <summary>
/// The objective a study minimises: choose a trainer and its hyperparameters from the trial, fit it on each
/// validation fold's training rows and return the RMSE over all held-out rows (out of fold under
/// cross-validation). Test metrics of the first fold's model are stored on the trial for the leaderboard but
/// never returned. The trial's preprocessing is part of the search too. Each completed trial's validation
/// predictions are kept for ensemble selection, and the fold pipelines of the best few for a bagged model where
/// a refit has no time. Thread-safe: each call fits with its own <see cref="MLContext"/>.
/// </summary>
internal sealed class TrialObjective(TrainerRegistry registry, IReadOnlyList<string> trainers, ExperimentData data)
{
    public const string MetricsAttribute = "metrics";

    /// <summary>How long a fit stopped by the per-trial cap may take to return what it has (a network, its best epoch); at most half the cap.</summary>
    public static readonly TimeSpan CapGrace = TimeSpan.FromSeconds(3);

    /// <summary>Fold pipelines are kept for this many of the best trials.</summary>
    public const int ModelsKept = 20;

    /// <summary>
    /// Tree and GAM trials on at least this many training rows (validated on a hold-out split) are first fitted on
    /// samples (see <see cref="SubsetRungs"/>), so the pruner can stop a poor configuration before its full, costly fit.
    /// </summary>
    public const int SubsetMinRows = 10_000;

    /// <summary>
    /// The sample sizes a tree trial on <paramref name="rows"/> training rows climbs before its full fit, smallest first,
    /// each four times the one before and the last a quarter of the rows: as many rungs as keep the first at least
    /// <see cref="SubsetMinRows"/> rows (at 640,000 rows 10,000, 40,000 and 160,000), and at least the quarter.
    /// </summary>
    internal static IReadOnlyList<long> SubsetRungs(long rows)
    {
        var rungs = new List<long> { rows / 4 };
        while (rungs[0] / 4 >= SubsetMinRows) rungs.Insert(0, rungs[0] / 4);
        return rungs;
    }

    /// <summary>
    /// The step at which a subset fit's validation RMSE is reported, plus its rung (0 for the smallest sample): far
    /// beyond any epoch, so the pruner compares it only with other trials' fits on the same sample size.
    /// </summary>
    public const int SubsetStep = 1_000_000;

    /// <summary>
    /// The user attribute saying what a trial's intermediate values are: <see cref="SubsetFit"/> when they are a
    /// subset fit, absent when they are epochs.
    /// </summary>
    public const string IntermediateValuesAttribute = "intermediate_values";

    /// <summary>The value of <see cref="IntermediateValuesAttribute"/> on trials that reported a subset fit.</summary>
    public const string SubsetFit = "subset_fit";

    private readonly Lock _gate = new();
    private readonly Dictionary<int, TrialOutcome> _outcomes = [];
    private readonly HashSet<string> _trainersStarted = [];
    private int _running;

    /// <summary>The completed trials of this process, by trial number.</summary>
    public IReadOnlyDictionary<int, TrialOutcome> Outcomes
    {
        get
        {
            lock (_gate) return new Dictionary<int, TrialOutcome>(_outcomes);
        }
    }

    /// <summary>The validation labels in the order of every outcome's predictions (out of fold under cross-validation).</summary>
    public float[] ValidationLabels { get; } = [.. data.Folds.SelectMany(f => f.ValidationLabels)];

    /// <summary>Called after each trial this process finishes, with its leaderboard entry.</summary>
    public Action<LeaderboardEntry>? Finished { get; init; }

    /// <summary>
    /// Longest a trial may run, so one slow or hanging configuration cannot take the whole budget. A network stopped
    /// by it keeps its best epoch (on a hold-out split); other fits stopped by it fail the trial.
    /// </summary>
    public TimeSpan? TrialCap { get; init; }

    /// <summary>
    /// Time left before the sweep's deadline, when there is one. A network's trial is then capped a grace before the
    /// deadline (where that comes before <see cref="TrialCap"/>), so it stops at its best epoch and completes, every fold
    /// with its share of what is left, instead of being cancelled with folds unfitted; a network that would get less
    /// than <see cref="MinimumNetworkCap"/> is not started (pruned, saying so).
    /// </summary>
    public Func<TimeSpan>? TimeLeft { get; init; }

    /// <summary>
    /// The shortest cap a network is started with near the deadline: its folds share it, each keeping at least its first
    /// epoch. Before, a network with under two graces (6 s) left was not started, which on a loaded machine whose
    /// preparation left a 14 s sweep 7 s refused every trial after the first one, although they took under a second.
    /// </summary>
    public static readonly TimeSpan MinimumNetworkCap = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Called when a trial is not started for lack of time and no selected trainer could be (see <see cref="AnyCanEndWithin"/>):
    /// time only runs out. The sweep should then end (<see cref="Study.Stop"/>) instead of drawing trials that are refused
    /// at once until the deadline.
    /// </summary>
    public Action? NothingCanStart { get; init; }

    /// <summary>Trainers whose defaults were not queued: the first trial of one this process runs is its defaults.</summary>
    public IReadOnlySet<string> DeferredDefaults { get; init; } = new HashSet<string>();

    /// <summary>
    /// Whether a trial gets the cores other running trials leave idle. Off for a reproducible run (one trial at a time):
    /// multi-threaded SDCA and L-BFGS do not give the same model twice.
    /// </summary>
    public bool ShareIdleCores { get; init; }

    /// <summary>Called when a trial of this process has chosen its trainer.</summary>
    public Action<string>? Started { get; init; }

    /// <summary>Called when a trial of this process is pruned or fails, with its trainer.</summary>
    public Action<TrialStatus, string?>? Stopped { get; init; }

    public double Evaluate(Trial trial, CancellationToken cancellationToken)
    {
        string? name = null;
        Interlocked.Increment(ref _running);
        try
        {
            return Evaluate(trial, cancellationToken, chosen =>
            {
                name = chosen;
                Started?.Invoke(chosen);
            });
        }
        catch (TrialPrunedException)
        {
            Stopped?.Invoke(TrialStatus.Pruned, name);
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Stopped?.Invoke(TrialStatus.Failed, name);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>The number of a completed trial of this process with exactly this configuration, if any.</summary>
    private int? SameAs(string trainer, HyperParameters hyperParameters, PreprocessingOptions preprocessing)
    {
        lock (_gate)
        {
            return _outcomes.Values.FirstOrDefault(o => o.Entry.Trainer == trainer && o.Entry.HyperParameters.Equals(hyperParameters)
                && o.Entry.Preprocessing == preprocessing)?.Entry.Number;
        }
    }

    /// <summary>The median seconds of this process's completed trials of <paramref name="trainer"/> (all their folds); null before its first.</summary>
    private double? TypicalSeconds(string trainer)
    {
        lock (_gate) return SampleStatistics.Median(_outcomes.Values.Where(o => o.Entry.Trainer == trainer).Select(o => o.Entry.TrainSeconds * o.Plans.Count));
    }

    /// <summary>
    /// Whether some selected trainer could start a trial that ends within <paramref name="left"/>: a network with at
    /// least <see cref="MinimumNetworkCap"/> before the deadline's grace, a trainer not started yet, or one whose typical
    /// trial is no longer. When none can, the sweep should end rather than draw trials that are refused at once.
    /// </summary>
    private bool AnyCanEndWithin(TimeSpan left) => trainers.Any(t =>
    {
        if (registry.Get(t).Family == TrainerFamily.Neural) return left - CapGrace >= MinimumNetworkCap;
        bool started;
        lock (_gate) started = _trainersStarted.Contains(t);
        return TypicalSeconds(t) is { } typical ? typical <= left.TotalSeconds : !started;
    });

    /// <summary>Threads for a trial starting now: its own core and those no other running trial holds.</summary>
    private static int IdleThreads(int running) => Math.Max(1, Environment.ProcessorCount - Math.Max(0, running - 1));

    private double Evaluate(Trial trial, CancellationToken cancellationToken, Action<string> started)
    {
        var name = trial.SuggestCategorical(TrialSuggester.TrainerParameter, trainers);
        started(name);
        var candidate = registry.Get(name);
        if (candidate.Family != TrainerFamily.Neural && TimeLeft?.Invoke() is { } remaining && TypicalSeconds(name) is { } typical && typical > remaining.TotalSeconds)
        {
            // Only a network keeps what it has when the deadline stops it; any other fit still running then fails its
            // trial (at 1M rows an elasticnet drawn with 2 s left, its trials taking 2.5-3.7 s). FLAML likewise skips a
            // learner whose estimated trial time exceeds the remaining budget.
            if (!AnyCanEndWithin(remaining)) NothingCanStart?.Invoke();
            throw new TrialPrunedException($"not started: its trials took {typical:F1} s (median), {Math.Max(0, remaining.TotalSeconds):F1} s left before the deadline");
        }
        bool first;
        lock (_gate) first = _trainersStarted.Add(name);
        if (first && DeferredDefaults.Contains(name)) trial.FixParams(TrialSuggester.DefaultsTrial(candidate, data.Baseline, data.Schema));
        var hyperParameters = candidate.Suggest(new TrialSuggester(trial, name));
        var preprocessing = PreprocessingSearch.Suggest(trial, PreprocessingSearch.ScalersFor(candidate), data.Baseline, data.Schema);
        if (SameAs(name, hyperParameters, preprocessing) is { } earlier)
        {
            // Refitting would reproduce trial #earlier exactly. A failure (rather than its value again) makes the trainer
            // chooser's estimated cost grow, so a trainer with nothing left to try stops being drawn.
            throw new InvalidOperationException($"same configuration as trial #{earlier}: not fitted again");
        }
        var folds = data.FoldsFor(preprocessing);
        // A network keeps one thread: TorchSharp's thread count is one setting for the whole process, which trials
        // running side by side would fight over.
        var input = data.Input with { Threads = ShareIdleCores && candidate.Family != TrainerFamily.Neural ? IdleThreads(Volatile.Read(ref _running)) : 1 };
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(input.Seed + trial.Number);
        var trialCap = TrialCap;
        // Read again: featurizing a new preprocessing variant above can take seconds at a million rows.
        if (candidate.Family == TrainerFamily.Neural && TimeLeft?.Invoke() is { } beforeEnd)
        {
            var beforeDeadline = beforeEnd - CapGrace;
            if (beforeDeadline < MinimumNetworkCap)
            {
                if (!AnyCanEndWithin(beforeEnd)) NothingCanStart?.Invoke();
                throw new TrialPrunedException($"not started: {Math.Max(0, beforeEnd.TotalSeconds):F1} s left before the deadline");
            }
            if (trialCap is null || beforeDeadline < trialCap) trialCap = beforeDeadline;
        }
        using var cap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (trialCap is { } limit) cap.CancelAfter(limit);
        var token = cap.Token;
        // A fit that returned a model completes its trial even when the cap or the sweep's deadline came meanwhile (a
        // network stopped at its best epoch, a tree that finished just in time); only a trial with fits still to do stops.
        void ThrowIfStopped(bool moreToFit)
        {
            if (!moreToFit) return;
            cancellationToken.ThrowIfCancellationRequested();
            if (token.IsCancellationRequested) throw new TimeoutException($"stopped at the per-trial cap of {trialCap!.Value.TotalSeconds:F0} s");
        }
        // The time a fit has: a fit that sizes itself to it (GAM's rounds) must end before the sweep's deadline too, which
        // for a classic trainer can come before the cap (a network's cap was moved before the deadline above). At 1M rows
        // GAM fits drawn near the deadline, sized to the cap only, failed there "Cancelled before the objective finished".
        TimeSpan? FitLimit(TimeSpan? capLimit) =>
            candidate.Family != TrainerFamily.Neural && TimeLeft?.Invoke() is { } toDeadline && (capLimit is null || toDeadline < capLimit)
                ? (toDeadline > TimeSpan.Zero ? toDeadline : TimeSpan.Zero) : capLimit;
        var pruned = false;
        // Growing data (successive halving over rows, as FLAML grows its sample): the fit starts on a sample and climbs
        // rungs of four times as many rows, the median rule pruning at each rung the configurations worse than half the
        // others there. The last rung's model is kept: when the next fit would not end inside the cap (four times the
        // rung's fit, as the cost grows with the rows) or the cap or deadline stops it, the trial completes with that
        // model rather than failing for lack of time, as a network keeps its best epoch.
        (ITransformer Model, float[] Scores, long Rows, TimeSpan FitTime)? subsetFit = null;
        bool NextFitOverruns(long rows) => subsetFit is { } s && (token.IsCancellationRequested
            || (trialCap is { } trialTime && clock.Elapsed + s.FitTime * ((double)rows / s.Rows) > trialTime));
        IReadOnlyList<long> rungs = folds.Count == 1 && candidate.Family == TrainerFamily.NonLinear && input.Rows >= SubsetMinRows
            ? SubsetRungs(input.Rows) : [];
        for (var r = 0; r < rungs.Count && !NextFitOverruns(rungs[r]); r++)
        {
            var rows = rungs[r];
            var subsetInput = input with { Cancellation = token, Rows = rows, Validation = folds[0].FeaturesValidation, TimeLimit = FitLimit(trialCap - clock.Elapsed) };
            var subset = ml.Data.TakeRows(folds[0].FeaturesTrain, rows);
            var fitStarted = clock.Elapsed;
            ITransformer small;
            try
            {
                small = Fit(ml, () => candidate.CreateEstimator(ml, subsetInput, hyperParameters).Fit(subset), token, cancellationToken, trialCap);
            }
            catch (Exception e) when (subsetFit is not null && e is TimeoutException or OperationCanceledException)
            {
                break;
            }
            var fitTime = clock.Elapsed - fitStarted;
            var scores = small.Transform(folds[0].FeaturesValidation).GetColumn<float>(ColumnNames.Score).ToArray();
            if (r == 0) trial.SetUserAttribute(IntermediateValuesAttribute, SubsetFit);
            trial.Report(RegressionQuality.Compute(folds[0].ValidationLabels, scores).Rmse, SubsetStep + r);
            if (trial.ShouldPrune()) throw new TrialPrunedException();
            subsetFit = (small, scores, rows, fitTime);
        }
        var labels = new List<float>();
        var predictions = new List<float>();
        var pipelines = new List<ITransformer>();
        var rounds = new List<int>();
        long? fittedOn = null;
        float[] testScores = [];
        for (var f = 0; f < folds.Count; f++)
        {
            var fold = folds[f];
            // A network keeps its best epoch when stopped, so under cross-validation each fold gets an even share of what
            // is left of the cap: the trial then completes, every fold stopped at its best epoch, instead of failing at the
            // cap with folds still unfitted. Other fits cannot stop midway with a model and keep the whole cap.
            using var foldCap = candidate.Family == TrainerFamily.Neural && folds.Count > 1 && trialCap is not null
                ? CancellationTokenSource.CreateLinkedTokenSource(token) : null;
            TimeSpan? foldLimit = trialCap is { } capTime ? capTime - clock.Elapsed : null;
            if (foldCap is not null)
            {
                var left = trialCap!.Value - clock.Elapsed;
                foldLimit = left > TimeSpan.Zero ? left / (folds.Count - f) : TimeSpan.Zero;
                foldCap.CancelAfter(foldLimit.Value);
            }
            var foldToken = foldCap?.Token ?? token;
            // Only the first fold reports epochs: the pruner compares trials step by step.
            var trialInput = input with
            {
                Cancellation = foldToken,
                TimeLimit = FitLimit(foldLimit),
                // On a hold-out split (large data) scoring can outlast the fit: TabM at its paper defaults scored the
                // 360,000 validation and test rows of 1M in longer than its whole cap. Cross-validation is chosen only
                // where five fits of the cheapest defaults fit a trial's share, so its folds' rows score in seconds.
                RowsScoredAfterFit = folds.Count == 1 ? fold.ValidationLabels.Length + data.TestLabels.Length : 0,
                // Boosted trees stop on the fold's validation rows; the refit then boosts the count they chose.
                Validation = fold.FeaturesValidation,
                OnStep = f > 0 ? null : (step, loss) =>
                {
                    trial.Report(loss, step);
                    pruned = trial.ShouldPrune();
                    return !pruned;
                },
            };
            ITransformer? fit = null;
            // A ladder that stopped below its last rung predicted the larger fits to overrun, this one included.
            var subsetSuffices = subsetFit is { } last && (last.Rows < rungs[^1] || NextFitOverruns(input.Rows));
            if (!subsetSuffices)
            {
                try
                {
                    fit = Fit(ml, () => candidate.CreateEstimator(ml, trialInput, hyperParameters).Fit(fold.FeaturesTrain), foldToken, cancellationToken, trialCap,
                        stopsItself: candidate.Family == TrainerFamily.Neural);
                }
                catch (Exception e) when (subsetFit is not null && e is TimeoutException or OperationCanceledException)
                {
                    // Stopped by the cap or the deadline: the last rung's model stands in, below.
                }
            }
            float[]? knownScores = null;
            if (fit is null && subsetFit is { } kept) (fit, knownScores, fittedOn) = (kept.Model, kept.Scores, kept.Rows);
            // Fitted here, or the last rung's model: the catch above only swallows a stop when there is one.
            var model = fit!;
            if (pruned) throw new TrialPrunedException();
            if (model is NeuralRegressionTransformer { PredictsMean: true } && foldToken.IsCancellationRequested)
                throw new TimeoutException("stopped before its first epoch ended");
            // A fold's network overruns its share by the epoch in progress, so the whole cap can pass with folds left: those
            // get no share and keep their first epoch, and the trial completes a few epochs late rather than failing.
            ThrowIfStopped(moreToFit: f < folds.Count - 1 && foldCap is null);
            var scores = knownScores ?? model.Transform(fold.FeaturesValidation).GetColumn<float>(ColumnNames.Score).ToArray();
            if (scores.Any(s => !float.IsFinite(s))) throw new InvalidOperationException("non-finite predictions on validation rows");
            labels.AddRange(fold.ValidationLabels);
            predictions.AddRange(scores);
            pipelines.Add(new TransformerChain<ITransformer>(fold.Preprocessing, model));
            if (EarlyStopping.FittedRounds(model) is { } fitted) rounds.Add(fitted);
            if (f == 0)
            {
                testScores = model.Transform(fold.FeaturesTest).GetColumn<float>(ColumnNames.Score).ToArray();
            }
        }
        var seconds = clock.Elapsed.TotalSeconds / folds.Count;
        var entry = new LeaderboardEntry(
            name, candidate.Family, hyperParameters, TrialStatus.Completed,
            RegressionQuality.Compute(labels, predictions),
            RegressionQuality.Compute(data.TestLabels, testScores), seconds,
            fittedOn is { } part ? $"fitted on {part:N0} of {input.Rows:N0} training rows: a fit on all of them would not have ended within the per-trial cap" : null)
        {
            Number = trial.Number,
            Preprocessing = preprocessing,
            Iterations = rounds.Count == 0 ? null : (int)Math.Round(rounds.Average()),
            Threads = input.Threads,
        };
        trial.SetUserAttribute(MetricsAttribute, JsonSerializer.Serialize(new TrialMetrics(entry.Validation!, entry.Test!, seconds) { Iterations = entry.Iterations, Note = entry.Message }, JsonDefaults.Options));
        lock (_gate)
        {
            _outcomes[trial.Number] = new TrialOutcome(entry, [.. predictions], pipelines, [.. folds.Select(f => f.Plan)]);
            // Pipelines beyond the best few are dropped: only those can become ensemble members without a refit.
            foreach (var worse in _outcomes.Values.Where(o => o.Pipelines is not null)
                .OrderBy(o => o.Entry.Validation!.Rmse).Skip(ModelsKept).ToList())
            {
                _outcomes[worse.Entry.Number] = worse with { Pipelines = null };
            }
        }
        Finished?.Invoke(entry);
        return entry.Validation!.Rmse;
    }

    /// <summary>Fits within the trial's cap: a fit the cap stopped that still returns (a network at its best epoch) counts.</summary>
    /// <remarks>
    /// The context is linked to the cap only while fitting: a cancelled context also fails the fitted model's
    /// transforms, and the cap firing while a finished fit is being scored must not turn it into a failed trial.
    /// </remarks>
    private static ITransformer Fit(MLContext ml, Func<ITransformer> fit, CancellationToken capped, CancellationToken budget, TimeSpan? trialCap,
        bool stopsItself = false)
    {
        // A network watches the token itself and returns its best epoch; through a cancelled context ML.NET would instead
        // throw from whatever data access the network was in when the cap fired, failing a trial that had an epoch to keep.
        using var link = stopsItself ? default : TrainingCancellation.Link(ml, capped);
        try
        {
            return FitWithin(fit, capped, grace: budget.IsCancellationRequested ? TimeSpan.Zero : StopGrace(trialCap, stopsItself));
        }
        catch (OperationCanceledException) when (!budget.IsCancellationRequested && trialCap is { } limit)
        {
            throw new TimeoutException($"stopped at the per-trial cap of {limit.TotalSeconds:F0} s");
        }
        catch (FitRefusedException refused)
        {
            // Measured before fitting that it could not end in time: nothing was spent, so the trial is pruned, not failed.
            throw new TrialPrunedException(refused.Message);
        }
    }

    /// <summary>How long a fit stopped by the cap is waited for, to return what it has.</summary>
    /// <remarks>
    /// A network stops at the end of the epoch in progress: on 20,000 wide rows on a loaded machine that takes more than a
    /// second, and a shorter wait failed trials that had a best epoch to keep. Other fits get at most half the cap, so that
    /// in a short run the other trainers still get their turn. A network still in its first epoch is given
    /// <see cref="NeuralTrainer.FirstEpochGrace"/> to end it by the trainer itself: waiting less abandoned TabM folds on
    /// cps1988 under cross-validation ("stopped at the per-trial cap") that would have returned an epoch, while their
    /// thread ran on regardless.
    /// </remarks>
    internal static TimeSpan StopGrace(TimeSpan? trialCap, bool stopsItself) =>
        stopsItself ? NeuralTrainer.FirstEpochGrace + ReturnAfterGrace : trialCap is { } cap && cap / 2 < CapGrace ? cap / 2 : CapGrace;

    /// <summary>What a network abandoning its first epoch at the end of its grace takes to return.</summary>
    private static readonly TimeSpan ReturnAfterGrace = TimeSpan.FromSeconds(1);

    private static readonly List<Task> s_abandoned = [];

    private static void Abandon(Task task)
    {
        lock (s_abandoned)
        {
            s_abandoned.RemoveAll(t => t.IsCompleted);
            s_abandoned.Add(task);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="limit"/> for fits that were abandoned still running to end. A process that exits
    /// while one is inside native code (libtorch, LightGBM) can crash on the way out, after its outputs are written.
    /// </summary>
    /// <returns>Whether none is left running.</returns>
    internal static bool AwaitAbandoned(TimeSpan limit)
    {
        Task[] running;
        lock (s_abandoned) running = [.. s_abandoned.Where(t => !t.IsCompleted)];
        // Continuations, so that the abandoned fits' own faults (most end cancelled) do not surface here.
        return running.Length == 0
            || Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).Wait(limit > TimeSpan.Zero ? limit : TimeSpan.Zero);
    }

    /// <summary>
    /// Fits, but stops waiting when the budget runs out. Some ML.NET trainers (GAM's boosting loop among them) do not
    /// check the context's cancellation, so a fit past the deadline is abandoned: its result is discarded and the
    /// trial is recorded as stopped, while the thread finishes on its own.
    /// </summary>
    internal static ITransformer FitWithin(Func<ITransformer> fit, CancellationToken cancellationToken, TimeSpan grace = default)
    {
        var task = Task.Run(fit, CancellationToken.None);
        try
        {
            task.Wait(cancellationToken);
            return task.Result;
        }
        catch (OperationCanceledException)
        {
            // A trainer that stops at the next step and returns what it has (the networks do) gets a moment to do so.
            // Waiting on the handle, not Task.Wait: a fit that throws during the grace (most do, being cancelled) must
            // end as stopped, not as a failure carrying ML.NET's AggregateException.
            if (grace > TimeSpan.Zero && ((IAsyncResult)task).AsyncWaitHandle.WaitOne(grace) && task.IsCompletedSuccessfully) return task.Result;
            // A fit that gave up before it started (GAM waiting on its lock when the deadline came) spent nothing: refused, not stopped.
            if (task.IsFaulted && task.Exception.InnerException is FitRefusedException refused) throw refused;
            Abandon(task);
            throw new OperationCanceledException("stopped at the time budget", cancellationToken);
        }
        catch (AggregateException e) when (cancellationToken.IsCancellationRequested && e.InnerException is not FitRefusedException)
        {
            throw new OperationCanceledException("stopped at the time budget", e.InnerException, cancellationToken);
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>A completed trial as this process saw it.</summary>
    /// <param name="Entry">Its leaderboard entry.</param>
    /// <param name="Predictions">Its predictions for <see cref="ValidationLabels"/>.</param>
    /// <param name="Pipelines">Each fold's pipeline (raw columns to Score), while it is among the best <see cref="ModelsKept"/>.</param>
    /// <param name="Plans">Each fold's preprocessing plan.</param>
    internal sealed record TrialOutcome(LeaderboardEntry Entry, float[] Predictions, IReadOnlyList<ITransformer>? Pipelines, IReadOnlyList<PreprocessingPlan> Plans)
    {
        /// <summary>The first fold's pipeline, while it is kept.</summary>
        public ITransformer? Pipeline => Pipelines?[0];

        /// <summary>The first fold's preprocessing plan.</summary>
        public PreprocessingPlan Plan => Plans[0];

        /// <summary>
        /// The fold models as ensemble members of equal share of <paramref name="weight"/>: their average is the bagged
        /// model (every labelled row seen by all but one of them), used where a refit on all rows does not fit.
        /// </summary>
        public IEnumerable<Trainers.Ensembles.EnsembleMember> Bagged(double weight) =>
            Pipelines is null ? [] : Pipelines.Select((p, f) => new Trainers.Ensembles.EnsembleMember(Entry.Trainer, Entry.Number, weight / Pipelines.Count, p, Plans[f], Refit: false));
    }

    /// <summary>What a trial stores about its fit, for leaderboards rebuilt from storage.</summary>
    internal sealed record TrialMetrics(RegressionQuality Validation, RegressionQuality Test, double TrainSeconds)
    {
        /// <summary>The boosting rounds early stopping chose (the mean over folds); null for other trainers.</summary>
        public int? Iterations { get; init; }

        /// <summary>What a completed trial's entry says about its fit (e.g. fitted on part of the rows); null when nothing.</summary>
        public string? Note { get; init; }
    }
}
