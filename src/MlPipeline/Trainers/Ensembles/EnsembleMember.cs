using Microsoft.ML;
using MlPipeline.Preprocessing;

namespace MlPipeline.Trainers.Ensembles;

/// <summary>One model of an ensemble: a whole fitted pipeline (its own preprocessing and regressor) and its weight.</summary>
/// <param name="Trainer">The trainer's name.</param>
/// <param name="TrialNumber">The trial whose configuration it is.</param>
/// <param name="Weight">Its share of the prediction; the members' weights sum to 1.</param>
/// <param name="Chain">Raw loaded columns in, <c>Score</c> out.</param>
/// <param name="Plan">The preprocessing plan <paramref name="Chain"/> was built from (for ONNX export).</param>
/// <param name="Refit">Whether it was refit on train + validation rows (else it is the first fold's fit).</param>
public sealed record EnsembleMember(string Trainer, int TrialNumber, double Weight, ITransformer Chain, PreprocessingPlan Plan, bool Refit);
