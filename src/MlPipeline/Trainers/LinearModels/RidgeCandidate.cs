using Microsoft.ML;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>
/// Ridge regression with its penalty chosen inside the fit by leave-one-out error (exact, or by generalised cross-validation on large data), as scikit-learn's RidgeCV
/// does: nothing is left for the sweep to tune but the preprocessing.
/// </summary>
internal sealed class RidgeCandidate : IRegressorCandidate
{
    public string Name => "ridge";
    public TrainerFamily Family => TrainerFamily.Linear;

    /// <inheritdoc />
    public double DefaultsCost => 0.3;
    public bool RequiresNonNegativeLabel => false;

    /// <inheritdoc />
    public bool ScaleInvariant => true;
    public IReadOnlyList<HyperParameter> Space { get; } = [];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.Ridge(input.LabelColumn, input.FeatureColumn);
}
