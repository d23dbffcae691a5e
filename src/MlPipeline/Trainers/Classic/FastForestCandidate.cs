using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Trainers.Classic;

/// <summary>A random forest of regression trees (bagged, averaged).</summary>
internal sealed class FastForestCandidate : IRegressorCandidate
{
    public string Name => "fastforest";
    public TrainerFamily Family => TrainerFamily.NonLinear;

    /// <inheritdoc />
    public double DefaultsCost => 5.7;
    public bool RequiresNonNegativeLabel => false;
    public HyperParameters Defaults { get; } = HyperParameters.Of(("trees", 200), ("leaves", 64), ("min_leaf", 5), ("feature_fraction", 0.7));

    public HyperParameters Suggest(IParameterSuggester s) => HyperParameters.Of(
        ("trees", s.SuggestInt("trees", 50, 500, log: true)),
        ("leaves", s.SuggestInt("leaves", 8, 256, log: true)),
        ("min_leaf", s.SuggestInt("min_leaf", 1, 50, log: true)),
        ("feature_fraction", s.SuggestFloat("feature_fraction", 0.3, 1.0)));

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            NumberOfTrees = h.Int("trees", 200),
            NumberOfLeaves = h.Int("leaves", 64),
            MinimumExampleCountPerLeaf = h.Int("min_leaf", 5),
            FeatureFraction = h.Float("feature_fraction", 0.7),
            Seed = input.Seed,
            FeatureSelectionSeed = input.Seed,
            NumberOfThreads = 1,
        });
}
