namespace MlPipeline.Tuning.Storage;

/// <summary>
/// The small core of study persistence. Everything else (best trial, counts, ...) is derived in
/// <see cref="StudyStorageExtensions"/>.
/// </summary>
/// <remarks>
/// Contract every backend keeps:
/// <list type="bullet">
/// <item>All members are safe to call concurrently from any number of threads; the SQL backends are
/// also safe across processes and machines sharing one database.</item>
/// <item>Returned <see cref="FrozenTrial"/> objects are immutable snapshots: later writes never change them.</item>
/// <item>Trial numbers are allocated atomically: 0, 1, 2, ... unique within a study, even under concurrency.</item>
/// <item>A finished trial (Complete, Pruned, Failed) is final: <see cref="FinishTrial"/> on it, or any
/// parameter/intermediate write to it, throws <see cref="InvalidOperationException"/>, so each trial is
/// recorded exactly once.</item>
/// <item>A write that returned has been committed (durable for SQL backends).</item>
/// </list>
/// </remarks>
public interface IStudyStorage
{
    /// <summary>Creates a study; throws <see cref="InvalidOperationException"/> if the name exists.</summary>
    /// <param name="name">Unique study name.</param>
    /// <param name="direction">Optimisation direction.</param>
    /// <returns>The created study.</returns>
    StudyInfo CreateStudy(string name, StudyDirection direction);

    /// <summary>Finds a study by name.</summary>
    /// <param name="name">Study name.</param>
    /// <returns>The study or null.</returns>
    StudyInfo? FindStudy(string name);

    /// <summary>Adds a Waiting trial whose parameters are fixed in advance.</summary>
    /// <param name="studyId">Study.</param>
    /// <param name="fixedParams">User-facing parameter values.</param>
    void EnqueueTrial(long studyId, IReadOnlyDictionary<string, object> fixedParams);

    /// <summary>Starts a trial: claims the oldest Waiting trial if any, else creates a new Running one.</summary>
    /// <param name="studyId">Study.</param>
    /// <returns>The Running trial.</returns>
    FrozenTrial StartTrial(long studyId);

    /// <summary>Records a parameter of a Running trial.</summary>
    /// <param name="trialId">Trial.</param>
    /// <param name="name">Parameter name.</param>
    /// <param name="distribution">Its distribution.</param>
    /// <param name="internalValue">Value in internal form.</param>
    void SetTrialParam(long trialId, string name, Distribution distribution, double internalValue);

    /// <summary>Records an intermediate value of a Running trial (overwrites the same step).</summary>
    /// <param name="trialId">Trial.</param>
    /// <param name="step">Step.</param>
    /// <param name="value">Value.</param>
    void SetIntermediateValue(long trialId, int step, double value);

    /// <summary>Sets a user attribute of a trial.</summary>
    /// <param name="trialId">Trial.</param>
    /// <param name="key">Key.</param>
    /// <param name="value">Value.</param>
    void SetUserAttribute(long trialId, string key, string value);

    /// <summary>Finishes a Running trial; throws <see cref="InvalidOperationException"/> if already finished.</summary>
    /// <param name="trialId">Trial.</param>
    /// <param name="state">Complete, Pruned or Failed.</param>
    /// <param name="value">Objective value for Complete (and optionally Pruned) trials.</param>
    /// <param name="failReason">Why it failed.</param>
    void FinishTrial(long trialId, TrialState state, double? value, string? failReason);

    /// <summary>Marks a Running trial as alive now.</summary>
    /// <param name="trialId">Trial.</param>
    void RecordHeartbeat(long trialId);

    /// <summary>Fails Running trials whose last heartbeat is older than <paramref name="gracePeriod"/>.</summary>
    /// <param name="studyId">Study.</param>
    /// <param name="gracePeriod">Allowed heartbeat age.</param>
    /// <returns>The trials this call failed.</returns>
    IReadOnlyList<FrozenTrial> FailStaleTrials(long studyId, TimeSpan gracePeriod);

    /// <summary>One trial.</summary>
    /// <param name="trialId">Trial.</param>
    /// <returns>Its snapshot.</returns>
    FrozenTrial GetTrial(long trialId);

    /// <summary>All trials of a study ordered by number, optionally filtered by state.</summary>
    /// <param name="studyId">Study.</param>
    /// <param name="states">States to keep, or null for all.</param>
    /// <returns>The snapshots.</returns>
    IReadOnlyList<FrozenTrial> GetAllTrials(long studyId, IReadOnlyCollection<TrialState>? states = null);
}
