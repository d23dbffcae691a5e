using Microsoft.ML;

namespace MlPipeline.Trainers.LinearModels;

/// <summary>
/// The elastic net, lasso included (l1_ratio 1), its penalty chosen by the sweep's validation. The penalty is
/// relative to the smallest one that zeroes every coefficient, so one range suits every data set; the range spans
/// glmnet's default path (down to 10⁻⁴ of it) and a decade below.
/// </summary>
internal sealed class ElasticNetCandidate : IRegressorCandidate
{
    private static readonly FloatParameter s_l1Ratio = new("l1_ratio", 0.05, 1.0, defaultValue: 0.5);
    private static readonly FloatParameter s_penalty = new("penalty", 1e-5, 1.0, defaultValue: 1e-3, log: true);

    public string Name => "elasticnet";
    public TrainerFamily Family => TrainerFamily.Linear;

    /// <inheritdoc />
    public double DefaultsCost => 0.4;
    public bool RequiresNonNegativeLabel => false;

    /// <inheritdoc />
    public bool ScaleInvariant => true;
    public IReadOnlyList<HyperParameter> Space { get; } = [s_l1Ratio, s_penalty];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.ElasticNet(h.Get(s_l1Ratio), h.Get(s_penalty), input.LabelColumn, input.FeatureColumn);
}
