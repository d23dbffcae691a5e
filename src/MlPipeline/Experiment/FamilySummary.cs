using MlPipeline.Trainers;

using MlPipeline.Evaluation;

namespace MlPipeline.Experiment;

/// <summary>The best model of one family (linear, non-linear, neural), for the comparison table.</summary>
/// <param name="Family">The family.</param>
/// <param name="BestTrainer">Its best trainer by validation RMSE.</param>
/// <param name="Validation">That model's validation metrics.</param>
/// <param name="Test">That model's test metrics.</param>
/// <param name="ModelsTrained">Completed models of this family.</param>
public sealed record FamilySummary(TrainerFamily Family, string BestTrainer, RegressionQuality Validation, RegressionQuality Test, int ModelsTrained);
