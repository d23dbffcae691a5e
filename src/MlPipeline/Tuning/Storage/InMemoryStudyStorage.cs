namespace MlPipeline.Tuning.Storage;

/// <summary>Process-local storage guarded by one lock; snapshots are cached until the trial changes.</summary>
/// <remarks>Thread-safe; see <see cref="IStudyStorage"/> for the contract. Nothing survives the process.</remarks>
public sealed class InMemoryStudyStorage : IStudyStorage
{
    private readonly Lock _gate = new();
    private readonly HashSet<(long StudyId, string Key)> _enqueueKeys = [];
    private readonly List<StudyInfo> _studies = [];
    private readonly Dictionary<long, List<FrozenTrial>> _trialsByStudy = [];
    private readonly Dictionary<long, (long StudyId, int Index)> _trialIndex = [];
    private readonly Dictionary<long, DateTimeOffset> _heartbeats = [];
    private readonly Dictionary<long, Dictionary<string, string>> _studyAttributes = [];
    private long _nextTrialId;

    /// <inheritdoc/>
    public StudyInfo CreateStudy(string name, StudyDirection direction)
    {
        lock (_gate)
        {
            if (_studies.Any(s => s.Name == name)) throw new InvalidOperationException($"Study '{name}' already exists.");
            var info = new StudyInfo(_studies.Count, name, direction);
            _studies.Add(info);
            _trialsByStudy[info.StudyId] = [];
            return info;
        }
    }

    /// <inheritdoc/>
    public StudyInfo? FindStudy(string name)
    {
        lock (_gate) return _studies.FirstOrDefault(s => s.Name == name);
    }

    /// <inheritdoc/>
    public void SetStudyUserAttribute(long studyId, string key, string value)
    {
        lock (_gate)
        {
            Trials(studyId);
            if (!_studyAttributes.TryGetValue(studyId, out var attributes)) _studyAttributes[studyId] = attributes = [];
            attributes[key] = value;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, string> GetStudyUserAttributes(long studyId)
    {
        lock (_gate)
        {
            Trials(studyId);
            return _studyAttributes.TryGetValue(studyId, out var attributes) ? new Dictionary<string, string>(attributes) : [];
        }
    }

    /// <inheritdoc/>
    public void EnqueueTrial(long studyId, IReadOnlyDictionary<string, object> fixedParams, string? key = null)
    {
        lock (_gate)
        {
            if (key is not null && !_enqueueKeys.Add((studyId, key))) return;
            Add(studyId, TrialState.Waiting, null, fixedParams.ToDictionary(kv => kv.Key, kv => ChoiceJson.Normalize(kv.Value)!));
        }
    }

    /// <inheritdoc/>
    public FrozenTrial StartTrial(long studyId)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var waiting = Trials(studyId).FirstOrDefault(t => t.State == TrialState.Waiting);
            if (waiting is not null)
            {
                var started = Replace(waiting.TrialId, t => t with { State = TrialState.Running, DatetimeStart = now });
                _heartbeats[started.TrialId] = now;
                return started;
            }

            var trial = Add(studyId, TrialState.Running, now, new Dictionary<string, object>());
            _heartbeats[trial.TrialId] = now;
            return trial;
        }
    }

    /// <inheritdoc/>
    public void SetTrialParam(long trialId, string name, Distribution distribution, double internalValue)
    {
        lock (_gate)
        {
            Replace(trialId, t => t with
            {
                InternalParams = With(t.InternalParams, name, internalValue),
                Distributions = With(t.Distributions, name, distribution),
            }, requireRunning: true);
        }
    }

    /// <inheritdoc/>
    public void SetIntermediateValue(long trialId, int step, double value)
    {
        lock (_gate) Replace(trialId, t => t with { IntermediateValues = With(t.IntermediateValues, step, value) }, requireRunning: true);
    }

    /// <inheritdoc/>
    public void SetUserAttribute(long trialId, string key, string value)
    {
        lock (_gate) Replace(trialId, t => t with { UserAttributes = With(t.UserAttributes, key, value) });
    }

    /// <inheritdoc/>
    public void FinishTrial(long trialId, TrialState state, double? value, string? failReason)
    {
        if (!state.IsFinished()) throw new ArgumentException("FinishTrial needs a finished state.", nameof(state));
        lock (_gate)
        {
            Replace(trialId, t => t with
            {
                State = state, Value = value, FailReason = failReason, DatetimeComplete = DateTimeOffset.UtcNow,
            }, requireRunning: true);
            _heartbeats.Remove(trialId);
        }
    }

    /// <inheritdoc/>
    public void RecordHeartbeat(long trialId)
    {
        lock (_gate)
        {
            if (_heartbeats.ContainsKey(trialId)) _heartbeats[trialId] = DateTimeOffset.UtcNow;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> FailStaleTrials(long studyId, TimeSpan gracePeriod)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var stale = Trials(studyId)
                .Where(t => t.State == TrialState.Running && now - _heartbeats.GetValueOrDefault(t.TrialId, now) > gracePeriod)
                .ToList();
            foreach (var t in stale) FinishTrial(t.TrialId, TrialState.Failed, null, StaleReason);
            return stale.Select(t => GetTrial(t.TrialId)).ToList();
        }
    }

    internal const string StaleReason = "Heartbeat stale: the worker running this trial stopped.";

    /// <inheritdoc/>
    public FrozenTrial GetTrial(long trialId)
    {
        lock (_gate)
        {
            var (s, i) = Locate(trialId);
            return _trialsByStudy[s][i];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<FrozenTrial> GetAllTrials(long studyId, IReadOnlyCollection<TrialState>? states = null)
    {
        lock (_gate) return Trials(studyId).Where(t => states is null || states.Contains(t.State)).ToArray();
    }

    private List<FrozenTrial> Trials(long studyId) =>
        _trialsByStudy.TryGetValue(studyId, out var list) ? list : throw new KeyNotFoundException($"No study {studyId}.");

    private (long StudyId, int Index) Locate(long trialId) =>
        _trialIndex.TryGetValue(trialId, out var loc) ? loc : throw new KeyNotFoundException($"No trial {trialId}.");

    private FrozenTrial Add(long studyId, TrialState state, DateTimeOffset? start, IReadOnlyDictionary<string, object> fixedParams)
    {
        var list = Trials(studyId);
        var trial = new FrozenTrial(
            _nextTrialId++, list.Count, state, null, new Dictionary<string, double>(), new Dictionary<string, Distribution>(),
            new Dictionary<int, double>(), new Dictionary<string, string>(), start, null, null, fixedParams);
        _trialIndex[trial.TrialId] = (studyId, list.Count);
        list.Add(trial);
        return trial;
    }

    private FrozenTrial Replace(long trialId, Func<FrozenTrial, FrozenTrial> change, bool requireRunning = false)
    {
        var (s, i) = Locate(trialId);
        var current = _trialsByStudy[s][i];
        if (requireRunning && current.State != TrialState.Running)
            throw new InvalidOperationException($"Trial {current.Number} is {current.State}, not Running.");
        var next = change(current);
        _trialsByStudy[s][i] = next;
        return next;
    }

    // Copy-on-write keeps every snapshot handed out unchanged.
    private static Dictionary<TKey, TValue> With<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> source, TKey key, TValue value)
        where TKey : notnull
    {
        var copy = new Dictionary<TKey, TValue>(source) { [key] = value };
        return copy;
    }
}
