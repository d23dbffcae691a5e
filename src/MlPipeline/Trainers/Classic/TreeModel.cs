using System.Reflection;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace MlPipeline.Trainers.Classic;

/// <summary>
/// A fitted tree-based regressor as plain trees: its raw output is <see cref="Bias"/> + the sum of the trees' leaves,
/// and its prediction that output, or <c>exp</c> of it when <see cref="LogLink"/> (FastTreeTweedie).
/// FastTree, FastTreeTweedie, FastForest (trees averaged) and LightGbm read their trees; a GAM reads as one
/// chain-shaped tree per used feature (x ≤ upper bound of bin b gives bin b's effect).
/// </summary>
internal sealed record TreeModel(IReadOnlyList<DecisionTree> Trees, double Bias, bool LogLink)
{
    /// <summary>The trees of <paramref name="model"/>, or null when it is not a tree-based regressor.</summary>
    /// <exception cref="NotSupportedException">Trees with categorical splits, or a GAM whose fields this ML.NET version hides.</exception>
    public static TreeModel? Read(object model) => model switch
    {
        FastForestRegressionModelParameters m => Ensemble(m, m.TrainedTreeEnsemble, averaged: true),
        FastTreeTweedieModelParameters m => Ensemble(m, m.TrainedTreeEnsemble, logLink: true),
        FastTreeRegressionModelParameters m => Ensemble(m, m.TrainedTreeEnsemble),
        LightGbmRegressionModelParameters m => Ensemble(m, m.TrainedTreeEnsemble),
        GamRegressionModelParameters m => Gam(m),
        _ => null,
    };

    private static TreeModel Ensemble<TTree>(object model, TreeEnsemble<TTree> ensemble, bool averaged = false, bool logLink = false)
        where TTree : RegressionTreeBase
    {
        var trees = ensemble.Trees;
        if (trees.Any(t => t.CategoricalSplitFlags.Any(f => f)))
        {
            throw new NotSupportedException($"{model.GetType().Name} uses categorical splits; train with them off");
        }
        var scale = averaged ? 1.0 / Math.Max(1, trees.Count) : 1.0;
        var weights = ensemble.TreeWeights;
        return new TreeModel(
            [.. trees.Select((tree, i) => new DecisionTree([.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds],
                [.. tree.LeftChild], [.. tree.RightChild], [.. tree.LeafValues.Select(v => v * weights[i] * scale)]))],
            ensemble.Bias * scale, logLink);
    }

    private static TreeModel Gam(GamRegressionModelParameters model)
    {
        var inputOf = Private<int[]>(model, "_shapeToInputMap");
        var allBounds = Private<double[][]>(model, "_binUpperBounds");
        var allEffects = Private<double[][]>(model, "_binEffects");
        var trees = new List<DecisionTree>();
        for (var shape = 0; shape < inputOf.Length; shape++)
        {
            var (bounds, effects) = (allBounds[shape], allEffects[shape]);
            if (effects.Length == 0) continue;
            var internalNodes = effects.Length - 1;
            // Node i tests bin i's upper bound: left is leaf i, right the next test (the last right is the last leaf).
            trees.Add(new DecisionTree(
                [.. Enumerable.Repeat(inputOf[shape], internalNodes)],
                [.. bounds.Take(internalNodes).Select(FloatAtMost)],
                [.. Enumerable.Range(0, internalNodes).Select(i => ~i)],
                [.. Enumerable.Range(0, internalNodes).Select(i => i + 1 < internalNodes ? i + 1 : ~(i + 1))],
                effects));
        }
        return new TreeModel(trees, model.Bias, LogLink: false);
    }

    /// <summary>The largest float not above <paramref name="bound"/>: for a float x, x ≤ bound exactly when x ≤ it.</summary>
    private static float FloatAtMost(double bound)
    {
        var rounded = (float)bound;
        return rounded > bound ? MathF.BitDecrement(rounded) : rounded;
    }

    /// <summary>
    /// GAM keeps shape functions only for the features it used, and ML.NET's public accessors cannot reach every
    /// feature, so the shape functions are read from the model's own fields (tested against the pinned ML.NET version).
    /// </summary>
    private static T Private<T>(GamRegressionModelParameters model, string field) where T : class =>
        typeof(GamModelParametersBase).GetField(field, BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(model) as T
        ?? throw new NotSupportedException($"this ML.NET version hides GAM's {field}");
}
