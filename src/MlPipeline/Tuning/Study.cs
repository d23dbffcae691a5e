using MlPipeline.Tuning.Pruners;
using MlPipeline.Tuning.Samplers;
using MlPipeline.Tuning.Storage;

namespace MlPipeline.Tuning;

/// <summary>
/// An optimisation task: a direction, a sampler, a pruner and a storage. Run trials with
/// <see cref="Optimize(Func{Trial, double}, int?, TimeSpan?, CancellationToken, int)"/>, or drive them yourself with
/// <see cref="Ask"/> and <see cref="Tell(Trial, double)"/>.
/// </summary>
public sealed class Study : IStudyView
{
    private static readonly TrialState[] CompleteOnly = [TrialState.Complete];
    private readonly StudyInfo _info;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _warnings = new();
    private volatile bool _stopRequested;

    private Study(StudyInfo info, IStudyStorage storage, ISampler? sampler, IPruner? pruner)
    {
        _info = info;
        Storage = storage;
        Sampler = sampler ?? new TpeSampler();
        Pruner = pruner ?? new MedianPruner();
    }

    /// <summary>Study name.</summary>
    public string Name => _info.Name;

    /// <summary>Storage identifier.</summary>
    public long StudyId => _info.StudyId;

    /// <inheritdoc/>
    public StudyDirection Direction => _info.Direction;

    /// <summary>Where trials are kept.</summary>
    public IStudyStorage Storage { get; }

    /// <summary>The sampler (TPE by default).</summary>
    public ISampler Sampler { get; }

    /// <summary>The pruner (median by default).</summary>
    public IPruner Pruner { get; }

    /// <summary>When set, running trials write a heartbeat this often, and <see cref="Ask"/> fails trials whose heartbeat is stale.</summary>
    /// <remarks>Every worker of a shared study must use heartbeats: a trial of a worker without them looks dead once its start is older than the grace period.</remarks>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>How old a heartbeat may get before its trial counts as dead (default: twice the interval).</summary>
    public TimeSpan? GracePeriod { get; set; }

    /// <summary>Re-enqueue the parameters of trials failed for a stale heartbeat, so they are retried once more.</summary>
    public bool RetryStaleTrials { get; set; }

    /// <summary>Creates a new study; throws if the name exists in the storage.</summary>
    /// <param name="name">Unique study name.</param>
    /// <param name="storage">Storage, or null for a fresh in-memory one.</param>
    /// <param name="direction">Direction.</param>
    /// <param name="sampler">Sampler (default TPE).</param>
    /// <param name="pruner">Pruner (default median).</param>
    /// <returns>The study.</returns>
    public static Study Create(
        string name, IStudyStorage? storage = null, StudyDirection direction = StudyDirection.Minimize,
        ISampler? sampler = null, IPruner? pruner = null)
    {
        storage ??= new InMemoryStudyStorage();
        return new Study(storage.CreateStudy(name, direction), storage, sampler, pruner);
    }

    /// <summary>Loads the study named <paramref name="name"/> if it exists (resuming it), else creates it.</summary>
    /// <param name="name">Study name.</param>
    /// <param name="storage">Storage, or null for a fresh in-memory one.</param>
    /// <param name="direction">Direction (must match an existing study).</param>
    /// <param name="sampler">Sampler (default TPE).</param>
    /// <param name="pruner">Pruner (default median).</param>
    /// <returns>The study.</returns>
    public static Study CreateOrLoad(
        string name, IStudyStorage? storage = null, StudyDirection direction = StudyDirection.Minimize,
        ISampler? sampler = null, IPruner? pruner = null)
    {
        storage ??= new InMemoryStudyStorage();
        return new Study(storage.CreateOrLoadStudy(name, direction), storage, sampler, pruner);
    }

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null) =>
        Storage.GetAllTrials(StudyId, states);

    /// <summary>All trials ordered by number.</summary>
    public IReadOnlyList<FrozenTrial> Trials => GetTrials();

    /// <summary>The best Complete trial; throws when there is none.</summary>
    public FrozenTrial BestTrial =>
        StudyStorageExtensions.BestOf(GetTrials(CompleteOnly), Direction)
        ?? throw new InvalidOperationException($"Study '{Name}' has no complete trial yet.");

    /// <summary>Objective value of <see cref="BestTrial"/>.</summary>
    public double BestValue => BestTrial.Value!.Value;

    /// <summary>Parameters of <see cref="BestTrial"/>.</summary>
    public IReadOnlyDictionary<string, object> BestParams => BestTrial.Params;

    /// <summary>The study's user attributes (e.g. what data and options it was created for).</summary>
    public IReadOnlyDictionary<string, string> UserAttributes => Storage.GetStudyUserAttributes(StudyId);

    /// <summary>Sets a study user attribute, overwriting an existing value.</summary>
    /// <param name="key">Key.</param>
    /// <param name="value">Value.</param>
    public void SetUserAttribute(string key, string value) => Storage.SetStudyUserAttribute(StudyId, key, value);

    /// <summary>Queues a trial with fixed parameters; queued trials run before sampled ones.</summary>
    /// <param name="fixedParams">User-facing values; parameters not listed are sampled.</param>
    /// <param name="key">When given, queued once per study under this key, whichever worker asks first (see <see cref="IStudyStorage.EnqueueTrial"/>).</param>
    public void EnqueueTrial(IReadOnlyDictionary<string, object> fixedParams, string? key = null) => Storage.EnqueueTrial(StudyId, fixedParams, key);

    /// <summary>Starts a trial for a caller that evaluates it itself; finish it with <c>Tell</c>.</summary>
    /// <returns>The running trial.</returns>
    public Trial Ask()
    {
        if (HeartbeatInterval is { } interval)
        {
            foreach (var dead in Storage.FailStaleTrials(StudyId, GracePeriod ?? interval * 2))
            {
                if (RetryStaleTrials) Storage.EnqueueTrial(StudyId, dead.Params);
            }
        }

        var frozen = Storage.StartTrial(StudyId);
        var trial = new Trial(this, frozen);
        if (HeartbeatInterval is { } beat)
        {
            trial.Heartbeat = new Timer(_ => TryHeartbeat(frozen.TrialId), null, beat, beat);
        }

        Sampler.BeforeTrial(this, frozen);
        return trial;
    }

    /// <summary>Finishes a trial as Complete with <paramref name="value"/> (NaN/infinite-NaN fail it).</summary>
    /// <param name="trial">The trial from <see cref="Ask"/>.</param>
    /// <param name="value">Objective value.</param>
    /// <returns>The stored snapshot.</returns>
    public FrozenTrial Tell(Trial trial, double value) =>
        double.IsNaN(value)
            ? Tell(trial, TrialState.Failed, null, "The objective returned NaN.")
            : Tell(trial, TrialState.Complete, value);

    /// <summary>
    /// Finishes a trial in the given state. If the storage already holds a verdict for it (another worker marked it
    /// Failed for a stale heartbeat), that verdict is kept, a line is added to <see cref="Warnings"/> and the stored
    /// snapshot is returned.
    /// </summary>
    /// <param name="trial">The trial from <see cref="Ask"/>.</param>
    /// <param name="state">Complete, Pruned or Failed.</param>
    /// <param name="value">Objective value (required for Complete).</param>
    /// <param name="failReason">Why it failed, or why it was pruned when the objective said.</param>
    /// <returns>The stored snapshot.</returns>
    public FrozenTrial Tell(Trial trial, TrialState state, double? value = null, string? failReason = null)
    {
        if (state == TrialState.Complete && value is null)
            throw new ArgumentException("A Complete trial needs a value.", nameof(value));
        if (state == TrialState.Pruned && value is null)
        {
            var snap = trial.Snapshot();
            if (snap.LastStep is { } last) value = snap.IntermediateValues[last];
        }

        trial.Heartbeat?.Dispose();
        try
        {
            Storage.FinishTrial(trial.TrialId, state, value, failReason);
        }
        catch (InvalidOperationException) when (!trial.IsFinished && Storage.GetTrial(trial.TrialId) is { } first && first.State.IsFinished())
        {
            // Another worker already gave its verdict (a heartbeat that looked stale marks the trial Failed): the first
            // verdict stands, and this late result is a warning, not a crash of the worker that computed it. Telling
            // the same trial twice from here is still a caller's error and throws.
            trial.IsFinished = true;
            _warnings.Enqueue($"trial {first.Number} ended {state} after it had been marked {first.State} ({first.FailReason}); the first verdict is kept");
            return first;
        }

        trial.IsFinished = true;
        var finished = Storage.GetTrial(trial.TrialId);
        Sampler.AfterTrial(this, finished);
        return finished;
    }

    /// <summary>
    /// Ends the <see cref="Optimize(Func{Trial, CancellationToken, double}, int?, TimeSpan?, CancellationToken, int)"/> call
    /// in progress once its running trials finish, as Optuna's <c>study.stop()</c>: no trial starts after it, none is
    /// cancelled. Meant for an objective that knows no further trial can run (say, none would start before the deadline).
    /// </summary>
    public void Stop() => _stopRequested = true;

    /// <summary>What went wrong without stopping the study, oldest first: e.g. a trial that finished after another worker marked it failed.</summary>
    public IReadOnlyCollection<string> Warnings => _warnings;

    /// <summary>Runs the objective for up to <paramref name="nTrials"/> trials (or until timeout/cancellation).</summary>
    /// <param name="objective">Returns the value to optimise; throw <see cref="TrialPrunedException"/> to prune.</param>
    /// <param name="nTrials">Number of trials to run in this call, or null for no limit.</param>
    /// <param name="timeout">Stop starting trials after this long, or null.</param>
    /// <param name="cancellationToken">Stops starting trials when cancelled.</param>
    /// <param name="parallelism">Number of trials evaluated at the same time on dedicated threads.</param>
    public void Optimize(
        Func<Trial, double> objective, int? nTrials = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default, int parallelism = 1) =>
        Optimize((t, _) => objective(t), nTrials, timeout, cancellationToken, parallelism);

    /// <summary>Runs a cancellable objective; the token fires on timeout or cancellation.</summary>
    /// <param name="objective">Returns the value to optimise; throw <see cref="TrialPrunedException"/> to prune.</param>
    /// <param name="nTrials">Number of trials to run in this call, or null for no limit.</param>
    /// <param name="timeout">Stop starting trials after this long, or null.</param>
    /// <param name="cancellationToken">Stops starting trials when cancelled.</param>
    /// <param name="parallelism">Number of trials evaluated at the same time on dedicated threads.</param>
    public void Optimize(
        Func<Trial, CancellationToken, double> objective, int? nTrials = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default, int parallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        if (nTrials is null && timeout is null && !cancellationToken.CanBeCanceled)
            throw new ArgumentException("Give nTrials, a timeout or a cancellable token, or Optimize never ends.");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t) cts.CancelAfter(t);
        _stopRequested = false;
        var started = 0;
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        void Worker()
        {
            try
            {
                while (!cts.IsCancellationRequested && !_stopRequested)
                {
                    if (nTrials is { } n && Interlocked.Increment(ref started) > n) return;
                    RunOne(objective, cts.Token);
                }
            }
            catch (Exception ex)
            {
                // Only storage/sampler failures get here (objective errors fail their trial); stop the
                // other workers and surface the error on the caller's thread instead of crashing the process.
                errors.Enqueue(ex);
                cts.Cancel();
            }
        }

        if (parallelism == 1)
        {
            Worker();
        }
        else
        {
            var threads = Enumerable.Range(0, parallelism)
                .Select(i => new Thread(Worker) { IsBackground = true, Name = $"study-{Name}-{i}" }).ToList();
            threads.ForEach(th => th.Start());
            threads.ForEach(th => th.Join());
        }

        if (!errors.IsEmpty)
        {
            if (errors.Count == 1) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(errors.Single()).Throw();
            throw new AggregateException("Study workers failed.", errors);
        }
    }

    private void RunOne(Func<Trial, CancellationToken, double> objective, CancellationToken token)
    {
        var trial = Ask();
        try
        {
            var value = objective(trial, token);
            Tell(trial, value);
        }
        catch (TrialPrunedException ex)
        {
            Tell(trial, TrialState.Pruned, null, ex.Message == TrialPrunedException.DefaultMessage ? null : ex.Message);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Tell(trial, TrialState.Failed, null, "Cancelled before the objective finished.");
        }
        catch (Exception ex) when (!trial.IsFinished)
        {
            Tell(trial, TrialState.Failed, null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private void TryHeartbeat(long trialId)
    {
        try
        {
            Storage.RecordHeartbeat(trialId);
        }
        catch (Exception)
        {
            // A missed beat only matters if they keep failing; the grace period absorbs transient errors.
        }
    }
}
