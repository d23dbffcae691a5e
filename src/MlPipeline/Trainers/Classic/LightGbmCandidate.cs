using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace MlPipeline.Trainers.Classic;

/// <summary>LightGBM gradient boosting; categorical splits stay off so every model exports to ONNX; rounds chosen by <see cref="EarlyStopping"/>.</summary>
internal sealed class LightGbmCandidate : IRegressorCandidate
{
    /// <summary>Rounds of a fit that can neither stop early nor reuse a chosen count.</summary>
    private const int DefaultIterations = 400;

    private static readonly IntParameter s_leaves = new("leaves", 4, 256, defaultValue: 31, log: true);
    private static readonly IntParameter s_minLeaf = new("min_leaf", 1, 100, defaultValue: 10, log: true);
    private static readonly FloatParameter s_learningRate = new("learning_rate", 0.005, 0.3, defaultValue: 0.05, log: true);
    private static readonly FloatParameter s_l2 = new("l2", 1e-8, 10, defaultValue: 1e-3, log: true);
    private static readonly FloatParameter s_featureFraction = new("feature_fraction", 0.4, 1.0, defaultValue: 0.8);

    public string Name => "lightgbm";
    public TrainerFamily Family => TrainerFamily.NonLinear;

    /// <inheritdoc />
    // Measured on Ames at defaults with early stopping (one fold of 1,882 rows, 2 cores).
    public double DefaultsCost => 1.0;
    public bool RequiresNonNegativeLabel => false;
    public IReadOnlyList<HyperParameter> Space { get; } = [s_leaves, s_minLeaf, s_learningRate, s_l2, s_featureFraction];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h)
    {
        var stops = EarlyStopping.Applies(input);
        var trainer = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            NumberOfIterations = EarlyStopping.Rounds(input, DefaultIterations),
            EarlyStoppingRound = stops ? EarlyStopping.Patience : 0,
            NumberOfLeaves = h.Get(s_leaves),
            MinimumExampleCountPerLeaf = h.Get(s_minLeaf),
            LearningRate = h.Get(s_learningRate),
            UseCategoricalSplit = false,
            Seed = input.Seed,
            NumberOfThreads = input.Threads,
            Booster = new GradientBooster.Options
            {
                L2Regularization = h.Get(s_l2),
                FeatureFraction = h.Get(s_featureFraction),
            },
        });
        return stops ? EarlyStopping.Watching(trainer, rows => trainer.Fit(rows, input.Validation!)) : trainer;
    }
}
