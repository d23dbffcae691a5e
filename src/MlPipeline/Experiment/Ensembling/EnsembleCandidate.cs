namespace MlPipeline.Experiment.Ensembling;

/// <summary>A trial considered for the ensemble and the weight selection gave it (zero when never picked).</summary>
/// <param name="Trainer">The trainer's name.</param>
/// <param name="TrialNumber">The trial.</param>
/// <param name="ValidationRmse">The trial's own validation RMSE.</param>
/// <param name="Weight">Its weight in the selected ensemble.</param>
public sealed record EnsembleCandidate(string Trainer, int TrialNumber, double ValidationRmse, double Weight);
