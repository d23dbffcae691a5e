namespace MlPipeline.Tuning;

/// <summary>
/// A running trial handed to the objective (define-by-run): each Suggest call both declares a
/// parameter and returns its value, so conditional search spaces are plain <c>if</c> statements.
/// One trial is meant to be used by one thread at a time.
/// </summary>
public sealed class Trial
{
    private readonly Study _study;
    private readonly FrozenTrial _started;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _params = [];
    private readonly Dictionary<string, Distribution> _distributions = [];
    private readonly Dictionary<int, double> _intermediate = [];
    private readonly Dictionary<string, string> _userAttributes = [];
    private readonly Dictionary<string, object> _fixed = [];
    private IReadOnlyDictionary<string, Distribution>? _relativeSpace;
    private IReadOnlyDictionary<string, double>? _relativeValues;

    internal Trial(Study study, FrozenTrial started)
    {
        _study = study;
        _started = started;
    }

    /// <summary>0-based number within the study.</summary>
    public int Number => _started.Number;

    /// <summary>Storage identifier.</summary>
    public long TrialId => _started.TrialId;

    internal Timer? Heartbeat { get; set; }

    internal bool IsFinished { get; set; }

    /// <summary>Parameters suggested so far, in user-facing form.</summary>
    public IReadOnlyDictionary<string, object> Params
    {
        get
        {
            lock (_gate) return _params.ToDictionary(kv => kv.Key, kv => _distributions[kv.Key].ToExternal(kv.Value));
        }
    }

    /// <summary>Distributions of the parameters suggested so far.</summary>
    public IReadOnlyDictionary<string, Distribution> Distributions
    {
        get
        {
            lock (_gate) return new Dictionary<string, Distribution>(_distributions);
        }
    }

    /// <summary>User attributes set so far.</summary>
    public IReadOnlyDictionary<string, string> UserAttributes
    {
        get
        {
            lock (_gate) return new Dictionary<string, string>(_userAttributes);
        }
    }

    /// <summary>Suggests a floating point value.</summary>
    /// <param name="name">Parameter name.</param>
    /// <param name="low">Inclusive lower bound.</param>
    /// <param name="high">Inclusive upper bound.</param>
    /// <param name="log">Log-uniform domain.</param>
    /// <param name="step">Quantisation step, or null.</param>
    /// <returns>The value.</returns>
    public double SuggestFloat(string name, double low, double high, bool log = false, double? step = null) =>
        Suggest(name, new FloatDistribution(low, high, log, step));

    /// <summary>Suggests an integer.</summary>
    /// <param name="name">Parameter name.</param>
    /// <param name="low">Inclusive lower bound.</param>
    /// <param name="high">Inclusive upper bound.</param>
    /// <param name="log">Log-uniform domain.</param>
    /// <param name="step">Grid step.</param>
    /// <returns>The value.</returns>
    public int SuggestInt(string name, int low, int high, bool log = false, int step = 1) =>
        (int)Math.Round(Suggest(name, new IntDistribution(low, high, log, step)));

    /// <summary>Suggests one of <paramref name="choices"/> (string, integer, double or bool), stored by index.</summary>
    /// <typeparam name="T">Choice type.</typeparam>
    /// <param name="name">Parameter name.</param>
    /// <param name="choices">The choices.</param>
    /// <returns>The chosen element of <paramref name="choices"/>.</returns>
    public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices)
    {
        var index = (int)Suggest(name, new CategoricalDistribution(choices.Select(c => (object?)c).ToArray()));
        return choices[index];
    }

    /// <summary>
    /// Fixes the values of parameters not suggested yet, as an enqueued trial's are: a later Suggest of one of them
    /// returns the fixed value (recorded like any other) instead of asking the sampler. For an objective that, once a
    /// sampler's draw has chosen a branch, starts that branch at known-good values.
    /// </summary>
    /// <param name="values">User-facing values by parameter name; names suggested already are ignored.</param>
    public void FixParams(IReadOnlyDictionary<string, object> values)
    {
        lock (_gate)
        {
            foreach (var (name, value) in values)
            {
                if (!_params.ContainsKey(name)) _fixed[name] = value;
            }
        }
    }

    /// <summary>Reports an intermediate objective value for pruning and analysis.</summary>
    /// <param name="value">The value (not NaN).</param>
    /// <param name="step">Step, e.g. epoch.</param>
    public void Report(double value, int step)
    {
        if (double.IsNaN(value)) throw new ArgumentException("Intermediate values cannot be NaN.", nameof(value));
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), "Step must be >= 0.");
        _study.Storage.SetIntermediateValue(TrialId, step, value);
        lock (_gate) _intermediate[step] = value;
    }

    /// <summary>Asks the study's pruner whether this trial should stop (then throw <see cref="TrialPrunedException"/>).</summary>
    /// <returns>True to prune.</returns>
    public bool ShouldPrune() => _study.Pruner.Prune(_study, Snapshot());

    /// <summary>Sets a user attribute.</summary>
    /// <param name="key">Key.</param>
    /// <param name="value">Value.</param>
    public void SetUserAttribute(string key, string value)
    {
        _study.Storage.SetUserAttribute(TrialId, key, value);
        lock (_gate) _userAttributes[key] = value;
    }

    internal FrozenTrial Snapshot()
    {
        lock (_gate)
        {
            return _started with
            {
                InternalParams = new Dictionary<string, double>(_params),
                Distributions = new Dictionary<string, Distribution>(_distributions),
                IntermediateValues = new Dictionary<int, double>(_intermediate),
                UserAttributes = new Dictionary<string, string>(_userAttributes),
            };
        }
    }

    private double Suggest(string name, Distribution distribution)
    {
        lock (_gate)
        {
            if (_params.TryGetValue(name, out var existing))
            {
                if (!_distributions[name].Equals(distribution))
                    throw new ArgumentException($"Parameter '{name}' was already suggested with {_distributions[name]}.");
                return existing;
            }

            var value = Sample(name, distribution);
            if (!distribution.Contains(value))
                throw new ArgumentException($"Value {value} for '{name}' is outside {distribution}.");
            _study.Storage.SetTrialParam(TrialId, name, distribution, value);
            _params[name] = value;
            _distributions[name] = distribution;
            return value;
        }
    }

    private double Sample(string name, Distribution distribution)
    {
        if (_started.FixedParams.TryGetValue(name, out var fixedValue) || _fixed.TryGetValue(name, out fixedValue)) return distribution.ToInternal(fixedValue);
        var snapshot = Snapshot();
        if (_relativeSpace is null)
        {
            _relativeSpace = _study.Sampler.InferRelativeSearchSpace(_study, snapshot);
            _relativeValues = _relativeSpace.Count == 0
                ? new Dictionary<string, double>()
                : _study.Sampler.SampleRelative(_study, snapshot, _relativeSpace);
        }

        if (_relativeSpace.TryGetValue(name, out var relDist) && relDist.Equals(distribution)
            && _relativeValues!.TryGetValue(name, out var relValue))
            return relValue;
        return _study.Sampler.SampleIndependent(_study, snapshot, name, distribution);
    }
}
