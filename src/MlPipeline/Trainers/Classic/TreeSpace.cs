using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Trainers.Classic;

/// <summary>The boosting hyperparameters FastTree and FastTreeTweedie share.</summary>
internal static class TreeSpace
{
    public static HyperParameters BoostingDefaults { get; } = HyperParameters.Of(
        ("trees", 300), ("leaves", 31), ("min_leaf", 10), ("learning_rate", 0.1), ("feature_fraction", 0.8));

    public static HyperParameters SuggestBoosting(IParameterSuggester s) => HyperParameters.Of(
        ("trees", s.SuggestInt("trees", 50, 1500, log: true)),
        ("leaves", s.SuggestInt("leaves", 4, 128, log: true)),
        ("min_leaf", s.SuggestInt("min_leaf", 1, 64, log: true)),
        ("learning_rate", s.SuggestFloat("learning_rate", 0.01, 0.4, log: true)),
        ("feature_fraction", s.SuggestFloat("feature_fraction", 0.4, 1.0)));

    public static T Apply<T>(T options, TrainerInput input, HyperParameters h) where T : BoostedTreeOptions
    {
        options.LabelColumnName = input.LabelColumn;
        options.FeatureColumnName = input.FeatureColumn;
        options.NumberOfTrees = h.Int("trees", 300);
        options.NumberOfLeaves = h.Int("leaves", 31);
        options.MinimumExampleCountPerLeaf = h.Int("min_leaf", 10);
        options.LearningRate = h.Float("learning_rate", 0.1);
        options.FeatureFraction = h.Float("feature_fraction", 0.8);
        options.Seed = input.Seed;
        options.FeatureSelectionSeed = input.Seed;
        options.NumberOfThreads = 1;
        return options;
    }
}
