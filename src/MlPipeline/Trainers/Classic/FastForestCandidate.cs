using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Trainers.Classic;

/// <summary>A random forest of regression trees (bagged, averaged).</summary>
internal sealed class FastForestCandidate : IRegressorCandidate
{
    private static readonly IntParameter s_trees = new("trees", 50, 500, defaultValue: 200, log: true);
    private static readonly IntParameter s_leaves = new("leaves", 8, 256, defaultValue: 64, log: true);
    private static readonly IntParameter s_minLeaf = new("min_leaf", 1, 50, defaultValue: 5, log: true);
    private static readonly FloatParameter s_featureFraction = new("feature_fraction", 0.3, 1.0, defaultValue: 0.7);

    public string Name => "fastforest";
    public TrainerFamily Family => TrainerFamily.NonLinear;

    /// <inheritdoc />
    public double DefaultsCost => 5.7;
    public bool RequiresNonNegativeLabel => false;
    public IReadOnlyList<HyperParameter> Space { get; } = [s_trees, s_leaves, s_minLeaf, s_featureFraction];

    public IEstimator<ITransformer> CreateEstimator(MLContext ml, TrainerInput input, HyperParameters h) =>
        ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            LabelColumnName = input.LabelColumn,
            FeatureColumnName = input.FeatureColumn,
            NumberOfTrees = h.Get(s_trees),
            NumberOfLeaves = h.Get(s_leaves),
            MinimumExampleCountPerLeaf = h.Get(s_minLeaf),
            FeatureFraction = h.Get(s_featureFraction),
            Seed = input.Seed,
            FeatureSelectionSeed = input.Seed,
            NumberOfThreads = input.Threads,
        });
}
