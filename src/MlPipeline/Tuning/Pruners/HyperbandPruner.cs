namespace MlPipeline.Tuning.Pruners;

/// <summary>
/// Hyperband (Li et al. 2018, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
/// Optimization") in Optuna's asynchronous form: trials are spread over brackets, bracket s runs
/// successive halving with min_early_stopping_rate = s, and trials only compete inside their bracket.
/// Brackets get trials in proportion to Optuna's budgets ceil(n * rf^(n-1-s) / (n - s)).
/// </summary>
public sealed class HyperbandPruner : IPruner
{
    private readonly SuccessiveHalvingPruner[] _brackets;
    private readonly int[] _cumulativeBudget;

    /// <summary>Creates the pruner.</summary>
    /// <param name="minResource">Steps before the first rung of the most aggressive bracket.</param>
    /// <param name="maxResource">Steps of a full training run.</param>
    /// <param name="reductionFactor">Keep the top 1/reductionFactor at each rung.</param>
    public HyperbandPruner(int minResource = 1, int maxResource = 81, int reductionFactor = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResource, minResource);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        var n = (int)Math.Floor(Math.Log((double)maxResource / minResource) / Math.Log(reductionFactor) + 1e-9) + 1;
        _brackets = Enumerable.Range(0, n).Select(s => new SuccessiveHalvingPruner(minResource, reductionFactor, s)).ToArray();
        _cumulativeBudget = new int[n];
        var total = 0;
        for (var s = 0; s < n; s++)
        {
            total += (int)Math.Ceiling(n * Math.Pow(reductionFactor, n - 1 - s) / (n - s));
            _cumulativeBudget[s] = total;
        }
    }

    /// <summary>Number of brackets.</summary>
    public int BracketCount => _brackets.Length;

    /// <summary>The bracket a trial number belongs to (deterministic, so every worker agrees).</summary>
    /// <param name="trialNumber">Trial number.</param>
    /// <returns>Bracket index.</returns>
    public int BracketOf(int trialNumber)
    {
        // Multiplicative hashing spreads consecutive numbers over the budget range.
        var slot = (int)((uint)trialNumber * 2654435761u % (uint)_cumulativeBudget[^1]);
        return Array.FindIndex(_cumulativeBudget, c => slot < c);
    }

    /// <inheritdoc/>
    public bool Prune(IStudyView study, FrozenTrial trial)
    {
        var bracket = BracketOf(trial.Number);
        return _brackets[bracket].Prune(new BracketView(study, this, bracket), trial);
    }

    private sealed class BracketView(IStudyView inner, HyperbandPruner owner, int bracket) : IStudyView
    {
        public StudyDirection Direction => inner.Direction;

        public IReadOnlyList<FrozenTrial> GetTrials(IReadOnlyCollection<TrialState>? states = null) =>
            inner.GetTrials(states).Where(t => owner.BracketOf(t.Number) == bracket).ToList();
    }
}
