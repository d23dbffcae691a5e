using MlPipeline.Experiment.Ensembling;
using MlPipeline.Trainers.Ensembles;

namespace MlPipeline.Reporting.Metrics;

/// <summary>Ensemble selection in <c>metrics.json</c>: kept or not, why, and the members with their weights.</summary>
internal sealed record EnsembleMetrics(
    bool Kept,
    string Decision,
    double ValidationRmse,
    double BestSingleValidationRmse,
    int Candidates,
    IReadOnlyList<EnsembleMemberMetrics> Members)
{
    /// <summary>The selection's record; <paramref name="fitted"/> is the final model's ensemble, if it is one.</summary>
    public static EnsembleMetrics From(EnsembleReport report, EnsembleTransformer? fitted) => new(
        report.Kept, report.Decision, report.ValidationRmse, report.BestSingleValidationRmse, report.Candidates.Length,
        [.. report.Members.Select(m => new EnsembleMemberMetrics(m.Trainer, m.TrialNumber, m.Weight, m.ValidationRmse,
            fitted?.Members.FirstOrDefault(x => x.TrialNumber == m.TrialNumber)?.Refit))]);
}
