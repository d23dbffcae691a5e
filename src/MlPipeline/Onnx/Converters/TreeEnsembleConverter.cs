using Microsoft.ML.Trainers.FastTree;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// FastTree, FastTreeTweedie, FastForest and LightGbm regressors → tree ensembles: leaf value × tree weight, the
/// ensemble's bias; <paramref name="averageTrees"/> divides by the tree count (FastForest), <paramref name="exponentiate"/>
/// predicts through <c>Exp</c> (Tweedie's log link).
/// </summary>
internal sealed class TreeEnsembleConverter<TModel>(bool averageTrees = false, bool exponentiate = false) : RegressorConverter<TModel>
    where TModel : TreeEnsembleModelParameters
{
    protected override string Convert(OnnxConversionContext context, TModel model, (string Name, long Width) features)
    {
        var (trees, weights, bias) = model switch
        {
            // ML.NET's two public bases differ only in the tree type of their TrainedTreeEnsemble.
            TreeEnsembleModelParametersBasedOnRegressionTree m => Parts(m.TrainedTreeEnsemble),
            TreeEnsembleModelParametersBasedOnQuantileRegressionTree m => Parts(m.TrainedTreeEnsemble),
            _ => throw new OnnxConversionException($"{model.GetType().Name} exposes no trained trees"),
        };
        if (trees.Any(t => t.CategoricalSplitFlags.Any(f => f)))
        {
            throw new OnnxConversionException($"{model.GetType().Name} uses categorical splits, which do not export; train with them off");
        }
        var scale = averageTrees ? 1.0 / Math.Max(1, trees.Count) : 1.0;
        var converted = trees.Select((tree, i) => new TreeEnsembleWriter.Tree(
            [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds], [.. tree.LeftChild], [.. tree.RightChild],
            [.. tree.LeafValues.Select(v => v * weights[i] * scale)])).ToList();
        var score = TreeEnsembleWriter.Write(context, features.Name, converted, bias * scale);
        return exponentiate ? context.Graph.AddNode("Exp", [score]) : score;
    }

    private static (IReadOnlyList<RegressionTreeBase> Trees, IReadOnlyList<double> Weights, double Bias) Parts<TTree>(TreeEnsemble<TTree> ensemble)
        where TTree : RegressionTreeBase => (ensemble.Trees, ensemble.TreeWeights, ensemble.Bias);
}
