namespace MlPipeline.Tuning;

/// <summary>Immutable snapshot of a trial as stored.</summary>
/// <param name="TrialId">Storage-wide identifier.</param>
/// <param name="Number">0-based number, unique within the study.</param>
/// <param name="State">Life-cycle state.</param>
/// <param name="Value">Objective value (Complete trials only).</param>
/// <param name="InternalParams">Parameter values in the distributions' internal form.</param>
/// <param name="Distributions">Distribution of each parameter.</param>
/// <param name="IntermediateValues">Reported values by step.</param>
/// <param name="UserAttributes">User attributes.</param>
/// <param name="DatetimeStart">When the trial started running.</param>
/// <param name="DatetimeComplete">When it finished.</param>
/// <param name="FailReason">Why it failed, for Failed trials.</param>
/// <param name="FixedParams">Parameters fixed in advance by <see cref="Study.EnqueueTrial"/>.</param>
public sealed record FrozenTrial(
    long TrialId,
    int Number,
    TrialState State,
    double? Value,
    IReadOnlyDictionary<string, double> InternalParams,
    IReadOnlyDictionary<string, Distribution> Distributions,
    IReadOnlyDictionary<int, double> IntermediateValues,
    IReadOnlyDictionary<string, string> UserAttributes,
    DateTimeOffset? DatetimeStart,
    DateTimeOffset? DatetimeComplete,
    string? FailReason,
    IReadOnlyDictionary<string, object> FixedParams)
{
    /// <summary>Parameter values in user-facing form.</summary>
    public IReadOnlyDictionary<string, object> Params =>
        InternalParams.ToDictionary(kv => kv.Key, kv => Distributions[kv.Key].ToExternal(kv.Value));

    /// <summary>Wall time from start to completion, when both are known.</summary>
    public TimeSpan? Duration => DatetimeComplete - DatetimeStart;

    /// <summary>The largest reported step, or null.</summary>
    public int? LastStep => IntermediateValues.Count == 0 ? null : IntermediateValues.Keys.Max();
}
