using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using MlPipeline.Preprocessing;

using MlPipeline.Data;

namespace MlPipeline.Onnx.Converters;

/// <summary>
/// FastTree, FastTreeTweedie, FastForest and LightGbm regressors → tree ensembles: leaf value × tree weight, the
/// ensemble's bias; FastForest averages its trees; Tweedie predicts through <c>Exp</c>.
/// </summary>
internal sealed class TreeEnsembleConverter : IOnnxConverter
{
    public void Convert(OnnxConversionContext context, object fitted, PreprocessingStep? step)
    {
        var (trees, weights, bias, scale) = fitted switch
        {
            FastTreeRegressionModelParameters m => Parts(m.TrainedTreeEnsemble.Trees, m.TrainedTreeEnsemble.TreeWeights, m.TrainedTreeEnsemble.Bias, 1.0),
            FastTreeTweedieModelParameters m => Parts(m.TrainedTreeEnsemble.Trees, m.TrainedTreeEnsemble.TreeWeights, m.TrainedTreeEnsemble.Bias, 1.0),
            FastForestRegressionModelParameters m => Parts(m.TrainedTreeEnsemble.Trees, m.TrainedTreeEnsemble.TreeWeights, m.TrainedTreeEnsemble.Bias,
                1.0 / Math.Max(1, m.TrainedTreeEnsemble.Trees.Count)),
            LightGbmRegressionModelParameters m => Parts(m.TrainedTreeEnsemble.Trees, m.TrainedTreeEnsemble.TreeWeights, m.TrainedTreeEnsemble.Bias, 1.0),
            _ => throw new OnnxConversionException($"no tree converter for {fitted.GetType().Name}"),
        };
        if (trees.Any(t => t.CategoricalSplitFlags.Any(f => f)))
        {
            throw new OnnxConversionException($"{fitted.GetType().Name} uses categorical splits, which do not export; train with them off");
        }
        var converted = trees.Select((tree, i) => new TreeEnsembleWriter.Tree(
            [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds], [.. tree.LeftChild], [.. tree.RightChild],
            [.. tree.LeafValues.Select(v => v * weights[i] * scale)])).ToList();
        var features = context.Column(ColumnNames.Features);
        var score = TreeEnsembleWriter.Write(context, features.Name, converted, bias * scale);
        if (fitted is FastTreeTweedieModelParameters) score = context.Graph.AddNode("Exp", [score]);
        context.Set(ColumnNames.Score, score, 1);
    }

    private static (IReadOnlyList<RegressionTreeBase> Trees, IReadOnlyList<double> Weights, double Bias, double Scale) Parts<T>(
        IReadOnlyList<T> trees, IReadOnlyList<double> weights, double bias, double scale) where T : RegressionTreeBase =>
        ([.. trees], weights, bias, scale);
}
