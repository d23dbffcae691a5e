using System.Collections.Concurrent;
using MlPipeline.Evaluation;

namespace MlPipeline.Tuning.Samplers;

/// <summary>
/// Chooses one categorical parameter — an AutoML sweep's learner — by its estimated cost for improvement (ECI,
/// Wang et al. 2021, "FLAML: a fast and lightweight AutoML library"; the rule ML.NET's AutoML follows in its
/// pipeline proposer), and hands every other parameter to an inner sampler that sees only the trials of the same
/// choice, so each learner's hyperparameters are sampled conditioned on that learner.
/// </summary>
/// <remarks>
/// <para>For each choice, from its finished trials in completion order: e₁ is its best value and e₂ the best
/// before that; k₁ the seconds spent since (and on) the trial that reached e₁, k₂ the same for e₂. Then
/// ECI = max(k₁, k₂, 2 (e₁ − e*) / ((e₂ − e₁) / (k₁ + k₂))) with e* the best value of all choices: the time the
/// choice took for its last improvement, or the time it would need to catch up with the leader at its recent rate
/// of improvement. A choice is drawn with probability ∝ 1/ECI, so the cheap, improving ones get most trials and
/// none is ruled out. A choice not yet tried is taken first (one whose first trial is running counts as tried), unless it
/// has a prior cost: it then competes with that as its ECI (and its typical duration); a failed trial doubles its choice's ECI. Near the end of
/// a time budget a choice whose typical trial (the median duration of its completed ones) would not end in the time
/// left is not drawn while another one would (FLAML likewise skips a learner whose estimated trial time exceeds the
/// remaining budget): a trial stopped at the deadline gives nothing for the time it took. A choice whose completed
/// trial drew no parameter besides the choice itself has nothing left to try and is not drawn again while another
/// choice can be (another trial would only repeat the first), nor is one whose last three trials gave nothing (failed,
/// or pruned before reporting a step), nor one the caller says cannot start now (a learner whose fits run one at a time
/// and one of which is still running would only wait for it) while another worth drawing can.</para>
/// <para>Stateless across processes: everything is computed from the study's trials, so a resumed study and
/// parallel workers choose consistently. Thread-safe.</para>
/// </remarks>
public sealed class EciSampler : ISampler
{
    private static readonly TrialState[] Finished = [TrialState.Complete, TrialState.Pruned, TrialState.Failed];
    private readonly string _parameter;
    private readonly ISampler _inner;
    private readonly int _seed;
    private readonly Func<FrozenTrial, double> _cost;
    private readonly Func<TimeSpan>? _timeLeft;
    private readonly Func<object?, double?>? _priorSeconds;
    private readonly Func<object?, bool>? _canStart;
    private readonly ConcurrentDictionary<int, (int Index, CategoricalDistribution Among)> _chosen = new();

    /// <summary>Creates the sampler.</summary>
    /// <param name="parameter">The categorical parameter to choose by ECI.</param>
    /// <param name="inner">Samples every other parameter, from the trials of the same choice.</param>
    /// <param name="seed">Seed of the draws (combined with the trial number, so a run is reproducible).</param>
    /// <param name="cost">
    /// What a finished trial cost, in the budget's unit: its wall-clock seconds by default (a time budget); 1 for a
    /// budget counted in trials, which also makes the choices reproducible for a seed, as durations are not.
    /// </param>
    /// <param name="timeLeft">Time left before the budget's deadline, when there is one: a choice whose typical trial would not end in it is passed over.</param>
    /// <param name="priorSeconds">
    /// An estimate of a first trial's cost, by choice value, for choices that should not simply be taken first while untried
    /// (null for the others): such a choice competes from the start with this estimate as its ECI, as FLAML starts each
    /// learner at its cost relative to the cheapest one, so an untried costly learner waits while cheap ones improve.
    /// </param>
    /// <param name="canStart">
    /// Whether a trial of a choice value could start its work now (null: always); one that cannot is not drawn while
    /// another can be.
    /// </param>
    public EciSampler(string parameter, ISampler inner, int seed = 0, Func<FrozenTrial, double>? cost = null, Func<TimeSpan>? timeLeft = null,
        Func<object?, double?>? priorSeconds = null, Func<object?, bool>? canStart = null)
    {
        _parameter = parameter;
        _inner = inner;
        _seed = seed;
        _cost = cost ?? (t => t.Duration?.TotalSeconds ?? 0);
        _timeLeft = timeLeft;
        _priorSeconds = priorSeconds;
        _canStart = canStart;
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, Distribution> InferRelativeSearchSpace(IStudyView study, FrozenTrial trial)
    {
        // Relative sampling starts before the objective asks for the choice: choose now, from the distribution the
        // finished trials used, so the inner sampler's joint space can be the chosen learner's own.
        if (!trial.InternalParams.ContainsKey(_parameter)
            && study.GetTrials(Finished).LastOrDefault(t => t.Distributions.ContainsKey(_parameter))?.Distributions[_parameter] is CategoricalDistribution known)
        {
            _chosen.GetOrAdd(trial.Number, _ => (Choose(study, trial.Number, known), known));
        }
        var view = ViewFor(study, trial);
        if (view is null) return new Dictionary<string, Distribution>();
        return _inner.InferRelativeSearchSpace(view, trial).Where(kv => kv.Key != _parameter).ToDictionary();
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, double> SampleRelative(
        IStudyView study, FrozenTrial trial, IReadOnlyDictionary<string, Distribution> searchSpace) =>
        ViewFor(study, trial) is { } view ? _inner.SampleRelative(view, trial, searchSpace) : new Dictionary<string, double>();

    /// <inheritdoc/>
    public double SampleIndependent(IStudyView study, FrozenTrial trial, string name, Distribution distribution)
    {
        if (name == _parameter && distribution is CategoricalDistribution choices)
        {
            var chosen = _chosen.AddOrUpdate(trial.Number, _ => (Choose(study, trial.Number, choices), choices),
                (_, earlier) => earlier.Among.Equals(choices) ? earlier : (Choose(study, trial.Number, choices), choices));
            return chosen.Index;
        }
        return _inner.SampleIndependent(ViewFor(study, trial) ?? study, trial, name, distribution);
    }

    /// <inheritdoc/>
    public void AfterTrial(IStudyView study, FrozenTrial trial)
    {
        _chosen.TryRemove(trial.Number, out _);
        _inner.AfterTrial(study, trial);
    }

    /// <inheritdoc/>
    public void BeforeTrial(IStudyView study, FrozenTrial trial) => _inner.BeforeTrial(study, trial);

    /// <summary>The estimated cost for improvement of each choice that has finished trials (seconds).</summary>
    /// <param name="study">The study.</param>
    /// <param name="choices">The parameter's distribution.</param>
    /// <returns>ECI by choice index; choices without a finished trial are absent.</returns>
    public IReadOnlyDictionary<int, double> EstimatedCosts(IStudyView study, CategoricalDistribution choices) =>
        EstimatedCosts(study, FinishedTrials(study, choices));

    private Dictionary<int, double> EstimatedCosts(IStudyView study, List<FrozenTrial> trials)
    {
        var sign = study.Direction == StudyDirection.Minimize ? 1.0 : -1.0;
        var best = trials.Where(t => t.State == TrialState.Complete && t.Value is not null)
            .Select(t => sign * t.Value!.Value).DefaultIfEmpty(double.NaN).Min();
        var costs = new Dictionary<int, double>();
        foreach (var group in trials.GroupBy(Choice))
        {
            double? e1 = null, e2 = null;
            double k1 = 0, k2 = 0;
            var failures = 0;
            foreach (var t in group)
            {
                var seconds = Math.Max(_cost(t), 1e-3);
                if (t.State == TrialState.Failed) failures++;
                var value = t.State == TrialState.Complete && t.Value is { } v ? sign * v : (double?)null;
                if (value is { } e && (e1 is null || e < e1))
                {
                    (e2, k2) = (e1, k1);
                    (e1, k1) = (e, seconds);
                }
                else
                {
                    k1 += seconds;
                }
            }
            double eci;
            if (e1 is null || double.IsNaN(best))
            {
                eci = k1;
            }
            else
            {
                // One improvement seen so far: assume, as FLAML does, the previous best was 5 % worse and took as long.
                var previous = e2 ?? e1.Value + 0.05 * Math.Max(Math.Abs(e1.Value), 1e-12);
                var before = e2 is null ? k1 : k2;
                var rate = (previous - e1.Value) / (k1 + before);
                var catchUp = rate > 0 ? 2 * (e1.Value - best) / rate : double.PositiveInfinity;
                eci = Math.Max(Math.Max(k1, before), e1.Value > best ? catchUp : 0);
            }
            costs[group.Key] = eci * Math.Pow(2, Math.Min(failures, 20));
        }
        return costs;
    }

    private int Choose(IStudyView study, int number, CategoricalDistribution choices)
    {
        var finished = FinishedTrials(study, choices);
        var costs = EstimatedCosts(study, finished);
        // A choice whose first trial is still running is not untried: a second worker taking it "first" too ran two trials of
        // one unknown, possibly costly, choice side by side (both of Ames's first TabM trials, cancelled at the deadline).
        var running = RunningChoices(study, choices, number);
        var waiting = Waiting(choices);
        var unknown = Enumerable.Range(0, choices.Choices.Count).Where(i => !costs.ContainsKey(i) && !running.Contains(i) && !waiting.Contains(i)).ToList();
        var priors = unknown.Select(i => (Index: i, Seconds: _priorSeconds?.Invoke(choices.Choices[i]))).Where(p => p.Seconds is not null)
            .ToDictionary(p => p.Index, p => Math.Max(p.Seconds!.Value, 1e-3));
        var untried = unknown.Where(i => !priors.ContainsKey(i)).ToList();
        // Not HashCode.Combine: its hashes are salted per process, so a resumed or repeated run drew other learners.
        var random = new Random(unchecked(_seed * 1_000_003 + number));
        if (untried.Count > 0) return untried[random.Next(untried.Count)];
        foreach (var (index, seconds) in priors) costs[index] = seconds;
        if (costs.Count == 0 && running.Count == 0) return waiting.Order().ElementAt(random.Next(waiting.Count));
        if (costs.Count == 0) return running.Order().ElementAt(random.Next(running.Count));
        var exhausted = Exhausted(finished);
        exhausted.UnionWith(Stuck(finished));
        // Another trial of a choice still on its first beats an instant repeat: while a GAM's first trial ran, ridge's only
        // configuration was drawn 6,000 times in 120 s, each trial failing at once as a repeat.
        if (running.Count > 0 && costs.Keys.All(exhausted.Contains)) return running.Order().ElementAt(random.Next(running.Count));
        var inverse = costs.Where(kv => !exhausted.Contains(kv.Key) || exhausted.Count == costs.Count).OrderBy(kv => kv.Key).Select(kv => (kv.Key, Weight: double.IsFinite(kv.Value) ? 1 / Math.Max(kv.Value, 1e-6) : 0)).ToList();
        // Passed over only for a choice worth drawing: with the rest exhausted, drawing them spun through 13,000 instant
        // repeats of ridge's only configuration while a GAM fit ran; a trial that waits is better.
        if (inverse.Any(p => !waiting.Contains(p.Key))) inverse = [.. inverse.Where(p => !waiting.Contains(p.Key))];
        if (_timeLeft?.Invoke() is { } left)
        {
            var typical = TypicalSeconds(finished);
            foreach (var (index, seconds) in priors) typical.TryAdd(index, seconds);
            var fitting = inverse.Where(p => !typical.TryGetValue(p.Key, out var seconds) || seconds <= left.TotalSeconds).ToList();
            // When none would end in time, the quickest has the best chance to.
            inverse = fitting.Count > 0 ? fitting : [inverse.MinBy(p => typical.GetValueOrDefault(p.Key, double.PositiveInfinity)) with { Weight = 1 }];
        }
        var total = inverse.Sum(p => p.Weight);
        if (total <= 0) return inverse[random.Next(inverse.Count)].Key;
        var draw = random.NextDouble() * total;
        foreach (var (key, weight) in inverse)
        {
            draw -= weight;
            if (draw <= 0) return key;
        }
        return inverse[^1].Key;
    }

    /// <summary>
    /// The choices whose last <see cref="StuckAfter"/> finished trials all gave nothing: failed, or pruned before reporting
    /// a step (an objective refusing to start them, say for lack of time). A choice that keeps ending at once (a
    /// configuration repeated, an error) was otherwise drawn again and again once it alone fitted in the time left — 730
    /// instant failures of <c>ols</c> in a sweep's last second.
    /// </summary>
    private HashSet<int> Stuck(List<FrozenTrial> finished) =>
    [
        .. finished.GroupBy(Choice)
            .Where(g => g.TakeLast(StuckAfter).Count(GaveNothing) == StuckAfter)
            .Select(g => g.Key),
    ];

    private static bool GaveNothing(FrozenTrial trial) =>
        trial.State == TrialState.Failed || (trial.State == TrialState.Pruned && trial.IntermediateValues.Count == 0);

    /// <summary>Failures in a row after which a choice is passed over while another can be drawn.</summary>
    private const int StuckAfter = 3;

    /// <summary>The choices that cannot start now, unless none can (then each is drawn as if it could).</summary>
    private HashSet<int> Waiting(CategoricalDistribution choices)
    {
        if (_canStart is null) return [];
        HashSet<int> waiting = [.. Enumerable.Range(0, choices.Choices.Count).Where(i => !_canStart(choices.Choices[i]))];
        return waiting.Count == choices.Choices.Count ? [] : waiting;
    }

    /// <summary>The choices of the other trials running now.</summary>
    private HashSet<int> RunningChoices(IStudyView study, CategoricalDistribution choices, int number) =>
        [.. study.GetTrials([TrialState.Running]).Where(t => t.Number != number && Chose(t, choices)).Select(Choice)];

    /// <summary>The finished trials that chose among <paramref name="choices"/>, in completion order.</summary>
    private List<FrozenTrial> FinishedTrials(IStudyView study, CategoricalDistribution choices) =>
        [.. study.GetTrials(Finished).Where(t => Chose(t, choices)).OrderBy(t => t.DatetimeComplete ?? DateTimeOffset.MaxValue).ThenBy(t => t.Number)];

    private bool Chose(FrozenTrial trial, CategoricalDistribution choices) =>
        trial.Distributions.TryGetValue(_parameter, out var d) && d.Equals(choices);

    private int Choice(FrozenTrial trial) => (int)trial.InternalParams[_parameter];

    /// <summary>The choices with a completed trial that drew no other parameter: their only configuration is tried.</summary>
    private HashSet<int> Exhausted(List<FrozenTrial> finished) =>
        [.. finished.Where(t => t.State == TrialState.Complete && t.Distributions.Count == 1).Select(Choice)];

    /// <summary>The median wall-clock seconds of each choice's completed trials (of its finished ones when none completed).</summary>
    private Dictionary<int, double> TypicalSeconds(List<FrozenTrial> finished)
    {
        return finished.Where(t => t.Duration is not null)
            .GroupBy(Choice)
            .ToDictionary(g => g.Key, g =>
            {
                var complete = g.Where(t => t.State == TrialState.Complete).ToList();
                return SampleStatistics.Median((complete.Count > 0 ? complete : g.ToList()).Select(t => t.Duration!.Value.TotalSeconds))!.Value;
            });
    }

    /// <summary>The study restricted to the trials that made the same choice as <paramref name="trial"/>; null before it chose.</summary>
    private ChoiceView? ViewFor(IStudyView study, FrozenTrial trial)
    {
        double? choice = trial.InternalParams.TryGetValue(_parameter, out var fixedChoice) ? fixedChoice
            : _chosen.TryGetValue(trial.Number, out var chosen) ? chosen.Index : null;
        return choice is { } c ? new ChoiceView(study, _parameter, c) : null;
    }

    private sealed class ChoiceView(IStudyView study, string parameter, double choice) : IStudyView
    {
        public StudyDirection Direction => study.Direction;

        public IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null) =>
            [.. study.GetTrials(states).Where(t => t.InternalParams.TryGetValue(parameter, out var v) && v == choice)];
    }
}
