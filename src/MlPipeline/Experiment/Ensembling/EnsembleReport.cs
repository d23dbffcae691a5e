using System.Collections.Immutable;
using System.Globalization;

using MlPipeline.Evaluation;

namespace MlPipeline.Experiment.Ensembling;

/// <summary>What ensemble selection found and whether the ensemble became the final model.</summary>
/// <param name="Candidates">The best trials offered to selection, best first, with their weights.</param>
/// <param name="Validation">The ensemble's metrics on the validation (or out-of-fold) predictions it was selected on.</param>
/// <param name="BestSingleValidationRmse">The best single trial's validation RMSE.</param>
/// <param name="Kept">Whether the ensemble is the final model: only when it beats the best single model on validation.</param>
/// <param name="Decision">One line saying why it was kept or not.</param>
public sealed record EnsembleReport(
    ImmutableArray<EnsembleCandidate> Candidates,
    RegressionQuality Validation,
    double BestSingleValidationRmse,
    bool Kept,
    string Decision)
{
    /// <summary>
    /// Each validation row's prediction by the ensemble selected without that row (see
    /// <see cref="EnsembleSelection.CrossFittedPredictions"/>), in validation order; empty when not computed.
    /// </summary>
    internal float[] HeldOutEnsemble { get; init; } = [];

    /// <summary>Each validation row's prediction by the single model picked without that row; empty when not computed.</summary>
    internal float[] HeldOutSingle { get; init; } = [];

    /// <summary>The ensemble's validation RMSE.</summary>
    public double ValidationRmse => Validation.Rmse;

    /// <summary>The candidates with a non-zero weight, heaviest first.</summary>
    public IEnumerable<EnsembleCandidate> Members => Candidates.Where(c => c.Weight > 0).OrderByDescending(c => c.Weight);

    /// <summary>The members as "0.32×#12 lbfgs-poisson + …", heaviest first.</summary>
    public string DescribeMembers() =>
        string.Join(" + ", Members.Select(m => $"{m.Weight.ToString("F2", CultureInfo.InvariantCulture)}×#{m.TrialNumber} {m.Trainer}"));
}
