namespace MlPipeline.Tuning.Pruners;

/// <summary>
/// Asynchronous Successive Halving (Li et al. 2020, "A System for Massively Parallel Hyperparameter
/// Tuning"), as in Optuna: rung r is reached at step minResource * reductionFactor^(minEarlyStoppingRate + r);
/// a trial reaching a rung continues only if its value there is in the top 1/reductionFactor of all
/// trials' values recorded at that rung.
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="minResource">Steps before the first rung.</param>
    /// <param name="reductionFactor">Keep the top 1/reductionFactor at each rung.</param>
    /// <param name="minEarlyStoppingRate">Shifts the first rung to minResource * reductionFactor^rate.</param>
    public SuccessiveHalvingPruner(int minResource = 1, int reductionFactor = 4, int minEarlyStoppingRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minEarlyStoppingRate);
        MinResource = minResource;
        ReductionFactor = reductionFactor;
        MinEarlyStoppingRate = minEarlyStoppingRate;
    }

    /// <summary>Steps before the first rung.</summary>
    public int MinResource { get; }

    /// <summary>Reduction factor.</summary>
    public int ReductionFactor { get; }

    /// <summary>Minimum early-stopping rate.</summary>
    public int MinEarlyStoppingRate { get; }

    /// <summary>The step at which rung <paramref name="rung"/> is evaluated.</summary>
    /// <param name="rung">0-based rung.</param>
    /// <returns>The step.</returns>
    public long RungStep(int rung) => MinResource * (long)Math.Pow(ReductionFactor, MinEarlyStoppingRate + rung);

    /// <inheritdoc/>
    public bool Prune(IStudyView study, FrozenTrial trial)
    {
        if (trial.LastStep is not { } step || step < RungStep(0)) return false;
        var rung = 0;
        while (RungStep(rung + 1) <= step) rung++;
        var rungStep = RungStep(rung);

        // Decide only when the trial first crosses a rung, so a promotion is never revoked later.
        var previous = trial.IntermediateValues.Keys.Where(k => k < step).DefaultIfEmpty(-1).Max();
        if (previous >= rungStep) return false;
        var mine = trial.IntermediateValues[step];
        var competing = study.GetTrials()
            .Where(t => t.TrialId != trial.TrialId && t.State != TrialState.Waiting)
            .Select(t => t.IntermediateValues.Where(kv => kv.Key >= rungStep).OrderBy(kv => kv.Key).Select(kv => (double?)kv.Value).FirstOrDefault())
            .Where(v => v is not null && !double.IsNaN(v.Value)).Select(v => v!.Value)
            .Append(mine).ToList();

        // Unlike Optuna, which keeps only the single best while fewer than reductionFactor trials
        // reached a rung, we do not prune until a rung has a full cohort.
        if (competing.Count < ReductionFactor) return false;
        var keep = competing.Count / ReductionFactor;
        var ordered = study.Direction == StudyDirection.Minimize
            ? competing.OrderBy(v => v).ToList()
            : competing.OrderByDescending(v => v).ToList();
        var threshold = ordered[keep - 1];
        return study.Direction == StudyDirection.Minimize ? mine > threshold : mine < threshold;
    }
}
