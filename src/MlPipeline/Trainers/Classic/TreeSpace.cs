using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Trainers.Classic;

/// <summary>The boosting hyperparameters FastTree and FastTreeTweedie share; the number of trees is chosen by <see cref="EarlyStopping"/>.</summary>
internal static class TreeSpace
{
    /// <summary>Trees of a fit that can neither stop early nor reuse a chosen count.</summary>
    public const int DefaultTrees = 300;

    private static readonly IntParameter s_leaves = new("leaves", 4, 128, defaultValue: 31, log: true);
    private static readonly IntParameter s_minLeaf = new("min_leaf", 1, 64, defaultValue: 10, log: true);
    private static readonly FloatParameter s_learningRate = new("learning_rate", 0.01, 0.4, defaultValue: 0.1, log: true);
    private static readonly FloatParameter s_featureFraction = new("feature_fraction", 0.4, 1.0, defaultValue: 0.8);

    public static IReadOnlyList<HyperParameter> Boosting { get; } = [s_leaves, s_minLeaf, s_learningRate, s_featureFraction];

    /// <summary>Sets the shared options; a fit that may stop early stops by <paramref name="stopping"/>.</summary>
    public static T Apply<T>(T options, TrainerInput input, HyperParameters h, EarlyStoppingRuleBase stopping) where T : BoostedTreeOptions
    {
        options.LabelColumnName = input.LabelColumn;
        options.FeatureColumnName = input.FeatureColumn;
        options.NumberOfTrees = EarlyStopping.Rounds(input, DefaultTrees);
        if (EarlyStopping.Applies(input))
        {
            options.EarlyStoppingRule = stopping;
            // Without the pruning test FastTree keeps every tree up to the stop; with it, only those up to the best round.
            options.EnablePruning = true;
        }
        options.NumberOfLeaves = h.Get(s_leaves);
        options.MinimumExampleCountPerLeaf = h.Get(s_minLeaf);
        options.LearningRate = h.Get(s_learningRate);
        options.FeatureFraction = h.Get(s_featureFraction);
        options.Seed = input.Seed;
        options.FeatureSelectionSeed = input.Seed;
        options.NumberOfThreads = input.Threads;
        return options;
    }
}
