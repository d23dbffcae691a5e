namespace MlPipeline.Tuning.Samplers;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al. 2011) with Optuna's defaults: finished trials
/// are split into the best gamma(n) = min(ceil(0.1 n), 25) and the rest, a Parzen estimator is fit
/// to each group, and the candidate maximising l(x)/g(x) among draws from l(x) is proposed.
/// Conditional parameters use only the trials that have them. For all-discrete search spaces a
/// configuration already tried is not proposed again while unseen ones remain.
/// </summary>
public sealed class TpeSampler : ISampler
{
    private static readonly TrialState[] Finished = [TrialState.Complete, TrialState.Pruned];
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
        var space = SearchSpaceIntersection.Compute(study.GetTrials(Finished));
        var allDiscrete = space.Count > 0 && space.Values.All(d => d.IsDiscrete);
        return Settings.Multivariate || allDiscrete ? space : new Dictionary<string, Distribution>();
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        IStudyView study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace)
    {
        var names = searchSpace.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var dims = names.Select(n => searchSpace[n]).ToArray();
        var all = study.GetTrials();
        var seen = Seen(all, names, dims);
        var finished = all.Where(t => t.State is TrialState.Complete or TrialState.Pruned).ToList();
        var discrete = dims.All(d => d.IsDiscrete);
        lock (_gate)
        {
            if (finished.Count < Settings.NStartupTrials)
                return discrete ? ToDict(names, UnseenPoint(dims, seen) ?? []) : new Dictionary<string, double>();
            var (below, above) = TpeSplit.Split(finished, study.Direction, TpeSplit.DefaultGamma(finished.Count));
            var lower = Build(below, names, dims);
            var upper = Build(above, names, dims);
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var candidates = Candidates(lower, upper, dims.Length);
                foreach (var c in candidates)
                {
                    if (!discrete || !seen.Contains(Key(c))) return ToDict(names, c);
                }
            }

            return ToDict(names, UnseenPoint(dims, seen) ?? Candidates(lower, upper, dims.Length)[0]);
        }
    }

    /// <inheritdoc/>
    public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution)
    {
        var finished = study.GetTrials(Finished);
        if (finished.Count < Settings.NStartupTrials) return _random.SampleIndependent(study, trial, name, distribution);
        var (below, above) = TpeSplit.Split(finished, study.Direction, TpeSplit.DefaultGamma(finished.Count));
        string[] names = [name];
        Distribution[] dims = [distribution];
        lock (_gate)
        {
            var best = Candidates(Build(below, names, dims), Build(above, names, dims), 1)[0];
            return best[0];
        }
    }

    private ParzenEstimator Build(List<FrozenTrial> group, string[] names, Distribution[] dims)
    {
        var with = group.Where(t => names.All(n => t.Distributions.TryGetValue(n, out var d) && d.Equals(dims[Array.IndexOf(names, n)])))
            .ToList();
        var obs = with.Select(t => names.Select(n => t.InternalParams[n]).ToArray()).ToList();
        return new ParzenEstimator(obs, TpeSplit.DefaultWeights(obs.Count), dims, Settings, Settings.Multivariate);
    }

    /// <summary>Draws from l(x) and orders by log l(x) - log g(x), best first.</summary>
    private List<double[]> Candidates(ParzenEstimator lower, ParzenEstimator upper, int nDims)
    {
        if (Settings.Multivariate || nDims == 1)
        {
            return lower.Sample(_rng, Settings.NEiCandidates)
                .Select(x => (X: x, Score: lower.LogPdf(x) - upper.LogPdf(x)))
                .OrderByDescending(p => p.Score).Select(p => p.X).ToList();
        }

        // Independent TPE on an all-discrete space: rank each dimension's draws on its own, then walk
        // down the joint ranking so the first alternatives to a seen configuration stay near the optimum.
        var perDim = new List<double>[nDims];
        var draws = lower.Sample(_rng, Settings.NEiCandidates);
        for (var d = 0; d < nDims; d++)
        {
            var dim = d;
            perDim[d] = draws.Select(x => x[dim]).Distinct()
                .OrderByDescending(v => lower.LogMarginal(dim, v) - upper.LogMarginal(dim, v)).ToList();
        }

        var result = new List<double[]>();
        for (var r = 0; r < Settings.NEiCandidates; r++)
        {
            var x = new double[nDims];
            for (var d = 0; d < nDims; d++) x[d] = perDim[d][Math.Min(r, perDim[d].Count - 1)];
            result.Add(x);
            for (var d = 0; d < nDims && r == 0; d++)
            {
                for (var alt = 1; alt < perDim[d].Count; alt++)
                {
                    var y = (double[])x.Clone();
                    y[d] = perDim[d][alt];
                    result.Add(y);
                }
            }
        }

        return result;
    }

    private double[]? UnseenPoint(Distribution[] dims, HashSet<string> seen)
    {
        double size = dims.Aggregate(1.0, (acc, d) => acc * (d.Cardinality ?? double.PositiveInfinity));
        if (size <= seen.Count) return null;
        if (size <= 100_000)
        {
            var unseen = Cartesian(dims).Where(p => !seen.Contains(Key(p))).ToList();
            return unseen.Count == 0 ? null : unseen[_rng.Next(unseen.Count)];
        }

        for (var i = 0; i < 1000; i++)
        {
            var p = dims.Select(d => d.FromUnit(_rng.NextDouble())).ToArray();
            if (!seen.Contains(Key(p))) return p;
        }

        return null;
    }

    private static IEnumerable<double[]> Cartesian(Distribution[] dims)
    {
        IEnumerable<double[]> acc = [[]];
        foreach (var d in dims)
        {
            var values = d.EnumerateInternal().ToArray();
            acc = acc.SelectMany(prefix => values.Select(v => prefix.Append(v).ToArray()));
        }

        return acc;
    }

    private static HashSet<string> Seen(IReadOnlyList<FrozenTrial> trials, string[] names, Distribution[] dims)
    {
        var seen = new HashSet<string>();
        foreach (var t in trials)
        {
            if (names.All(n => t.InternalParams.ContainsKey(n))) seen.Add(Key(names.Select(n => t.InternalParams[n]).ToArray()));
        }

        return seen;
    }

    private static string Key(double[] values) => string.Join('|', values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    private static Dictionary<string, double> ToDict(string[] names, double[] values) =>
        values.Length == 0 ? [] : names.Select((n, i) => (n, values[i])).ToDictionary(p => p.n, p => p.Item2);
}
