namespace MlPipeline.Tuning.Samplers;

/// <summary>
/// Exhaustive search over a fixed grid: each trial takes a grid point that no trial in the study
/// (from any worker) has used yet, in a seeded shuffled order; once all are used it repeats random points.
/// Run it with nTrials = <see cref="Size"/>.
/// </summary>
public sealed class GridSampler : ISampler
{
    private readonly string[] _names;
    private readonly object?[][] _points;
    private readonly int[] _order;
    private readonly Dictionary<long, int> _assigned = [];
    private readonly Random _rng;
    private readonly Lock _gate = new();

    /// <summary>Creates the sampler.</summary>
    /// <param name="searchSpace">Values to try for each parameter; every suggested name must be listed.</param>
    /// <param name="seed">Seed of the visiting order.</param>
    public GridSampler(IReadOnlyDictionary<string, IReadOnlyList<object?>> searchSpace, int? seed = null)
    {
        if (searchSpace.Count == 0 || searchSpace.Values.Any(v => v.Count == 0))
            throw new ArgumentException("Every grid parameter needs at least one value.", nameof(searchSpace));
        _names = searchSpace.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        IEnumerable<object?[]> acc = [[]];
        foreach (var n in _names)
        {
            var values = searchSpace[n].Select(ChoiceJson.Normalize).ToArray();
            acc = acc.SelectMany(prefix => values.Select(v => prefix.Append(v).ToArray()));
        }

        _points = acc.ToArray();
        _rng = seed is { } s ? new Random(s) : new Random();
        _order = Enumerable.Range(0, _points.Length).OrderBy(_ => _rng.Next()).ToArray();
    }

    /// <summary>Number of grid points.</summary>
    public int Size => _points.Length;

    /// <summary>Whether every grid point has been used by some trial of the study.</summary>
    /// <param name="study">The study.</param>
    /// <returns>True when exhausted.</returns>
    public bool IsExhausted(IStudyView study) => Used(study).Count >= _points.Length;

    /// <inheritdoc/>
    public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution)
    {
        var column = Array.IndexOf(_names, name);
        if (column < 0) throw new ArgumentException($"Parameter '{name}' is not in the grid.", nameof(name));
        lock (_gate)
        {
            if (!_assigned.TryGetValue(trial.TrialId, out var index))
            {
                var used = Used(study);
                used.UnionWith(_assigned.Values);
                index = _order.Cast<int?>().FirstOrDefault(i => !used.Contains(i!.Value)) ?? _rng.Next(_points.Length);
                _assigned[trial.TrialId] = index;
            }

            return distribution.ToInternal(_points[index][column]!);
        }
    }

    private HashSet<int> Used(IStudyView study)
    {
        var used = new HashSet<int>();
        foreach (var t in study.GetTrials())
        {
            if (t.State == TrialState.Waiting || !_names.All(t.InternalParams.ContainsKey)) continue;
            var p = t.Params;
            var values = _names.Select(n => ChoiceJson.Normalize(p[n] is int i ? (long)i : p[n])).ToArray();
            for (var i = 0; i < _points.Length; i++)
            {
                if (_points[i].Zip(values).All(z => Matches(z.First, z.Second))) used.Add(i);
            }
        }

        return used;
    }

    private static bool Matches(object? grid, object? actual) => (grid, actual) switch
    {
        (long g, double a) => g == a,
        (double g, long a) => g == a,
        _ => Equals(grid, actual),
    };
}
