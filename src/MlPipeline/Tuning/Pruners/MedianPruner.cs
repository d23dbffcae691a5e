using MlPipeline.Evaluation;

namespace MlPipeline.Tuning.Pruners;

/// <summary>
/// Prunes a trial whose best intermediate value so far is worse than the median of the other
/// finished trials' values at the same step (Optuna's MedianPruner, i.e. a 50th-percentile rule).
/// </summary>
public sealed class MedianPruner : IPruner
{
    private static readonly TrialState[] Finished = [TrialState.Complete, TrialState.Pruned];

    /// <summary>Creates the pruner.</summary>
    /// <param name="nStartupTrials">No pruning until this many trials have finished.</param>
    /// <param name="nWarmupSteps">No pruning before this step.</param>
    /// <param name="intervalSteps">Only decide every this many steps after warm-up.</param>
    public MedianPruner(int nStartupTrials = 5, int nWarmupSteps = 0, int intervalSteps = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nStartupTrials);
        ArgumentOutOfRangeException.ThrowIfNegative(nWarmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalSteps, 1);
        NStartupTrials = nStartupTrials;
        NWarmupSteps = nWarmupSteps;
        IntervalSteps = intervalSteps;
    }

    /// <summary>Finished trials needed before pruning.</summary>
    public int NStartupTrials { get; }

    /// <summary>Steps before pruning starts.</summary>
    public int NWarmupSteps { get; }

    /// <summary>Decision interval in steps.</summary>
    public int IntervalSteps { get; }

    /// <inheritdoc/>
    public bool Prune(IStudyView study, FrozenTrial trial)
    {
        if (trial.LastStep is not { } step || step < NWarmupSteps) return false;
        if ((step - NWarmupSteps) % IntervalSteps != 0) return false;
        var others = study.GetTrials(Finished).Where(t => t.TrialId != trial.TrialId).ToList();
        if (others.Count(t => t.State == TrialState.Complete) < NStartupTrials) return false;
        var atStep = others.Where(t => t.IntermediateValues.ContainsKey(step))
            .Select(t => t.IntermediateValues[step]).Where(v => !double.IsNaN(v));
        if (SampleStatistics.Median(atStep) is not { } median) return false;
        var values = trial.IntermediateValues.Values.Where(v => !double.IsNaN(v)).ToList();
        if (values.Count == 0) return true;
        return study.Direction == StudyDirection.Minimize ? values.Min() > median : values.Max() < median;
    }
}
