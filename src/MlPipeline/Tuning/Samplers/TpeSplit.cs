namespace MlPipeline.Tuning.Samplers;

/// <summary>Optuna's split of finished trials into the good ("below") and bad ("above") groups, and its weights.</summary>
internal static class TpeSplit
{
    /// <summary>Optuna's default gamma: min(ceil(0.1 n), 25).</summary>
    public static int DefaultGamma(int n) => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>
    /// Optuna's default_weights: uniform for fewer than 25 observations, otherwise a linear ramp from
    /// 1/n up to 1 for the oldest n - 25 and weight 1 for the newest 25 (Bergstra et al. 2013 favour recency).
    /// </summary>
    public static double[] DefaultWeights(int n)
    {
        if (n == 0) return [];
        if (n < 25) return Enumerable.Repeat(1.0, n).ToArray();
        var ramp = n - 25;
        var w = new double[n];
        for (var i = 0; i < ramp; i++) w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        for (var i = ramp; i < n; i++) w[i] = 1.0;
        return w;
    }

    /// <summary>
    /// Complete trials ranked by value come first; Pruned trials follow, ranked by furthest step reached
    /// and then by their value at that step (Optuna's _get_pruned_trial_score). Both groups return in trial-number order.
    /// </summary>
    public static (List<FrozenTrial> Below, List<FrozenTrial> Above) Split(
        IReadOnlyList<FrozenTrial> trials, StudyDirection direction, int nBelow)
    {
        var sign = direction == StudyDirection.Minimize ? 1.0 : -1.0;
        var complete = trials.Where(t => t.State == TrialState.Complete && t.Value is not null)
            .OrderBy(t => sign * t.Value!.Value).ThenBy(t => t.Number);
        var pruned = trials.Where(t => t.State == TrialState.Pruned).OrderBy(t => PrunedKey(t, sign).Step)
            .ThenBy(t => PrunedKey(t, sign).Value).ThenBy(t => t.Number);
        var ranked = complete.Concat(pruned).ToList();
        var below = ranked.Take(nBelow).OrderBy(t => t.Number).ToList();
        var above = ranked.Skip(nBelow).OrderBy(t => t.Number).ToList();
        return (below, above);
    }

    private static (int Step, double Value) PrunedKey(FrozenTrial t, double sign)
    {
        if (t.LastStep is not { } step) return (1, 0.0);
        var v = t.IntermediateValues[step];
        return (-step, double.IsNaN(v) ? double.PositiveInfinity : sign * v);
    }
}
