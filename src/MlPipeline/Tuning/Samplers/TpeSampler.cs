namespace MlPipeline.Tuning.Samplers;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al. 2011) with Optuna's defaults: finished trials
/// are split into the best gamma(n) = min(ceil(0.1 n), 25) and the rest, a Parzen estimator is fit
/// to each group, and the candidate maximising l(x)/g(x) among draws from l(x) is proposed.
/// Conditional parameters use only the trials that have them. A configuration may be proposed again: on a
/// small discrete space, exploiting the best region beats being pushed to ever worse unseen corners.
/// </summary>
public sealed class TpeSampler : ISampler
{
    private static readonly TrialState[] Finished = [TrialState.Complete, TrialState.Pruned];
    private static readonly TrialState[] RunningOnly = [TrialState.Running];
    private readonly Random _rng;
    private readonly Lock _gate = new();
    private readonly RandomSampler _random;

    /// <summary>Creates the sampler.</summary>
    /// <param name="seed">Seed for reproducible runs, or null.</param>
    /// <param name="settings">Hyperparameters (Optuna defaults when null).</param>
    public TpeSampler(int? seed = null, TpeSettings? settings = null)
    {
        _rng = seed is { } s ? new Random(s) : new Random();
        _random = new RandomSampler(seed is { } s2 ? s2 + 1 : null);
        Settings = settings ?? new TpeSettings();
    }

    /// <summary>The hyperparameters.</summary>
    public TpeSettings Settings { get; }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(IStudyView study, FrozenTrial trial)
    {
        return Settings.Multivariate ? SearchSpaceIntersection.Compute(study.GetTrials(Finished)) : new Dictionary<string, Distribution>();
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        IStudyView study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        var names = searchSpace.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var dims = names.Select(n => searchSpace[n]).ToArray();
        var finished = study.GetTrials(Finished).ToList();
        if (finished.Count < Settings.NStartupTrials) return new Dictionary<string, double>();
        finished = WithLies(study, trial, finished);
        lock (_gate)
        {
            var (below, above) = TpeSplit.Split(finished, study.Direction, TpeSplit.DefaultGamma(finished.Count));
            return ToDict(names, Candidates(Build(below, names, dims), Build(above, names, dims))[0]);
        }
    }

    /// <inheritdoc/>
    public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution)
    {
        var finished = study.GetTrials(Finished);
        if (finished.Count < Settings.NStartupTrials) return _random.SampleIndependent(study, trial, name, distribution);
        finished = WithLies(study, trial, finished);
        var (below, above) = TpeSplit.Split(finished, study.Direction, TpeSplit.DefaultGamma(finished.Count));
        string[] names = [name];
        Distribution[] dims = [distribution];
        lock (_gate)
        {
            var best = Candidates(Build(below, names, dims), Build(above, names, dims))[0];
            return best[0];
        }
    }

    /// <summary>
    /// With <see cref="TpeSettings.ConstantLiar"/>: the other Running trials join the history as Complete with the worst
    /// finished value (Optuna's constant liar), so they land in the "above" group and push this proposal away from them.
    /// </summary>
    private List<FrozenTrial> WithLies(IStudyView study, FrozenTrial trial, IReadOnlyList<FrozenTrial> finished)
    {
        if (!Settings.ConstantLiar) return [.. finished];
        var running = study.GetTrials(RunningOnly).Where(t => t.TrialId != trial.TrialId && t.InternalParams.Count > 0).ToList();
        if (running.Count == 0) return [.. finished];
        var values = finished.Where(t => t.State == TrialState.Complete && t.Value is not null).Select(t => t.Value!.Value).ToList();
        var worst = values.Count == 0
            ? (study.Direction == StudyDirection.Minimize ? double.MaxValue : double.MinValue)
            : study.Direction == StudyDirection.Minimize ? values.Max() : values.Min();
        return [.. finished, .. running.Select(t => t with { State = TrialState.Complete, Value = worst })];
    }

    private ParzenEstimator Build(List<FrozenTrial> group, string[] names, Distribution[] dims)
    {
        var with = group.Where(t => names.All(n => t.Distributions.TryGetValue(n, out var d) && d.Equals(dims[Array.IndexOf(names, n)])))
            .ToList();
        var obs = with.Select(t => names.Select(n => t.InternalParams[n]).ToArray()).ToList();
        return new ParzenEstimator(obs, TpeSplit.DefaultWeights(obs.Count), dims, Settings, Settings.Multivariate);
    }

    /// <summary>Draws from l(x) and orders by log l(x) - log g(x), best first.</summary>
    private List<double[]> Candidates(ParzenEstimator lower, ParzenEstimator upper) =>
        [.. lower.Sample(_rng, Settings.NEiCandidates)
            .Select(x => (X: x, Score: lower.LogPdf(x) - upper.LogPdf(x)))
            .OrderByDescending(p => p.Score).Select(p => p.X)];

    private static Dictionary<string, double> ToDict(string[] names, double[] values) =>
        values.Length == 0 ? [] : names.Select((n, i) => (n, values[i])).ToDictionary(p => p.n, p => p.Item2);
}
