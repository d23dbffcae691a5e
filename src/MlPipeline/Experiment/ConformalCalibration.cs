using System.Globalization;
using MlPipeline.Experiment.Ensembling;

namespace MlPipeline.Experiment;

/// <summary>The half-width of a conformal interval from held-out residuals.</summary>
internal static class ConformalCalibration
{
    /// <summary>
    /// The interval of the final model from out-of-fold predictions of <paramref name="labels"/>. When the sweep chose
    /// among several trials (<paramref name="selection"/> is not null), they are the whole choice's held-out
    /// predictions: each row predicted by the ensemble, or the single model, selected on the other rows
    /// (<see cref="EnsembleSelection.CrossFittedPredictions"/>), because the chosen model's own residuals are shrunk
    /// by the choice, most on small data. With one trial they are that trial's own. The note says why there is none.
    /// </summary>
    public static (PredictionInterval? Interval, string? Note) ForFinal(
        IReadOnlyDictionary<int, TrialObjective.TrialOutcome> outcomes, float[] labels, LeaderboardEntry best, EnsembleReport? selection,
        int folds, bool refit, double level)
    {
        var ownRun = outcomes.TryGetValue(best.Number, out var outcome);
        var heldOut = selection switch
        {
            { Kept: true } => selection.HeldOutEnsemble.Length == labels.Length
                ? selection.HeldOutEnsemble
                : throw new InvalidOperationException("a kept ensemble needs its selection's held-out predictions to calibrate its interval"),
            { Kept: false, HeldOutSingle.Length: > 0 } when ownRun => selection.HeldOutSingle,
            _ => null,
        };
        if (heldOut is null && !ownRun)
        {
            return (null, $"no prediction interval: the winner, trial #{best.Number}, ran in an earlier run of the study, whose out-of-fold predictions are not kept");
        }
        var predictions = heldOut ?? outcome!.Predictions;
        var method = folds > 1 ? PredictionInterval.CrossValidation : PredictionInterval.SplitConformal;
        // Exact only for the very model whose residuals these are, scored on rows that chose nothing.
        var exact = folds == 1 && !refit && heldOut is null;
        var interval = Calibrate(labels, predictions, level, method, exact);
        return interval is null
            ? (null, string.Create(CultureInfo.InvariantCulture, $"no prediction interval: {labels.Length} validation rows are too few for level {level} (at least {MinimumRows(level)} needed)"))
            : (interval, null);
    }

    /// <summary>
    /// Split conformal prediction (Vovk et al. 2005; Lei et al. 2018): with n held-out absolute residuals, the
    /// ⌈level·(n+1)⌉-th smallest covers a new exchangeable row's residual with probability at least level. With
    /// out-of-fold residuals and the refit model this is the CV method of Barber et al. 2021 ("Predictive inference with
    /// the jackknife+", Ann. Statist.), whose coverage is approximate. Null when n is too small for the level
    /// (⌈level·(n+1)⌉ &gt; n: only an infinite interval would do).
    /// </summary>
    public static PredictionInterval? Calibrate(IReadOnlyList<float> labels, IReadOnlyList<float> predictions, double level, string method, bool exact)
    {
        if (labels.Count != predictions.Count) throw new ArgumentException($"{labels.Count} labels but {predictions.Count} predictions");
        var n = labels.Count;
        var rank = MinimumRank(n, level);
        if (rank > n) return null;
        var residuals = new double[n];
        for (var i = 0; i < n; i++) residuals[i] = Math.Abs((double)labels[i] - predictions[i]);
        Array.Sort(residuals);
        var quantile = residuals[rank - 1];
        // Rounded up to float, so the float interval never falls short of the residual it was calibrated on.
        var half = (float)quantile;
        if (half < quantile) half = MathF.BitIncrement(half);
        return new PredictionInterval(level, half, method, n, exact);
    }

    /// <summary>⌈level·(n+1)⌉, with a margin against the rounding of <c>level·(n+1)</c> (0.9 × 10 must give 9, not 10).</summary>
    public static int MinimumRank(int n, double level) => (int)Math.Ceiling(level * (n + 1) - 1e-9);

    /// <summary>The fewest calibration rows for which <paramref name="level"/> gives a finite interval: level·(n+1) ≤ n.</summary>
    public static int MinimumRows(double level) => Math.Max(1, (int)Math.Ceiling(level / (1 - level) - 1e-9));
}
