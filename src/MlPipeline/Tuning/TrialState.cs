namespace MlPipeline.Tuning;

/// <summary>Life-cycle state of a trial.</summary>
public enum TrialState
{
    /// <summary>The objective is being evaluated.</summary>
    Running = 0,

    /// <summary>Finished with a value.</summary>
    Complete = 1,

    /// <summary>Stopped early by a pruner.</summary>
    Pruned = 2,

    /// <summary>Threw, returned NaN, or its worker died (stale heartbeat).</summary>
    Failed = 3,

    /// <summary>Enqueued with fixed parameters and not yet picked up by a worker.</summary>
    Waiting = 4,
}

/// <summary>Helpers on <see cref="TrialState"/>.</summary>
public static class TrialStateExtensions
{
    /// <summary>Whether the state is final (Complete, Pruned or Failed).</summary>
    /// <param name="state">The state.</param>
    /// <returns>True for finished states.</returns>
    public static bool IsFinished(this TrialState state) =>
        state is TrialState.Complete or TrialState.Pruned or TrialState.Failed;
}
