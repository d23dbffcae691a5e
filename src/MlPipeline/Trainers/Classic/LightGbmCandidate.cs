using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace MlPipeline.Trainers.Classic;

/// <summary>LightGBM gradient boosting; categorical splits stay off so every model exports to ONNX.</summary>
internal sealed class LightGbmCandidate : IRegressorCandidate
{
    public string Name => "lightgbm";
    public TrainerFamily Family => TrainerFamily.NonLinear;

    /// <inheritdoc />
    public double DefaultsCost => 0.8;
    public bool RequiresNonNegativeLabel => false;
    public HyperParameters Defaults { get; } = HyperParameters.Of(
        ("iterations", 400), ("leaves", 31), ("min_leaf", 10), ("learning_rate", 0.05), ("l2", 1e-3), ("feature_fraction", 0.8));

    public HyperParameters Suggest(IParameterSuggester s) => HyperParameters.Of(
        ("iterations", s.SuggestInt("iterations", 50, 2000, log: true)),
        ("leaves", s.SuggestInt("leaves", 4, 256, log: true)),
        ("min_leaf", s.SuggestInt("min_leaf", 1, 100, log: true)),
        ("learning_rate", s.SuggestFloat("learning_rate", 0.005, 0.3, log: true)),
        ("l2", s.SuggestFloat("l2", 1e-8, 10, log: true)),
        ("feature_fraction", s.SuggestFloat("feature_fraction", 0.4, 1.0)));

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            NumberOfIterations = h.Int("iterations", 400),
            NumberOfLeaves = h.Int("leaves", 31),
            MinimumExampleCountPerLeaf = h.Int("min_leaf", 10),
            LearningRate = h.Float("learning_rate", 0.05),
            UseCategoricalSplit = false,
            Seed = input.Seed,
            NumberOfThreads = 1,
            Booster = new GradientBooster.Options
            {
                L2Regularization = h.Float("l2", 1e-3),
                FeatureFraction = h.Float("feature_fraction", 0.8),
            },
        });
}
