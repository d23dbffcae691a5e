using Microsoft.ML;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>Ordinary least squares; a trial fails with the reason when the features are collinear or outnumber the rows.</summary>
internal sealed class LeastSquaresCandidate : IRegressorCandidate
{
    public string Name => "ols";
    public TrainerFamily Family => TrainerFamily.Linear;

    /// <inheritdoc />
    public double DefaultsCost => 0.3;
    public bool RequiresNonNegativeLabel => false;

    /// <inheritdoc />
    public bool ScaleInvariant => true;
    public IReadOnlyList<HyperParameter> Space { get; } = [];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.LeastSquares(input.LabelColumn, input.FeatureColumn);
}
